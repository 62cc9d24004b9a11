// The durable state transitions of a run. Every function here runs inside the caller's transaction,
// after the run row was locked with lockRun(), so that a crash leaves either all of a transition or
// none of it. Transitions that emit events (onFailure's inngest/function.failed) take an emitter from
// the caller, so this module never imports the event ingestion above it.
import { monotonicFactory } from "@/lib/ids/ulid";
import type { ExecutorRun, Prisma } from "@/lib/generated/prisma/client";
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";

export type EmittedEvent = { name: string; data: Record<string, unknown> };
/** Ingests events inside the caller's transaction (wired to ingestEvents by the caller). */
export type EmitEvents = (tx: Tx, events: EmittedEvent[]) => Promise<unknown>;

export type StepMemo = { data: unknown } | { error: unknown } | null | Record<string, unknown>;
export type RunResult = { data: unknown } | { error: unknown };

// Queue item ids only need to be unique; monotonic ULIDs also keep them in creation order.
export const queueId = monotonicFactory();

const TERMINAL = new Set(["completed", "failed", "cancelled", "skipped"]);

export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

export const json = (v: unknown): Prisma.InputJsonValue => v as Prisma.InputJsonValue;

export async function lockRun(tx: Tx, runId: string): Promise<ExecutorRun | null> {
  await tx.$queryRaw`SELECT id FROM executor_runs WHERE id = ${runId} FOR UPDATE`;
  return tx.executorRun.findUnique({ where: { id: runId } });
}

export type EnqueueInput = {
  key: string;
  kind: "call" | "sleep" | "wait-timeout" | "invoke-timeout" | "cron" | "flush" | "housekeeping";
  dueAt: number;
  runId?: string;
  functionId?: string;
  stepId?: string;
  attempt?: number;
  concurrencyKeys?: string[];
  /** priority.run of the run, in seconds: orders due work (see queue.ts claimDue) */
  priority?: number;
  payload?: unknown;
};

/** Adds due work; an item whose key exists already is not added again. */
export async function enqueue(tx: Tx, ctx: ExecutorContext, item: EnqueueInput): Promise<void> {
  // Raw SQL on the hot path: Prisma's own work costs more than the query itself on PGlite.
  await tx.$executeRaw`
    INSERT INTO executor_queue (id, key, kind, run_id, function_id, step_id, attempt, due_at, concurrency_keys, blocked, priority, payload, created_at)
    VALUES (${queueId()}, ${item.key}, ${item.kind}, ${item.runId ?? null}, ${item.functionId ?? null}, ${item.stepId ?? null},
      ${item.attempt ?? 0}, ${new Date(item.dueAt)}, ${item.concurrencyKeys ?? []}::text[], false, ${item.priority ?? 0},
      ${item.payload === undefined ? null : JSON.stringify(item.payload)}::jsonb, ${new Date(ctx.clock())})
    ON CONFLICT (key) DO NOTHING`;
  ctx.wake();
}

/** enqueue() for many items in one statement (in order: their ids are monotonic). */
export async function enqueueMany(tx: Tx, ctx: ExecutorContext, items: EnqueueInput[]): Promise<void> {
  if (items.length === 0) return;
  if (items.length === 1) return enqueue(tx, ctx, items[0]!);
  await tx.$executeRawUnsafe(INSERT_QUEUE_ROWS, JSON.stringify(queueRows(items)), new Date(ctx.clock()));
  ctx.wake();
}

/** Inserts queue items given by queueRows() ($1, as JSON) created at $2, in order; existing keys are left alone. */
export const INSERT_QUEUE_ROWS = `
INSERT INTO executor_queue (id, key, kind, run_id, function_id, step_id, attempt, due_at, concurrency_keys, blocked, priority, payload, created_at)
SELECT r->>'id', r->>'key', r->>'kind', r->>'run_id', r->>'function_id', r->>'step_id', (r->>'attempt')::int,
  (r->>'due_at')::timestamptz, ARRAY(SELECT jsonb_array_elements_text(r->'concurrency_keys')), false, (r->>'priority')::int,
  r->'payload', $2::timestamptz
FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n)
ORDER BY n
ON CONFLICT (key) DO NOTHING`;

