// The Event API's core: store each event (de-duplicated by id for 24 h), cancel runs it cancels
// (cancelOn), resume runs waiting for it (waitForEvent), and start a run of every function it triggers
// (name, wildcard, `if` expression), through batchEvents or debounce when the function declares one.
import { monotonicFactory } from "@/lib/ids/ulid";
import { z } from "zod";
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";
import type { StoredEvent } from "@/inngest/executor/create-run";
import { matches } from "@/inngest/executor/expressions";
import { parseDurationMs } from "@/inngest/executor/duration";
import { triggerRuns } from "@/inngest/executor/flow-buffers";
import { syncedFunctions, type SyncedFunction } from "@/inngest/executor/function-registry";
import { cancelRun, completeStep, isTerminal, lockRun, type EmitEvents } from "@/inngest/executor/run-state";

// Monotonic: ids created in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

export const DEDUPE_WINDOW_MS = 24 * 3_600_000;

export const incomingEventSchema = z
  .object({
    name: z.string().min(1),
    data: z.record(z.string(), z.unknown()).optional(),
    id: z.string().min(1).optional(),
    ts: z.number().optional(),
    user: z.record(z.string(), z.unknown()).optional(),
    v: z.string().optional(),
  })
  .loose();

export type IncomingEvent = z.input<typeof incomingEventSchema>;

export function nameMatches(pattern: string, name: string): boolean {
  return pattern === name || (pattern.endsWith("*") && name.startsWith(pattern.slice(0, -1)));
}

/** An incoming event as it is stored and sent to functions (an id and ts given when it has none). */
export function prepareEvent(ctx: ExecutorContext, raw: IncomingEvent): StoredEvent {
  const parsed = incomingEventSchema.parse(raw);
  const now = ctx.clock();
  return {
    ...parsed,
    id: parsed.id ?? ulid(now),
    name: parsed.name,
    data: parsed.data ?? {},
    ts: parsed.ts ?? now,
    user: parsed.user ?? {},
  };
}

/** Stores and routes events; returns their ids (a duplicate id is accepted and not routed again). */
export async function ingestEvents(tx: Tx, ctx: ExecutorContext, events: IncomingEvent[]): Promise<string[]> {
  const prepared = events.map((raw) => prepareEvent(ctx, raw));
  await ingestPrepared(tx, ctx, prepared);
  return prepared.map((e) => e.id);
}

/**
 * Stores and routes prepared events, in arrival order, with the outcome of ingesting them one at a time
 * but a statement count that does not grow with the events: one insert for all of them, one query for
 * the waits on their names, one buffer append per batch or debounce key, runs created in bulk. An event
 * that cancels runs (cancelOn) starts a new round, so it also cancels runs started by earlier events.
 */
