// Due timers: a finished sleep, a waitForEvent or invoke that timed out, cron ticks, the flush of a
// batch or debounce buffer, and the executor's daily pruning of its own history.
import { monotonicFactory } from "@/lib/ids/ulid";
import { db } from "@/lib/db/client";
import type { ExecutorQueueItem } from "@/lib/generated/prisma/client";
import type { ExecutorContext } from "@/inngest/executor/executor-context";
import { nextCronTick } from "@/inngest/executor/cron-schedule";
import { syncedFunction } from "@/inngest/executor/function-registry";
import { createRun, type StoredEvent } from "@/inngest/executor/create-run";
import { flushBuffer } from "@/inngest/executor/flow-buffers";
import { DEFAULT_RETENTION_DAYS, pruneExecutorHistory, scheduleHousekeeping } from "@/inngest/executor/prune-history";
import { completeStep, enqueue, isTerminal, json, lockRun } from "@/inngest/executor/run-state";

// Monotonic: ids created in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

export async function processTimer(ctx: ExecutorContext, item: ExecutorQueueItem): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.executorQueueItem.findUnique({ where: { id: item.id }, select: { id: true } });
    if (!current) return;
    await tx.executorQueueItem.delete({ where: { id: item.id } });
    if (item.kind === "housekeeping") {
      const pruned = await pruneExecutorHistory(tx, DEFAULT_RETENTION_DAYS, ctx.clock());
      ctx.log.info(`pruned executor history older than ${DEFAULT_RETENTION_DAYS} days: ${JSON.stringify(pruned)}`);
      await scheduleHousekeeping(tx, ctx, ctx.clock());
      return;
    }
    if (item.kind === "flush") {
      await flushBuffer(tx, ctx, item.functionId ? await syncedFunction(item.functionId, tx) : undefined, item);
      return;
    }
    if (item.kind === "cron") {
      const payload = item.payload as { functionId: string; cron: string; at: number };
      const fn = await syncedFunction(payload.functionId, tx);
      const stillScheduled = fn?.config.triggers.some((t) => "cron" in t && t.cron === payload.cron);
      if (!fn || !stillScheduled) return;
      const now = ctx.clock();
      const event: StoredEvent = { id: ulid(now), name: "inngest/scheduled.timer", data: { cron: payload.cron }, ts: payload.at, user: {} };
      await tx.executorEvent.create({ data: { id: event.id, name: event.name, payload: json(event), receivedAt: new Date(now) } });
      await createRun(tx, ctx, fn, [event]);
      await scheduleCron(tx, ctx, fn.id, payload.cron, Math.max(now, payload.at));
      return;
    }
    const runId = item.runId ?? "";
    const stepId = item.stepId ?? "";
    const run = await lockRun(tx, runId);
    if (!run || isTerminal(run.status)) return;
    if (item.kind === "sleep") {
      await completeStep(tx, ctx, run, stepId, null, { op: "Sleep", status: "completed" });
    } else if (item.kind === "wait-timeout") {
      const removed = await tx.executorWait.deleteMany({ where: { runId, stepId } });
      // The waitForEvent resolves to null on timeout.
      if (removed.count > 0) await completeStep(tx, ctx, run, stepId, null, { op: "WaitForEvent", status: "completed" });
    } else if (item.kind === "invoke-timeout") {
      const error = { name: "InngestInvokeTimeoutError", message: "Timed out waiting for invoked function to complete" };
      await completeStep(tx, ctx, run, stepId, { error }, { op: "InvokeFunction", status: "failed", error });
    }
  });
}

type TxLike = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** Enqueues the next tick of a cron trigger (idempotent: one item per function, cron and time). */
export async function scheduleCron(tx: TxLike, ctx: ExecutorContext, functionId: string, cron: string, afterMs: number): Promise<void> {
  const at = nextCronTick(cron, afterMs);
  if (at === undefined) return;
  await enqueue(tx, ctx, {
    key: `cron:${functionId}:${cron}:${at}`,
    kind: "cron",
    functionId,
    dueAt: at,
    payload: { functionId, cron, at },
  });
}