/** Queue items as rows for INSERT_QUEUE_ROWS (their ids monotonic, so in order). */
export function queueRows(items: EnqueueInput[]): Record<string, unknown>[] {
  return items.map((item) => ({
    id: queueId(),
    key: item.key,
    kind: item.kind,
    run_id: item.runId ?? null,
    function_id: item.functionId ?? null,
    step_id: item.stepId ?? null,
    attempt: item.attempt ?? 0,
    due_at: new Date(item.dueAt).toISOString(),
    concurrency_keys: item.concurrencyKeys ?? [],
    priority: item.priority ?? 0,
    // absent (SQL NULL) unless given; an explicit null stays a JSON null, as in enqueue()
    ...(item.payload === undefined ? {} : { payload: item.payload }),
  }));
}

export function concurrencyKeysOf(run: ExecutorRun): string[] {
  return (run.concurrency as { key: string }[]).map((c) => c.key);
}

type StepInfo = {
  name?: string | undefined;
  displayName?: string | undefined;
  op: string;
  status: string;
  attempts?: number;
  error?: unknown;
};

/** Records a step in the timeline without memoizing it (planned, sleeping, waiting, retrying…). */
export async function touchStep(tx: Tx, ctx: ExecutorContext, runId: string, stepId: string, info: StepInfo): Promise<void> {
  const now = new Date(ctx.clock());
  const data = {
    op: info.op,
    status: info.status,
    ...(info.attempts === undefined ? {} : { attempts: info.attempts }),
    ...(info.error === undefined ? {} : { error: json(info.error) }),
  };
  await tx.executorStep.upsert({
    where: { runId_stepId: { runId, stepId } },
    create: { runId, stepId, name: info.name ?? stepId, displayName: info.displayName ?? info.name ?? stepId, startedAt: now, ...data },
    update: { ...data, ...(info.name ? { name: info.name, displayName: info.displayName ?? info.name } : {}) },
  });
}

/**
 * Memoizes a step's result (appending it to the completion order) and, once no parallel step is
 * outstanding, enqueues the next discovery call. Returns false when the step was memoized already
 * (a duplicate completion), in which case nothing happens.
 */
export async function completeStep(
  tx: Tx,
  ctx: ExecutorContext,
  run: ExecutorRun,
  stepId: string,
  memo: StepMemo,
  info: StepInfo & { startedAt?: number; race?: boolean },
): Promise<boolean> {
  const [state] = await tx.$queryRaw<{ done: boolean; next: number }[]>`
    SELECT EXISTS (SELECT 1 FROM executor_steps WHERE run_id = ${run.id} AND step_id = ${stepId} AND seq IS NOT NULL) AS done,
           (SELECT COALESCE(MAX(seq), 0) + 1 FROM executor_steps WHERE run_id = ${run.id})::int AS next`;
  if (!state || state.done) return false;
  const seq = state.next;
  const now = new Date(ctx.clock());
  const memoJson = JSON.stringify({ v: memo });
  const errorJson = info.error === undefined ? null : JSON.stringify(info.error ?? null);
  await tx.$executeRaw`
    INSERT INTO executor_steps (run_id, step_id, name, display_name, op, status, attempts, memo, error, seq, started_at, ended_at)
    VALUES (${run.id}, ${stepId}, ${info.name ?? stepId}, ${info.displayName ?? info.name ?? stepId}, ${info.op}, ${info.status},
      ${info.attempts ?? 0}, ${memoJson}::jsonb, ${errorJson}::jsonb, ${seq}, ${new Date(info.startedAt ?? ctx.clock())}, ${now})
    ON CONFLICT (run_id, step_id) DO UPDATE SET
      op = EXCLUDED.op, status = EXCLUDED.status, memo = EXCLUDED.memo, seq = EXCLUDED.seq, ended_at = EXCLUDED.ended_at,
      attempts = CASE WHEN ${info.attempts === undefined} THEN executor_steps.attempts ELSE EXCLUDED.attempts END,
      error = COALESCE(EXCLUDED.error, executor_steps.error),
      name = CASE WHEN ${info.name === undefined} THEN executor_steps.name ELSE EXCLUDED.name END,
      display_name = CASE WHEN ${info.name === undefined} THEN executor_steps.display_name ELSE EXCLUDED.display_name END`;
  const pending = run.pending.filter((p) => p !== stepId);
  if (pending.length > 0 && !info.race) {
    if (pending.length !== run.pending.length) {
      await tx.executorRun.update({ where: { id: run.id }, data: { pending } });
      run.pending = pending;
    }
    return true;
  }
  // Parallelism is over (or race mode): the SDK may run single steps immediately again.
  const forceStepPlan = pending.length > 0;
  if (forceStepPlan !== run.forceStepPlan || pending.length !== run.pending.length) {
    await tx.executorRun.update({ where: { id: run.id }, data: { pending, forceStepPlan } });
  }
  run.pending = pending;
  run.forceStepPlan = forceStepPlan;
  await enqueue(tx, ctx, {
    key: `${run.id}:d:${stepId}`,
    kind: "call",
    runId: run.id,
    functionId: run.functionId,
    stepId: "step",
    dueAt: ctx.clock(),
    concurrencyKeys: concurrencyKeysOf(run),
    priority: run.priority,
  });
  return true;
}

