// The common ingest on plain SQL: events that cancel nothing, resume no wait and are batched (a burst of
// webhook deliveries, each batched per connection). One prepared statement stores the events and looks
// for waits; per batch key, one appends to the open batch while it has room. A batch the events fill
// becomes its runs (one statement for the runs, one for their start items) and what is left opens the
// next batch with its flush item, as appendToBatch does: a few round trips, no Prisma. Everything else —
// a run to start unbatched, a debounce, a wait to resume, a cancellation, idempotency, rateLimit or
// singleton, an id already stored — is ingestPrepared's: the fast path rolls back and says so, and the
// caller runs ingestPrepared instead, with the same outcome.
// No advisory lock: the append and the take (DELETE ... RETURNING) lock the buffer's row and see its
// newest version; opening a buffer is an INSERT that does nothing when another transaction opened one
// (the unique (function_id, key)). A buffer this statement's snapshot cannot see, or one opened
// meanwhile, sends the group the full way, which takes the buffer's advisory lock.
// A caller may also make the store and the append part of its own statement (JoinedIngest: the webhook
// receiver's store of a group of deliveries); what found no room is routed right after it.
import type { ExecutorContext } from "@/inngest/executor/executor-context";
import { INSERT_RUNS, newRuns, type StoredEvent } from "@/inngest/executor/create-run";
import { sqlTransaction, type Sql } from "@/inngest/executor/sql-client";
import { INSERT_QUEUE_ROWS, queueRows, type EnqueueInput } from "@/inngest/executor/run-state";
import { parseDurationMs } from "@/inngest/executor/duration";
import { monotonicFactory } from "@/lib/ids/ulid";
import { syncedFunctions, type SyncedFunction } from "@/inngest/executor/function-registry";
import { cancelsRuns, DEDUPE_WINDOW_MS, eventsTriggering } from "@/inngest/executor/ingest-events";
import { evaluateKey, matches } from "@/inngest/executor/expressions";
import { flushKey, inKeyOrder, triggerRuns } from "@/inngest/executor/flow-buffers";
import { db } from "@/lib/db/client";

const APPEND_TO_BATCH = `
UPDATE executor_buffers SET events = events || $3::jsonb, size = size + $4
WHERE function_id = $1 AND key = $2 AND kind = 'batch' AND size + $4 < $5
RETURNING id`;

// The open batch the events fill, taken with its flush item (unless a worker holds that already)
const TAKE_BATCH = `
WITH b AS (
  DELETE FROM executor_buffers WHERE function_id = $1 AND key = $2 AND kind = 'batch' AND size + $3 >= $4 RETURNING id, events
), f AS (
  DELETE FROM executor_queue WHERE key IN (SELECT $5 || id FROM b) AND leased_until IS NULL
)
SELECT id, events FROM b`;

const OPEN_BATCH = `
INSERT INTO executor_buffers (id, function_id, kind, key, events, size, first_at, due_at)
VALUES ($1, $2, 'batch', $3, $4::jsonb, $5, $6, $7)
ON CONFLICT (function_id, key) DO NOTHING
RETURNING id`;

const bufferId = monotonicFactory();

class NotTheFastPath extends Error {}

type SyncedFns = Map<string, SyncedFunction>;
type Append = { fn: SyncedFunction; key: string; events: StoredEvent[]; maxSize: number; timeout: string };

