// The Event API's core: store each event (de-duplicated by id for 24 h), cancel runs it cancels
// (cancelOn), resume runs waiting for it (waitForEvent), and start a run of every function it triggers
// (name, wildcard, `if` expression), through batchEvents or debounce when the function declares one.
import { monotonicFactory } from "ulid";
import { z } from "zod";
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";
import type { StoredEvent } from "@/inngest/executor/create-run";
import { matches } from "@/inngest/executor/expressions";
import { parseDurationMs } from "@/inngest/executor/duration";
import { triggerRun } from "@/inngest/executor/flow-buffers";
import { syncedFunctions, type SyncedFunction } from "@/inngest/executor/function-registry";
import { cancelRun, completeStep, isTerminal, lockRun, type EmitEvents } from "@/inngest/executor/run-state";

// Monotonic: ids created in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

const DEDUPE_WINDOW_MS = 24 * 3_600_000;

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

/** Stores and routes events; returns their ids (a duplicate id is accepted and not routed again). */
export async function ingestEvents(tx: Tx, ctx: ExecutorContext, events: IncomingEvent[]): Promise<string[]> {
  const fns = await syncedFunctions(tx);
  const ids: string[] = [];
  for (const raw of events) {
    const parsed = incomingEventSchema.parse(raw);
    const now = ctx.clock();
    const event: StoredEvent = {
      ...parsed,
      id: parsed.id ?? ulid(now),
      name: parsed.name,
      data: parsed.data ?? {},
      ts: parsed.ts ?? now,
      user: parsed.user ?? {},
    };
    ids.push(event.id);
    const stored = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO executor_events (id, name, payload, received_at)
      VALUES (${event.id}, ${event.name}, ${JSON.stringify(event)}::jsonb, ${new Date(now)})
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, payload = EXCLUDED.payload, received_at = EXCLUDED.received_at
        WHERE executor_events.received_at < ${new Date(now - DEDUPE_WINDOW_MS)}
      RETURNING id`;
    if (stored.length === 0) {
      ctx.log.info(`event ${event.name} ${event.id} is a duplicate within 24 h; not routed again`);
      continue;
    }
    await applyCancellations(tx, ctx, fns, event);
    await resumeWaits(tx, ctx, event);
    for (const fn of fns.values()) {
      for (const t of fn.config.triggers) {
        if ("event" in t && nameMatches(t.event, event.name) && matches(t.expression, { event })) {
          await triggerRun(tx, ctx, fn, event);
          break;
        }
      }
    }
  }
  return ids;
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

async function resumeWaits(tx: Tx, ctx: ExecutorContext, event: StoredEvent): Promise<void> {
  const waits = await tx.executorWait.findMany({
    where: { eventName: event.name, expiresAt: { gt: new Date(ctx.clock()) } },
    orderBy: { expiresAt: "asc" },
  });
  for (const w of waits) {
    const run = await lockRun(tx, w.runId);
    if (!run || isTerminal(run.status)) continue;
    // Only events that arrive after the pause exists can resume it (as on Inngest).
    if (!matches(w.expression, { event: run.event, async: event })) continue;
    const removed = await tx.executorWait.deleteMany({ where: { id: w.id } });
    if (removed.count === 0) continue;
    await tx.executorQueueItem.deleteMany({ where: { key: `${run.id}:wait:${w.stepId}` } });
    await completeStep(tx, ctx, run, w.stepId, event, { op: "WaitForEvent", status: "completed" });
  }
}

/** The emitter state transitions take (finishRun's onFailure event): ingest inside the same transaction. */
export function emitterFor(ctx: ExecutorContext): EmitEvents {
  return (tx, events) => ingestEvents(tx, ctx, events);
}