/** Frees concurrency slots: calls held back by these keys become due now. */
export async function releaseSlots(tx: Tx, ctx: ExecutorContext, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const n = await tx.$executeRaw`UPDATE executor_queue SET blocked = false, due_at = ${new Date(ctx.clock())}
    WHERE blocked AND concurrency_keys && ${keys}::text[]`;
  if (n > 0) ctx.wake();
}

async function clearRunWork(tx: Tx, ctx: ExecutorContext, run: ExecutorRun): Promise<void> {
  await tx.executorQueueItem.deleteMany({ where: { runId: run.id } });
  await tx.executorWait.deleteMany({ where: { runId: run.id } });
  await tx.executorStep.updateMany({
    where: { runId: run.id, seq: null, status: { in: ["planned", "running", "retrying", "sleeping", "waiting", "invoking"] } },
    data: { status: "cancelled", endedAt: new Date(ctx.clock()) },
  });
  await releaseSlots(tx, ctx, concurrencyKeysOf(run));
}

/** Ends a run: stores its result, drops its remaining work, resumes an invoking parent, emits onFailure. */
export async function finishRun(tx: Tx, ctx: ExecutorContext, run: ExecutorRun, result: RunResult, emit: EmitEvents): Promise<void> {
  if (isTerminal(run.status)) return;
  const failed = "error" in result;
  const status = failed ? "failed" : "completed";
  await tx.executorRun.update({
    where: { id: run.id },
    data: {
      status,
      endedAt: new Date(ctx.clock()),
      pending: [],
      ...(failed ? { error: json(result.error ?? null) } : { output: json({ v: result.data ?? null }) }),
    },
  });
  run.status = status;
  await clearRunWork(tx, ctx, run);
  if (run.parentRunId && run.parentStepId) await resumeParent(tx, ctx, run.parentRunId, run.parentStepId, result);
  if (failed && !run.functionId.endsWith("-failure")) {
    await emit(tx, [
      { name: "inngest/function.failed", data: { function_id: run.functionId, run_id: run.id, error: result.error, event: run.event } },
    ]);
  }
  ctx.log.info(`run ${run.id} ${run.functionId} ${status}`);
}

export async function cancelRun(tx: Tx, ctx: ExecutorContext, run: ExecutorRun, reason: string): Promise<void> {
  if (isTerminal(run.status)) return;
  await tx.executorRun.update({
    where: { id: run.id },
    data: { status: "cancelled", endedAt: new Date(ctx.clock()), pending: [], error: json({ name: "Cancelled", message: reason }) },
  });
  run.status = "cancelled";
  await clearRunWork(tx, ctx, run);
  if (run.parentRunId && run.parentStepId) {
    await resumeParent(tx, ctx, run.parentRunId, run.parentStepId, {
      error: { name: "Error", message: `Invoked run ${run.id} was cancelled` },
    });
  }
  ctx.log.info(`run ${run.id} ${run.functionId} cancelled: ${reason}`);
}

async function resumeParent(tx: Tx, ctx: ExecutorContext, parentRunId: string, stepId: string, result: RunResult): Promise<void> {
  const parent = await lockRun(tx, parentRunId);
  if (!parent || isTerminal(parent.status)) return;
  const memo = "error" in result ? { error: result.error } : { data: result.data ?? null };
  await completeStep(tx, ctx, parent, stepId, memo, {
    op: "InvokeFunction",
    status: "error" in result ? "failed" : "completed",
    ...("error" in result ? { error: result.error } : {}),
  });
  await tx.executorQueueItem.deleteMany({ where: { key: `${parentRunId}:invoke-timeout:${stepId}` } });
}
