// Creating a run of a function for its event(s): idempotency and rateLimit may skip it, singleton may
// skip it or cancel the active run of its key, and concurrency, throttle and priority keys are evaluated
// once here (on the first event, which for a batch is the batch's first event).
import { monotonicFactory } from "@/lib/ids/ulid";
import type { ExecutorRun } from "@/lib/generated/prisma/client";
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";
import { parseDurationMs } from "@/inngest/executor/duration";
import { evaluateKey, evaluateNumber } from "@/inngest/executor/expressions";
import { concurrencyList, PRIORITY_LIMIT_S } from "@/inngest/executor/function-config";
import type { SyncedFunction } from "@/inngest/executor/function-registry";
import { cancelRun, enqueue, enqueueMany, json, lockRun, type EnqueueInput } from "@/inngest/executor/run-state";

// Monotonic: ids created in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

export type StoredEvent = {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user: Record<string, unknown>;
  v?: string | undefined;
};

export type RunOrigin = { parentRunId: string; parentStepId: string };

/** The priority factor of a run in whole seconds, clamped like Inngest's. */
export function priorityOf(fn: SyncedFunction, event: StoredEvent): number {
  const expr = fn.config.priority?.run;
  if (!expr) return 0;
  const n = Math.trunc(evaluateNumber(expr, { event }));
  return Math.max(-PRIORITY_LIMIT_S, Math.min(PRIORITY_LIMIT_S, n));
}

function concurrencyOf(fn: SyncedFunction, event: StoredEvent): { key: string; limit: number }[] {
  return concurrencyList(fn.config).map((c) => {
    const value = c.key ? evaluateKey(c.key, { event }) : "";
    const prefix = !c.scope || c.scope === "fn" ? `fn:${fn.id}` : "env";
    return { key: `${prefix}:${c.key ?? ""}=${value}`, limit: c.limit };
  });
}

/**
 * Starts one run of `fn` per entry of `batches` (each one event, or a batch), in order. Without
 * idempotency, rateLimit or singleton no run's decision depends on another's, so all of them are
 * inserted by one statement and their start calls queued by another; otherwise one at a time (createRun).
 */
export async function createRuns(
  tx: Tx,
  ctx: ExecutorContext,
  fn: SyncedFunction,
  batches: [StoredEvent, ...StoredEvent[]][],
): Promise<void> {
  const cfg = fn.config;
  if (batches.length === 0) return;
  if (batches.length === 1 || cfg.idempotency || cfg.rateLimit || cfg.singleton) {
    for (const events of batches) await createRun(tx, ctx, fn, events);
    return;
  }
  const now = ctx.clock();
  const { rows, items } = newRuns(fn, batches, now);
  await tx.$executeRawUnsafe(INSERT_RUNS, fn.id, fn.maxAttempts, new Date(now), JSON.stringify(rows));
  await enqueueMany(tx, ctx, items);
}

/**
 * Inserts runs described by newRuns() ($1 function id, $2 max attempts, $3 created at, $4 the rows as
 * JSON). Also run on plain SQL by the ingest fast path (ingest-fast-path.ts).
 */
export const INSERT_RUNS = `
INSERT INTO executor_runs (id, function_id, status, event_id, event_name, event, events, max_attempts, concurrency, throttle_key, priority, created_at)
SELECT r->>'id', $1, 'queued', r->>'event_id', r->>'event_name', r->'event', r->'events', $2::int,
  r->'concurrency', r->>'throttle_key', (r->>'priority')::int, $3::timestamptz
FROM jsonb_array_elements($4::jsonb) AS r`;

/**
 * The rows of runs of `fn` for `batches` and their start items, for a function without idempotency,
 * rateLimit or singleton (no run's decision depends on another's).
 */
