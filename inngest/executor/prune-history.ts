// Deletes executor history older than the retention period: finished runs with their steps, and events
// no run needs any more. Events younger than 24 h are always kept (they de-duplicate sends by id).
// The executor runs this itself once a day (a "housekeeping" queue item, see timers.ts): its history is
// its own private state, which product code never reads or prunes.
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";
import { enqueue } from "@/inngest/executor/run-state";

export const DEFAULT_RETENTION_DAYS = 14;
const DAY_MS = 86_400_000;

export type PruneResult = { runs: number; steps: number; events: number };

export async function pruneExecutorHistory(tx: Tx, retentionDays = DEFAULT_RETENTION_DAYS, now = Date.now()): Promise<PruneResult> {
  const cutoff = new Date(now - Math.max(retentionDays, 1) * DAY_MS);
  const old = await tx.executorRun.findMany({
    where: { status: { in: ["completed", "failed", "cancelled", "skipped"] }, endedAt: { lt: cutoff } },
    select: { id: true },
  });
  const ids = old.map((r) => r.id);
  const steps = await tx.executorStep.deleteMany({ where: { runId: { in: ids } } });
  const runs = await tx.executorRun.deleteMany({ where: { id: { in: ids } } });
  const events = await tx.$executeRaw`DELETE FROM executor_events e WHERE e.received_at < ${cutoff}
    AND NOT EXISTS (SELECT 1 FROM executor_runs r WHERE r.event_id = e.id)`;
  return { runs: runs.count, steps: steps.count, events };
}

/** Queues the next daily prune (idempotent: one item per day). */
export async function scheduleHousekeeping(tx: Tx, ctx: ExecutorContext, afterMs: number): Promise<void> {
  const at = Math.floor(afterMs / DAY_MS) * DAY_MS + DAY_MS + 3 * 3_600_000; // 03:00 UTC tomorrow
  await enqueue(tx, ctx, { key: `housekeeping:${at}`, kind: "housekeeping", dueAt: at });
}
