// One call request to the SDK (POST <serve url>?fnId=…&stepId=…) and everything its response causes:
// memoized steps, retries, planned parallel steps, sleeps, waits, invokes, completion or failure.
// Request body and handling follow the Go executor (see shared/reference/inngest-protocol.md §1.2–1.4).
import canonicalize from "canonicalize";
import { monotonicFactory } from "@/lib/ids/ulid";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { ExecutorQueueItem, ExecutorRun } from "@/lib/generated/prisma/client";
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";
import { parseDurationMs, resolveSleepUntil } from "@/inngest/executor/duration";
import { syncedFunction, type SyncedFunction } from "@/inngest/executor/function-registry";
import { createRun, type StoredEvent } from "@/inngest/executor/create-run";
import { emitterFor } from "@/inngest/executor/ingest-events";
import {
  completeStep,
  concurrencyKeysOf,
  enqueue,
  finishRun,
  isTerminal,
  json,
  lockRun,
  releaseSlots,
  touchStep,
} from "@/inngest/executor/run-state";
import { signBody, verifySignature } from "@/inngest/executor/signing";
import { applyRunCompleted, applyStepRun, dropQueueItem, loadCallState } from "@/inngest/executor/step-fast-path";
import type { Transport, TransportResponse } from "@/inngest/executor/transport";

// Monotonic: ids created in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

export type CallDeps = { ctx: ExecutorContext; transport: Transport; signingKey: string | undefined };

const opSchema = z
  .object({
    id: z.string(),
    op: z.string(),
    name: z.string().optional(),
    displayName: z.string().optional(),
    opts: z.record(z.string(), z.unknown()).nullish(),
    data: z.unknown().optional(),
    error: z.unknown().optional(),
  })
  .loose();
type Op = z.infer<typeof opSchema>;

// Fire-and-forget ops that never become pending steps.
const LAZY = new Set(["DeferAdd", "DeferAbort"]);

type Outcome = { kind: "response"; res: TransportResponse } | { kind: "transport-error"; message: string };

/**
 * Makes the call and applies its response. Returns the run's next call when it is due at once (the
 * usual case: discovery after a step), already leased, so the worker continues the run without a
 * round through the claim query.
 */
