// The Event API's core: store each event (de-duplicated by id for 24 h), cancel runs it cancels
// (cancelOn), resume runs waiting for it (waitForEvent), and start a run of every function it triggers
// (name, wildcard, `if` expression), applying idempotency, rateLimit, concurrency and throttle keys.
import { monotonicFactory } from "ulid";
import { z } from "zod";
import type { ExecutorRun } from "@/lib/generated/prisma/client";
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";
import { evaluateKey, matches } from "@/inngest/executor/expressions";
import { parseDurationMs } from "@/inngest/executor/duration";
import { concurrencyList } from "@/inngest/executor/function-config";
import { syncedFunctions, type SyncedFunction } from "@/inngest/executor/function-registry";
import { cancelRun, completeStep, enqueue, isTerminal, json, lockRun } from "@/inngest/executor/run-state";

// Monotonic: ids created in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

const DEDUPE_WINDOW_MS = 24 * 3_600_000;
const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

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
export type StoredEvent = {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user: Record<string, unknown>;
  v?: string | undefined;
};

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
          await createRun(tx, ctx, fn, event);
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

type RunOrigin = { parentRunId: string; parentStepId: string };

/** Starts a run of `fn` for `event` unless idempotency or a rate limit skips it. */
export async function createRun(
  tx: Tx,
  ctx: ExecutorContext,
  fn: SyncedFunction,
  event: StoredEvent,
  origin?: RunOrigin,
): Promise<ExecutorRun> {
  const now = ctx.clock();
  const id = ulid(now);
  const scope = { event };
  const cfg = fn.config;
  let skipReason: string | undefined;

  const idempotencyKey = cfg.idempotency ? `${fn.id}:${evaluateKey(cfg.idempotency, scope)}` : null;
  const rateLimitKey = cfg.rateLimit ? `${fn.id}:${cfg.rateLimit.key ? evaluateKey(cfg.rateLimit.key, scope) : ""}` : null;
  // Serialise decisions on the same key across concurrent ingests (and instances on PostgreSQL).
  for (const key of [idempotencyKey, rateLimitKey]) {
    if (key) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
  }
  if (idempotencyKey) {
    const prior = await tx.executorRun.count({
      where: { functionId: fn.id, idempotencyKey, status: { not: "skipped" }, createdAt: { gt: new Date(now - IDEMPOTENCY_WINDOW_MS) } },
    });
    if (prior > 0) skipReason = `idempotency: a run with key ${idempotencyKey} started within 24 h`;
  }
  if (!skipReason && rateLimitKey && cfg.rateLimit) {
    const used = await tx.executorRun.count({
      where: { rateLimitKey, status: { not: "skipped" }, createdAt: { gt: new Date(now - parseDurationMs(cfg.rateLimit.period)) } },
    });
    if (used >= cfg.rateLimit.limit)
      skipReason = `rateLimit: ${cfg.rateLimit.limit} per ${cfg.rateLimit.period} reached for key ${rateLimitKey}`;
  }
  const concurrency = concurrencyList(cfg).map((c) => {
    const value = c.key ? evaluateKey(c.key, scope) : "";
    const prefix = !c.scope || c.scope === "fn" ? `fn:${fn.id}` : "env";
    return { key: `${prefix}:${c.key ?? ""}=${value}`, limit: c.limit };
  });
  const throttleKey = cfg.throttle ? `${fn.id}:${cfg.throttle.key ? evaluateKey(cfg.throttle.key, scope) : ""}` : null;

  const run = await tx.executorRun.create({
    data: {
      id,
      functionId: fn.id,
      status: skipReason ? "skipped" : "queued",
      eventId: event.id,
      eventName: event.name,
      event: json(event),
      events: json([event]),
      maxAttempts: fn.maxAttempts,
      concurrency: json(concurrency),
      throttleKey,
      rateLimitKey,
      idempotencyKey,
      skipReason: skipReason ?? null,
      parentRunId: origin?.parentRunId ?? null,
      parentStepId: origin?.parentStepId ?? null,
      createdAt: new Date(now),
      ...(skipReason ? { endedAt: new Date(now) } : {}),
    },
  });
  if (skipReason) {
    ctx.log.info(`run of ${fn.id} for ${event.name} skipped: ${skipReason}`);
    return run;
  }
  await enqueue(tx, ctx, {
    key: `${id}:start`,
    kind: "call",
    runId: id,
    functionId: fn.id,
    stepId: "step",
    dueAt: now,
    concurrencyKeys: concurrency.map((c) => c.key),
  });
  return run;
}
