// One event per stored delivery, its id the inbox row's id (a replay adds "~replay-<n>"), so sending it
// twice (the sweeper after a crash, a second receiver) starts one run. The job runner is imported lazily
// so lib stays importable without it.
import { db } from "@/lib/db/client";
import { loadJobModules, type JobModules } from "@/lib/jobs/job-modules";
import { getDriver } from "@/lib/db/driver";
import { foregroundGap, MAX_DEFER_MS } from "@/lib/jobs/foreground";
import type { JoinedIngest } from "@/inngest/executor/ingest-fast-path";

export type DeliveryEvent = { deliveryId: string; connectionId: string; workspaceId: string; eventId?: string };

/**
 * Makes the events of deliveries part of the statement that stores them (the embedded job runner's
 * common ingest, so deliveries and events commit in one statement: JoinedIngest); get it before the
 * statement. Null with Inngest; the function answers null when the events cannot go that way: send them
 * after commit.
 */
export async function deliveryEventJoiner(): Promise<((items: readonly DeliveryEvent[]) => Promise<JoinedIngest | null>) | null> {
  const { joinedEventIngester, webhookReceived } = await loadJobModules();
  const join = await joinedEventIngester();
  if (!join) return null;
  return (items) => join(items.map((i) => deliveryEvent(webhookReceived, i)));
}

/** The event of a stored delivery; its id is the delivery's unless the caller gives another. */
function deliveryEvent(webhookReceived: JobModules["webhookReceived"], i: DeliveryEvent) {
  return webhookReceived.create(
    { deliveryId: i.deliveryId, connectionId: i.connectionId, workspaceId: i.workspaceId },
    { id: i.eventId ?? i.deliveryId },
  );
}

async function sendNow(items: readonly DeliveryEvent[]): Promise<void> {
  const { sendEvents, webhookReceived } = await loadJobModules();
  await sendEvents(items.map((i) => deliveryEvent(webhookReceived, i)));
}

/** Most events one send carries. */
const MAX_GROUP = 200;
/**
 * A group of events for one send. A group made by an `afterGap` send waits for a gap in webhook requests
 * first (foregroundGap), until an event joins that may not wait (`hurry`).
 */
type Group = { items: DeliveryEvent[]; done: Promise<void>; hurry: () => void };
/** the group still taking events (it starts when the send before it is done) */
let open: Group | null = null;
let previous: Promise<unknown> = Promise.resolve();

/**
 * Whether the receiver's events wait until after the answers: where the database runs on this thread
 * (PGlite), every statement's work delays the next answer. Elsewhere they go with the store statement
 * (lib/webhooks/store-delivery.ts) or at once.
 */
export function eventsAfterAnswers(): boolean {
  return getDriver().kind === "pglite";
}

/** How long without a webhook request lets a waiting send go: a send is a few ms, far less than a function call. */
export const SEND_QUIET_MS = 20;

/** Resolves at a gap in webhook requests, or at once when `hurried` resolves first; call what it gives when done. */
async function gapOrHurry(hurried: Promise<void>): Promise<() => void> {
  const gap = foregroundGap(MAX_DEFER_MS, SEND_QUIET_MS);
  const first = await Promise.race([gap, hurried.then(() => null)]);
  if (first) return first;
  void gap.then((release) => release()); // its turn, once it comes, is not needed any more
  return () => undefined;
}

/**
 * Sends the events; resolves once the job runner has them. Group commit: while one send is in flight,
 * the events of concurrent deliveries gather and go in the next send, so a burst costs a few sends
 * (one transaction each in the embedded runner), not one per delivery. `afterGap`: this send may wait
 * for a gap in webhook requests (the receiver's events on PGlite, see sendAfterAck).
 */