/** The batch appends the events make, in the order ingestPrepared makes them; null when they need more. */
function planAppends(fns: SyncedFns, events: StoredEvent[]): Append[] | null {
  if (events.some((e) => cancelsRuns(fns, e))) return null;
  const appends: Append[] = [];
  for (const fn of fns.values()) {
    const triggering = eventsTriggering(fn, events);
    if (triggering.length === 0) continue;
    const batch = fn.config.batchEvents;
    if (!batch || batch.maxSize <= 1) return null;
    // a filled batch starts its runs here: only when no run's start depends on another (createRuns)
    if (fn.config.idempotency || fn.config.rateLimit || fn.config.singleton) return null;
    const byKey = new Map<string, StoredEvent[]>();
    for (const event of triggering) {
      if (!matches(batch.if, { event })) return null;
      const key = batch.key ? evaluateKey(batch.key, { event }) : "";
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    for (const [key, keyed] of inKeyOrder(byKey)) appends.push({ fn, key, events: keyed, maxSize: batch.maxSize, timeout: batch.timeout });
  }
  return appends;
}

/**
 * Stores and routes the events when they take the common shape; false (nothing written) when they do
 * not, and ingestPrepared must.
 */
export async function ingestAppendOnly(ctx: ExecutorContext, events: StoredEvent[]): Promise<boolean> {
  if (events.length === 0) return true;
  const plan = planFor(await syncedFunctions(), events);
  if (!plan) return false;
  try {
    const queued = await sqlTransaction((q) => ingestPlanned(q, ctx, events, plan));
    if (queued) ctx.wake();
    return true;
  } catch (err) {
    if (err instanceof NotTheFastPath) return false;
    throw err;
  }
}

/** What a joined ingest's columns read back (every row of the caller's statement carries them). */
export type JoinedIngestSummary = { ingest_waits: boolean; ingest_stored: string[] | null; ingest_appended: [string, string][] };

/**
 * The common ingest as part of the caller's own statement (the webhook receiver stores a group of
 * deliveries and their events in one autocommit statement): `ctes(n)` are common table expressions,
 * parameters $n onwards (`params`), that store the events whose ids are in the caller's relation
 * `accepted_events(id)` — none when a wait is on their name — and append them to the open batches that
 * have room; `columns` reads back what they did. Once the statement has committed, `finish` routes what
 * found no room (a batch filled or none open: its runs, the next batch) and answers whether the events
 * are in; false when a wait held them back (nothing stored): send them the full way (sendEvents).
 * Between the two, the events are stored and not yet routed: a crash there is what the webhook sweeper
 * re-sends stuck deliveries for.
 */
export type JoinedIngest = {
  ctes: (first: number) => string;
  params: unknown[];
  columns: string;
  finish: (acceptedIds: ReadonlySet<string>, summary: JoinedIngestSummary) => Promise<boolean>;
};

/**
 * The joined ingest's statement text from parameter $p on (see JoinedIngest). The buffers appended to
 * are locked first, in key order (el), as appendToBatch takes them: two transactions appending to the
 * same keys cannot deadlock.
 */
function joinedCtes(p: number): string {
  const $ = (k: number) => `$${p + k}`;
  return `, ev AS (
  SELECT e.value AS payload, e.value->>'id' AS id, e.ord FROM jsonb_array_elements(${$(0)}::jsonb) WITH ORDINALITY AS e(value, ord)
  WHERE e.value->>'id' IN (SELECT id FROM accepted_events)
), ew AS (
  SELECT EXISTS (SELECT 1 FROM executor_waits WHERE event_name = ANY(${$(1)}::text[]) AND expires_at > ${$(2)}) AS found
), ei AS (
  INSERT INTO executor_events (id, name, payload, received_at)
  SELECT id, payload->>'name', payload, ${$(2)} FROM ev WHERE NOT (SELECT found FROM ew)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, payload = EXCLUDED.payload, received_at = EXCLUDED.received_at
    WHERE executor_events.received_at < ${$(3)}
  RETURNING id
), ea AS (
  SELECT a.fn, a.key, a.max, jsonb_agg(ev.payload ORDER BY ev.ord) AS events, count(*)::int AS n
  FROM jsonb_to_recordset(${$(4)}::jsonb) AS a(fn text, key text, max int, ids jsonb)
    CROSS JOIN LATERAL jsonb_array_elements_text(a.ids) AS t(id) JOIN ev ON ev.id = t.id
  WHERE ev.id IN (SELECT id FROM ei)
  GROUP BY a.fn, a.key, a.max
), el AS (
  SELECT b.id, ea.events, ea.n FROM executor_buffers b JOIN ea ON b.function_id = ea.fn AND b.key = ea.key
  WHERE b.kind = 'batch' AND b.size + ea.n < ea.max
  ORDER BY b.function_id, b.key FOR UPDATE OF b
), eu AS (
  UPDATE executor_buffers b SET events = b.events || el.events, size = b.size + el.n
  FROM el WHERE b.id = el.id
  RETURNING b.function_id, b.key
)`;
}

/** The joined ingest's parameters, in the order joinedCtes numbers them. */
function joinedParams(now: number, events: StoredEvent[], plan: Append[]): unknown[] {
  return [
    JSON.stringify(events),
    [...new Set(events.map((e) => e.name))],
    new Date(now),
    new Date(now - DEDUPE_WINDOW_MS),
    JSON.stringify(plan.map((a) => ({ fn: a.fn.id, key: a.key, max: a.maxSize, ids: a.events.map((e) => e.id) }))),
  ];
}

/** The appends the statement could not make: their batch had no room for them, or none was open. */
function notAppended(plan: Append[], summary: JoinedIngestSummary): Append[] {
  const appended = new Set(summary.ingest_appended.map(([fn, key]) => `${fn}\u0000${key}`));
  return plan.filter((a) => !appended.has(`${a.fn.id}\u0000${a.key}`));
}

const JOINED_COLUMNS = `(SELECT found FROM ew) AS ingest_waits, (SELECT array_agg(id) FROM ei) AS ingest_stored,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(function_id, key)), '[]'::jsonb) FROM eu) AS ingest_appended`;

/**
 * Prepares joined ingests (see JoinedIngest) for a caller's statements. Made before the caller's
 * statement: the synced functions are read here. Null for events that do not take the common shape
 * (nothing is written for them: send them after the caller's commit).
 */
export async function joinedIngester(ctx: ExecutorContext): Promise<(events: StoredEvent[]) => JoinedIngest | null> {
  const fns = await syncedFunctions();
  return (events) => {
    if (events.length === 0) return null;
    const plan = planFor(fns, events);
    if (!plan) return null;
    const now = ctx.clock();
    return {
      ctes: joinedCtes,
      params: joinedParams(now, events, plan),
      columns: JOINED_COLUMNS,
      async finish(acceptedIds, summary) {
        if (!events.some((e) => acceptedIds.has(e.id))) return true;
        if (summary.ingest_waits) return false;
        // an accepted event not stored has an id stored within the dedupe window: the full ingest drops it too
        const stored = new Set(summary.ingest_stored ?? []);
        const left = notAppended(plan, summary)
          .map((a) => ({ ...a, events: a.events.filter((e) => stored.has(e.id)) }))
          .filter((a) => a.events.length > 0);
        if (left.length > 0) await routeLeft(ctx, now, left);
        return true;
      },
    };
  };
}

/**
 * Stored events a joined ingest could not append (their batch filled, or none was open): the batches
 * are filled here; when that meets a batch this transaction cannot see or open, the full way under the
 * buffers' locks (triggerRuns), as ingestPrepared routes them.
 */
async function routeLeft(ctx: ExecutorContext, now: number, left: Append[]): Promise<void> {
  let queued = false;
  try {
    queued = await sqlTransaction(async (q) => {
      let any = false;
      for (const a of left) if (await fillBatch(q, now, a)) any = true;
      return any;
    });
  } catch (err) {
    if (!(err instanceof NotTheFastPath)) throw err;
    await db.$transaction(async (tx) => {
      for (const a of left) await triggerRuns(tx, ctx, a.fn, a.events);
    });
    return; // enqueue wakes the workers
  }
  if (queued) ctx.wake();
}

/** planAppends, for events with distinct ids (a repeated id is the full path's). */
function planFor(fns: SyncedFns, events: StoredEvent[]): Append[] | null {
  if (new Set(events.map((e) => e.id)).size !== events.length) return null;
  return planAppends(fns, events);
}

/** Appends the events to the open batch of their key when it has room for them; true when it did. */
async function appendTo(q: Sql, a: Append): Promise<boolean> {
  const res = await q.query(
    APPEND_TO_BATCH,
    [a.fn.id, a.key, JSON.stringify(a.events), a.events.length, a.maxSize],
    "executor_ingest_append_batch",
  );
  return res.affected === 1;
}

// The joined ingest on its own: every event is the caller's
const INGEST_EVENTS = `WITH accepted_events AS (SELECT e->>'id' AS id FROM jsonb_array_elements($1::jsonb) AS e)${joinedCtes(1)}
SELECT ${JOINED_COLUMNS}`;

/** The statements; throws NotTheFastPath when they cannot do it all. True when work was queued (runs, flush items). */
async function ingestPlanned(q: Sql, ctx: ExecutorContext, events: StoredEvent[], appends: Append[]): Promise<boolean> {
  const now = ctx.clock();
  const { rows } = await q.query<JoinedIngestSummary>(INGEST_EVENTS, joinedParams(now, events, appends), "executor_ingest_events");
  const summary = rows[0]!;
  if (summary.ingest_waits || summary.ingest_stored?.length !== events.length) throw new NotTheFastPath();
  let queued = false;
  for (const a of notAppended(appends, summary)) if (await fillBatch(q, now, a)) queued = true;
  return queued;
}

/**
 * The events fill the open batch (or there is none): every maxSize events become a run, the rest opens
 * the next batch. True when it queued work (runs or a flush item).
 */
async function fillBatch(q: Sql, now: number, a: Append): Promise<boolean> {
  const { rows: taken } = await q.query<{ id: string; events: StoredEvent[] }>(
    TAKE_BATCH,
    [a.fn.id, a.key, a.events.length, a.maxSize, flushKey("")],
    "executor_ingest_take_batch",
  );
  // none to fill: another transaction may have filled it and opened the next one since the append
  // before this took its snapshot (PostgreSQL, read committed); a new statement sees that one
  if (taken.length === 0 && (await appendTo(q, a))) return false;
  const all = [...(taken[0]?.events ?? []), ...a.events];
  const full: [StoredEvent, ...StoredEvent[]][] = [];
  while (all.length >= a.maxSize) full.push(all.splice(0, a.maxSize) as [StoredEvent, ...StoredEvent[]]);
  const items: EnqueueInput[] = [];
  if (full.length > 0) {
    const runs = newRuns(a.fn, full, now);
    await q.query(INSERT_RUNS, [a.fn.id, a.fn.maxAttempts, new Date(now), JSON.stringify(runs.rows)], "executor_insert_runs");
    items.push(...runs.items);
  }
  // no batch was full: none is open (or one this transaction cannot append to yet: the full way decides)
  if (all.length > 0) {
    const id = bufferId(now);
    const dueAt = now + parseDurationMs(a.timeout);
    const opened = await q.query(
      OPEN_BATCH,
      [id, a.fn.id, a.key, JSON.stringify(all), all.length, new Date(now), new Date(dueAt)],
      "executor_ingest_open_batch",
    );
    if (opened.affected !== 1) throw new NotTheFastPath();
    items.push({ key: flushKey(id), kind: "flush", functionId: a.fn.id, dueAt, payload: { bufferId: id } });
  }
  if (items.length > 0) await q.query(INSERT_QUEUE_ROWS, [JSON.stringify(queueRows(items)), new Date(now)], "executor_insert_queue_rows");
  return items.length > 0;
}