export function newRuns(
  fn: SyncedFunction,
  batches: [StoredEvent, ...StoredEvent[]][],
  now: number,
): { rows: Record<string, unknown>[]; items: EnqueueInput[] } {
  const cfg = fn.config;
  const rows: Record<string, unknown>[] = [];
  const items: EnqueueInput[] = [];
  for (const events of batches) {
    const event = events[0];
    const id = ulid(now);
    const concurrency = concurrencyOf(fn, event);
    const priority = priorityOf(fn, event);
    rows.push({
      id,
      event_id: event.id,
      event_name: event.name,
      event,
      events,
      concurrency,
      throttle_key: cfg.throttle ? `${fn.id}:${cfg.throttle.key ? evaluateKey(cfg.throttle.key, { event }) : ""}` : null,
      priority,
    });
    items.push(startItem(fn, id, now, priority, concurrency));
  }
  return { rows, items };
}

/** The queue item that makes a new run's first call. */
function startItem(fn: SyncedFunction, runId: string, now: number, priority: number, concurrency: { key: string }[]): EnqueueInput {
  return {
    key: `${runId}:start`,
    kind: "call",
    runId,
    functionId: fn.id,
    stepId: "step",
    // A negative priority delays the run's start by that many seconds (Inngest: "delays the run's jobs").
    dueAt: now + Math.max(0, -priority) * 1000,
    concurrencyKeys: concurrency.map((c) => c.key),
    priority,
  };
}

/** Starts a run of `fn` for `events` (one, or a batch) unless idempotency, rateLimit or singleton skips it. */
export async function createRun(
  tx: Tx,
  ctx: ExecutorContext,
  fn: SyncedFunction,
  events: [StoredEvent, ...StoredEvent[]],
  origin?: RunOrigin,
): Promise<ExecutorRun> {
  const event = events[0];
  const now = ctx.clock();
  const id = ulid(now);
  const scope = { event };
  const cfg = fn.config;
  let skipReason: string | undefined;

  const idempotencyKey = cfg.idempotency ? `${fn.id}:${evaluateKey(cfg.idempotency, scope)}` : null;
  const rateLimitKey = cfg.rateLimit ? `${fn.id}:${cfg.rateLimit.key ? evaluateKey(cfg.rateLimit.key, scope) : ""}` : null;
  const singletonKey = cfg.singleton ? `${fn.id}:${cfg.singleton.key ? evaluateKey(cfg.singleton.key, scope) : ""}` : null;
  // Serialise decisions on the same key across concurrent ingests (and instances on PostgreSQL).
  for (const key of [idempotencyKey, rateLimitKey, singletonKey]) {
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
  if (!skipReason && singletonKey && cfg.singleton) {
    const active = await tx.executorRun.findMany({
      where: { singletonKey, status: { in: ["queued", "running"] } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    if (active.length > 0 && cfg.singleton.mode === "skip") {
      skipReason = `singleton: run ${active[0]?.id ?? ""} with key ${singletonKey} is still active`;
    } else if (cfg.singleton.mode === "cancel") {
      for (const a of active) {
        const run = await lockRun(tx, a.id);
        if (run) await cancelRun(tx, ctx, run, `singleton: replaced by run ${id} for event ${event.name} (${event.id})`);
      }
    }
  }
  const concurrency = concurrencyOf(fn, event);
  const throttleKey = cfg.throttle ? `${fn.id}:${cfg.throttle.key ? evaluateKey(cfg.throttle.key, scope) : ""}` : null;
  const priority = priorityOf(fn, event);

  const run = await tx.executorRun.create({
    data: {
      id,
      functionId: fn.id,
      status: skipReason ? "skipped" : "queued",
      eventId: event.id,
      eventName: event.name,
      event: json(event),
      events: json(events),
      maxAttempts: fn.maxAttempts,
      concurrency: json(concurrency),
      throttleKey,
      rateLimitKey,
      idempotencyKey,
      singletonKey,
      priority,
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
  await enqueue(tx, ctx, startItem(fn, id, now, priority, concurrency));
  return run;
}