export function sendDeliveryEvents(items: readonly DeliveryEvent[], opts: { afterGap?: boolean } = {}): Promise<void> {
  if (items.length === 0) return Promise.resolve();
  const afterGap = opts.afterGap === true;
  if (open && open.items.length + items.length <= MAX_GROUP) {
    open.items.push(...items);
    if (!afterGap) open.hurry();
    return open.done;
  }
  let hurry = () => undefined as void;
  const hurried = new Promise<void>((r) => (hurry = r));
  const group: Group = { items: [...items], done: Promise.resolve(), hurry };
  group.done = previous.then(async () => {
    const release = afterGap ? await gapOrHurry(hurried) : () => undefined;
    if (open === group) open = null;
    try {
      await sendNow(group.items);
    } finally {
      release();
    }
  });
  open = group;
  previous = group.done.catch(() => undefined);
  return group.done;
}

/** Most receiver events waiting for the job runner before a delivery's answer waits for its own (backpressure). */
export const MAX_QUEUED_AFTER_ACK = 50_000;
let queuedAfterAck = 0;

/**
 * The receiver's send: the delivery is already stored, so its answer does not wait for the job runner.
 * The events join the next group (which grows while the send before it runs, so a burst costs few
 * sends); a failed send is logged and left to the sweeper, which re-sends a stored delivery still
 * waiting after a minute, as after a crash between storing and sending. Resolves at once, unless
 * more than MAX_QUEUED_AFTER_ACK events are already waiting: then once these are sent, without waiting
 * for a gap.
 * On PGlite (the database on this thread) the send also waits for a gap in webhook requests, as the
 * embedded runner's function calls do (lib/jobs/foreground.ts): under a burst the answers go first and
 * the events of many deliveries go in one send of up to MAX_GROUP, at most MAX_DEFER_MS later.
 */
export async function sendAfterAck(items: readonly DeliveryEvent[]): Promise<void> {
  if (items.length === 0) return;
  const wait = queuedAfterAck >= MAX_QUEUED_AFTER_ACK;
  queuedAfterAck += items.length;
  const afterGap = !wait && eventsAfterAnswers();
  const sent = sendDeliveryEvents(items, { afterGap }).finally(() => (queuedAfterAck -= items.length));
  if (wait) return sent;
  sent.catch((err: unknown) =>
    console.warn(
      `[switchboard] ${items.length} webhook delivery event(s) not sent yet; the sweeper will retry:`,
      err instanceof Error ? err.message : err,
    ),
  );
}

/** Resolves when every event queued so far has been sent or has failed (tests, shutdown). */
export function deliveryEventsSettled(): Promise<void> {
  return previous.then(() => undefined);
}

/** How often one stuck delivery is sent again by the sweeper. */
export const SWEEP_RESEND_EVERY_MS = 10 * 60_000;

/**
 * Stored deliveries still waiting after `olderThanMs`: send their event again. The event id is the
 * delivery's with a "~sweep-<window>" suffix, not the original one: a job runner that already accepted
 * the original id (but never ran it: its functions were not synced yet, the run was lost) would take a
 * re-send under the same id as a duplicate and drop it, leaving the delivery unprocessed for good. A
 * delivery applied meanwhile is not applied twice (processDeliveries only takes received/processing rows,
 * one run per connection at a time), and one window sends each stuck delivery at most once.
 */
export async function sweepUnsentDeliveries(now = new Date(), olderThanMs = 60_000): Promise<number> {
  const rows = await db.webhookDelivery.findMany({
    where: {
      status: "received",
      receivedAt: { lt: new Date(now.getTime() - olderThanMs), gt: new Date(now.getTime() - 7 * 24 * 3600_000) },
    },
    select: { id: true, connectionId: true, workspaceId: true, replayCount: true },
    orderBy: { receivedAt: "asc" },
    take: 500,
  });
  const window = Math.floor(now.getTime() / SWEEP_RESEND_EVERY_MS);
  await sendDeliveryEvents(
    rows.map((r) => ({
      deliveryId: r.id,
      connectionId: r.connectionId,
      workspaceId: r.workspaceId,
      eventId: `${r.replayCount > 0 ? `${r.id}~replay-${r.replayCount}` : r.id}~sweep-${window}`,
    })),
  );
  return rows.length;
}