export async function ingestPrepared(tx: Tx, ctx: ExecutorContext, events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const fns = await syncedFunctions(tx);
  const now = ctx.clock();
  const unique = uniqueEvents(ctx, events);
  const stored = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO executor_events (id, name, payload, received_at)
    SELECT e->>'id', e->>'name', e, ${new Date(now)} FROM jsonb_array_elements(${JSON.stringify([...unique.values()])}::jsonb) AS e
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, payload = EXCLUDED.payload, received_at = EXCLUDED.received_at
      WHERE executor_events.received_at < ${new Date(now - DEDUPE_WINDOW_MS)}
    RETURNING id`;
  const storedIds = new Set(stored.map((r) => r.id));
  const routed: StoredEvent[] = [];
  for (const event of unique.values()) {
    if (storedIds.has(event.id)) routed.push(event);
    else ctx.log.info(`event ${event.name} ${event.id} is a duplicate within 24 h; not routed again`);
  }
  const cancels = (event: StoredEvent) => cancelsRuns(fns, event);
  let round: StoredEvent[] = [];
  for (const event of routed) {
    if (round.length > 0 && cancels(event)) {
      await routeRound(tx, ctx, fns, round);
      round = [];
    }
    round.push(event);
  }
  await routeRound(tx, ctx, fns, round);
}

/** Events of which only the first may cancel runs: its cancellations, then the waits they resume, then the runs they trigger. */
async function routeRound(tx: Tx, ctx: ExecutorContext, fns: Map<string, SyncedFunction>, events: StoredEvent[]): Promise<void> {
  const [first] = events;
  if (!first) return;
  await applyCancellations(tx, ctx, fns, first);
  await resumeWaits(tx, ctx, events);
  for (const fn of fns.values()) {
    const triggering = eventsTriggering(fn, events);
    if (triggering.length > 0) await triggerRuns(tx, ctx, fn, triggering);
  }
}

/** The first of several events with the same id is the one stored; the others are duplicates. */
export function uniqueEvents(ctx: ExecutorContext, events: StoredEvent[]): Map<string, StoredEvent> {
  const unique = new Map<string, StoredEvent>();
  for (const event of events) {
    if (unique.has(event.id)) ctx.log.info(`event ${event.name} ${event.id} is a duplicate within 24 h; not routed again`);
    else unique.set(event.id, event);
  }
  return unique;
}

/** Whether the event cancels runs of some function (cancelOn). */
export function cancelsRuns(fns: Map<string, SyncedFunction>, event: StoredEvent): boolean {
  return [...fns.values()].some((fn) => (fn.config.cancel ?? []).some((c) => nameMatches(c.event, event.name)));
}

/** The events (in order) that trigger `fn`: name or wildcard, and its `if` expression. */
export function eventsTriggering(fn: SyncedFunction, events: StoredEvent[]): StoredEvent[] {
  return events.filter((event) =>
    fn.config.triggers.some((t) => "event" in t && nameMatches(t.event, event.name) && matches(t.expression, { event })),
  );
}

async function applyCancellations(tx: Tx, ctx: ExecutorContext, fns: Map<string, SyncedFunction>, event: StoredEvent): Promise<void> {
  for (const fn of fns.values()) {
    for (const c of fn.config.cancel ?? []) {
      if (!nameMatches(c.event, event.name)) continue;
      const since = c.timeout ? new Date(ctx.clock() - parseDurationMs(c.timeout)) : undefined;
      const candidates = await tx.executorRun.findMany({
        where: { functionId: fn.id, status: { in: ["queued", "running"] }, ...(since ? { createdAt: { gte: since } } : {}) },
        select: { id: true, event: true },
      });
      for (const cand of candidates) {
        if (!matches(c.if, { event: cand.event, async: event })) continue;
        const run = await lockRun(tx, cand.id);
        if (run && !isTerminal(run.status)) await cancelRun(tx, ctx, run, `cancelled by event ${event.name} (${event.id})`);
      }
    }
  }
}

type WaitRow = { id: string; run_id: string; step_id: string; event_name: string; expression: string | null };

/** Resumes the waits the events match: one query for all their names; a wait is resumed by the first event that matches it. */
async function resumeWaits(tx: Tx, ctx: ExecutorContext, events: StoredEvent[]): Promise<void> {
  const names = [...new Set(events.map((e) => e.name))];
  const waits = await tx.$queryRaw<WaitRow[]>`
    SELECT id, run_id, step_id, event_name, expression FROM executor_waits
    WHERE event_name = ANY(${names}::text[]) AND expires_at > ${new Date(ctx.clock())}
    ORDER BY expires_at ASC`;
  if (waits.length === 0) return;
  const resumed = new Set<string>();
  for (const event of events) {
    for (const w of waits) {
      if (w.event_name !== event.name || resumed.has(w.id)) continue;
      const run = await lockRun(tx, w.run_id);
      if (!run || isTerminal(run.status)) continue;
      // Only events that arrive after the pause exists can resume it (as on Inngest).
      if (!matches(w.expression, { event: run.event, async: event })) continue;
      resumed.add(w.id);
      const removed = await tx.executorWait.deleteMany({ where: { id: w.id } });
      if (removed.count === 0) continue;
      await tx.executorQueueItem.deleteMany({ where: { key: `${run.id}:wait:${w.step_id}` } });
      await completeStep(tx, ctx, run, w.step_id, event, { op: "WaitForEvent", status: "completed" });
    }
  }
}

/** The emitter state transitions take (finishRun's onFailure event): ingest inside the same transaction. */
export function emitterFor(ctx: ExecutorContext): EmitEvents {
  return (tx, events) => ingestEvents(tx, ctx, events);
}