export async function executeCall(deps: CallDeps, item: ExecutorQueueItem, leaseMs = 60_000): Promise<ExecutorQueueItem | undefined> {
  const { ctx } = deps;
  const runId = item.runId ?? "";
  const stepId = item.stepId ?? "step";
  const run = await loadCallState(runId, item);
  if (!run || isTerminal(run.status)) {
    await dropQueueItem(item.id);
    return undefined;
  }
  const fn = await syncedFunction(run.functionId);
  if (!fn) {
    await db.$transaction(async (tx) => {
      const locked = await lockRun(tx, runId);
      if (locked)
        await finishRun(
          tx,
          ctx,
          locked,
          { error: { name: "Error", message: `function ${run.functionId} is not synced` } },
          emitterFor(ctx),
        );
    });
    return undefined;
  }
  const steps: Record<string, unknown> = {};
  for (const [id, memo] of run.memos) steps[id] = memo?.v ?? null;
  const stack = run.memos.map(([id]) => id);
  const body = canonicalize({
    event: run.event,
    events: run.events,
    steps,
    // No ctx.fn_id: with it, SDK v4 switches to checkpointing against an API this executor does not have.
    ctx: {
      run_id: run.id,
      attempt: item.attempt,
      max_attempts: fn.maxAttempts,
      disable_immediate_execution: run.forceStepPlan,
      use_api: false,
      stack: { stack, current: stack.length },
    },
    version: 2,
  }) as string;
  const url = new URL(fn.url);
  url.searchParams.set("fnId", fn.id);
  url.searchParams.set("stepId", stepId);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-run-id": run.id,
    "x-inngest-req-version": "2",
    "x-inngest-step-id": stepId,
    "x-inngest-server-kind": deps.signingKey ? "cloud" : "dev",
    "x-request-id": item.id,
  };
  if (deps.signingKey) headers["x-inngest-signature"] = signBody(body, deps.signingKey, Date.now());
  const startedAt = ctx.clock();
  let outcome: Outcome;
  try {
    const res = await deps.transport.request("POST", url.href, headers, body);
    // Signatures carry wall-clock time (the SDK checks ±5 min against its own clock), never the injected clock.
    if (deps.signingKey && !verifySignature(res.body, res.headers.get("x-inngest-signature"), deps.signingKey, Date.now())) {
      outcome = { kind: "transport-error", message: `response to ${fn.id} has a missing or invalid signature (status ${res.status})` };
    } else {
      outcome = { kind: "response", res };
    }
  } catch (err) {
    outcome = { kind: "transport-error", message: err instanceof Error ? err.message : String(err) };
  }

  // The usual response (one step ran, no parallel steps outstanding) takes the plain-SQL path.
  const single = outcome.kind === "response" && outcome.res.status === 206 && run.pending.length === 0 && !run.forceStepPlan;
  const ops = single && outcome.kind === "response" ? z.array(opSchema).safeParse(parseJson(outcome.res.body)) : undefined;
  const only = ops?.success && ops.data.length === 1 ? ops.data[0] : undefined;
  if (only && (only.op === "StepRun" || only.op === "Step")) {
    const applied = await applyStepRun(ctx, run, item, only, startedAt, leaseMs);
    if (applied !== "general") return applied.next;
  }
  // The function returned: completing a run that no parent waits for is one statement too.
  if (outcome.kind === "response" && outcome.res.status === 200) {
    if (await applyRunCompleted(ctx, run, item, parseJson(outcome.res.body))) return undefined;
  }

  return db.$transaction(
    async (tx) => {
      // The UPDATE both counts the request and locks the run row for the rest of the transaction.
      const locked = await tx.executorRun.update({ where: { id: runId }, data: { requests: { increment: 1 } } }).catch(() => null);
      // Deleting the item claims its result: if it is gone, another worker already applied this call.
      const claimed = await tx.$executeRaw`DELETE FROM executor_queue WHERE id = ${item.id}`;
      // The run was cancelled (or finished) while the request was in flight: its result is dropped.
      if (!locked || isTerminal(locked.status) || claimed === 0) return undefined;
      await applyOutcome(tx, deps, fn, locked, item, stepId, startedAt, outcome);
      await releaseSlots(tx, ctx, concurrencyKeysOf(locked));
      if (isTerminal(locked.status)) return undefined;
      const now = ctx.clock();
      const [next] = await tx.$queryRaw<ExecutorQueueItem[]>`
        UPDATE executor_queue SET leased_until = ${new Date(now + leaseMs)}
        WHERE id = (
          SELECT id FROM executor_queue
          WHERE run_id = ${runId} AND kind = 'call' AND leased_until IS NULL AND NOT blocked AND due_at <= ${new Date(now)}
          ORDER BY due_at, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, key, kind, run_id AS "runId", function_id AS "functionId", step_id AS "stepId", attempt, due_at AS "dueAt",
          leased_until AS "leasedUntil", concurrency_keys AS "concurrencyKeys", blocked, payload, created_at AS "createdAt"`;
      return next;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/** Applies a response; returns true when the queue item was rescheduled for a retry (not finished). */
async function applyOutcome(
  tx: Tx,
  deps: CallDeps,
  fn: SyncedFunction,
  run: ExecutorRun,
  item: ExecutorQueueItem,
  stepId: string,
  startedAt: number,
  outcome: Outcome,
): Promise<boolean> {
  const { ctx } = deps;
  if (outcome.kind === "transport-error") {
    return retryOrFail(tx, ctx, fn, run, item, { name: "Error", message: outcome.message }, { noRetry: false });
  }
  const { res } = outcome;
  const noRetryHeader = res.headers.get("x-inngest-no-retry");
  const retryAfter = res.headers.get("retry-after");
  if (res.status === 200) {
    await finishRun(tx, ctx, run, { data: parseJson(res.body) }, emitterFor(ctx));
    return false;
  }
  if (res.status !== 206) {
    const parsed = parseJson(res.body);
    const error =
      parsed && typeof parsed === "object" ? parsed : { name: "Error", message: `HTTP ${res.status}: ${res.body.slice(0, 500)}` };
    // Go ShouldRetry: x-inngest-no-retry wins; without it, 4xx is final and anything else retries.
    const noRetry = noRetryHeader !== null ? noRetryHeader === "true" : res.status >= 400 && res.status < 500;
    return retryOrFail(tx, ctx, fn, run, item, error, { noRetry, retryAfter });
  }
  const ops = z.array(opSchema).safeParse(parseJson(res.body));
  if (!ops.success) {
    return retryOrFail(
      tx,
      ctx,
      fn,
      run,
      item,
      { name: "Error", message: "SDK answered 206 with a body that is not a list of ops" },
      { noRetry: false },
    );
  }
  const nonLazy = ops.data.filter((o) => !LAZY.has(o.op));
  if (nonLazy.length > 1) {
    // Parallelism: every later call must plan (not run) steps until all of these are done.
    const pending = [...new Set([...run.pending, ...nonLazy.map((o) => o.id)])];
    await tx.executorRun.update({ where: { id: run.id }, data: { forceStepPlan: true, pending } });
    run.forceStepPlan = true;
    run.pending = pending;
  }
  let retried = false;
  for (const op of ops.data) {
    if (isTerminal(run.status)) break;
    retried = (await applyOp(tx, deps, fn, run, item, startedAt, op, noRetryHeader, retryAfter)) || retried;
  }
  return retried;
}

async function applyOp(
  tx: Tx,
  deps: CallDeps,
  fn: SyncedFunction,
  run: ExecutorRun,
  item: ExecutorQueueItem,
  startedAt: number,
  op: Op,
  noRetryHeader: string | null,
  retryAfter: string | null,
): Promise<boolean> {
  const { ctx } = deps;
  const now = ctx.clock();
  const names = { name: op.name ?? op.displayName, displayName: op.displayName ?? op.name };
  const race = op.opts?.parallelMode === "race";
  switch (op.op) {
    case "StepRun":
    case "Step":
      await completeStep(
        tx,
        ctx,
        run,
        op.id,
        { data: op.data ?? null },
        { ...names, op: op.op, status: "completed", attempts: item.attempt + 1, startedAt, race },
      );
      return false;
    case "StepError":
      if (item.attempt + 1 < fn.maxAttempts && noRetryHeader !== "true") {
        await touchStep(tx, ctx, run.id, op.id, {
          ...names,
          op: "StepError",
          status: "retrying",
          attempts: item.attempt + 1,
          error: op.error ?? null,
        });
        return retryOrFail(tx, ctx, fn, run, item, op.error, { noRetry: false, retryAfter });
      }
      await completeStep(
        tx,
        ctx,
        run,
        op.id,
        { error: op.error ?? null },
        { ...names, op: "StepFailed", status: "failed", attempts: item.attempt + 1, error: op.error ?? null, startedAt, race },
      );
      return false;
    case "StepFailed":
      await completeStep(
        tx,
        ctx,
        run,
        op.id,
        { error: op.error ?? null },
        { ...names, op: "StepFailed", status: "failed", attempts: item.attempt + 1, error: op.error ?? null, startedAt, race },
      );
      return false;
    case "StepPlanned":
      await touchStep(tx, ctx, run.id, op.id, { ...names, op: "StepPlanned", status: "planned" });
      await enqueue(tx, ctx, {
        key: `${run.id}:p:${op.id}`,
        kind: "call",
        runId: run.id,
        functionId: run.functionId,
        stepId: op.id,
        dueAt: now,
        concurrencyKeys: concurrencyKeysOf(run),
        priority: run.priority,
      });
      return false;
    case "Sleep": {
      const until = resolveSleepUntil(op.name ?? "0s", now);
      await touchStep(tx, ctx, run.id, op.id, { ...names, op: "Sleep", status: "sleeping" });
      await enqueue(tx, ctx, { key: `${run.id}:sleep:${op.id}`, kind: "sleep", runId: run.id, stepId: op.id, dueAt: until });
      return false;
    }
    case "WaitForEvent": {
      const timeout = typeof op.opts?.timeout === "string" ? op.opts.timeout : "1h";
      const expiresAt = now + parseDurationMs(timeout);
      const expression = typeof op.opts?.if === "string" ? op.opts.if : null;
      await touchStep(tx, ctx, run.id, op.id, { ...names, op: "WaitForEvent", status: "waiting" });
      await tx.executorWait.createMany({
        data: [{ runId: run.id, stepId: op.id, eventName: op.name ?? "", expression, expiresAt: new Date(expiresAt) }],
        skipDuplicates: true,
      });
      await enqueue(tx, ctx, { key: `${run.id}:wait:${op.id}`, kind: "wait-timeout", runId: run.id, stepId: op.id, dueAt: expiresAt });
      return false;
    }
    case "InvokeFunction": {
      await touchStep(tx, ctx, run.id, op.id, { ...names, op: "InvokeFunction", status: "invoking" });
      const opts = z
        .object({
          function_id: z.string(),
          payload: z
            .object({ data: z.record(z.string(), z.unknown()).optional(), user: z.record(z.string(), z.unknown()).optional() })
            .loose()
            .optional(),
          timeout: z.string().optional(),
        })
        .loose()
        .safeParse(op.opts ?? {});
      const target = opts.success ? await syncedFunction(opts.data.function_id, tx) : undefined;
      if (!opts.success || !target) {
        const message = opts.success ? `invoked function ${opts.data.function_id} is not synced` : "InvokeFunction op without function_id";
        await completeStep(
          tx,
          ctx,
          run,
          op.id,
          { error: { name: "Error", message } },
          { ...names, op: "InvokeFunction", status: "failed", error: { message } },
        );
        return false;
      }
      const event: StoredEvent = {
        id: ulid(now),
        name: "inngest/function.invoked",
        data: opts.data.payload?.data ?? {},
        ts: now,
        user: opts.data.payload?.user ?? {},
      };
      await tx.executorEvent.create({ data: { id: event.id, name: event.name, payload: json(event), receivedAt: new Date(now) } });
      await createRun(tx, ctx, target, [event], { parentRunId: run.id, parentStepId: op.id });
      if (opts.data.timeout) {
        await enqueue(tx, ctx, {
          key: `${run.id}:invoke-timeout:${op.id}`,
          kind: "invoke-timeout",
          runId: run.id,
          stepId: op.id,
          dueAt: now + parseDurationMs(opts.data.timeout),
        });
      }
      return false;
    }
    case "RunComplete":
      await finishRun(tx, ctx, run, { data: op.data ?? null }, emitterFor(ctx));
      return false;
    case "DeferAdd":
    case "DeferAbort":
      ctx.log.warn(`${run.functionId}: op ${op.op} (defer) is not supported by the embedded executor; ignored`);
      return false;
    default:
      await finishRun(
        tx,
        ctx,
        run,
        { error: { name: "Error", message: `The embedded executor does not support the ${op.op} op` } },
        emitterFor(ctx),
      );
      return false;
  }
}

/** Retries the same queue item after backoff (or Retry-After), or fails the run on the last attempt. */
async function retryOrFail(
  tx: Tx,
  ctx: ExecutorContext,
  fn: SyncedFunction,
  run: ExecutorRun,
  item: ExecutorQueueItem,
  error: unknown,
  opts: { noRetry: boolean; retryAfter?: string | null },
): Promise<boolean> {
  if (!opts.noRetry && item.attempt + 1 < fn.maxAttempts) {
    const now = ctx.clock();
    const delay = retryAfterMs(opts.retryAfter, now) ?? ctx.backoff(item.attempt);
    await tx.executorQueueItem.create({
      data: {
        id: item.id,
        key: item.key,
        kind: item.kind,
        runId: item.runId,
        functionId: item.functionId,
        stepId: item.stepId,
        attempt: item.attempt + 1,
        dueAt: new Date(now + delay),
        concurrencyKeys: item.concurrencyKeys,
        priority: item.priority,
        createdAt: item.createdAt,
      },
    });
    await tx.executorRun.update({ where: { id: run.id }, data: { retries: { increment: 1 }, error: json(error ?? null) } });
    ctx.log.info(`run ${run.id} ${run.functionId} attempt ${item.attempt + 1}/${fn.maxAttempts} failed; retrying in ${delay} ms`);
    return true;
  }
  await finishRun(tx, ctx, run, { error: error ?? { name: "Error", message: "unknown error" } }, emitterFor(ctx));
  return false;
}

function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
