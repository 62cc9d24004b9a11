// Retention: sync runs (with their operations, HTTP exchanges and step attempts) and resolved conflicts
// older than the retention period are deleted in bounded batches; hourly rollups are kept 13 months for the
// dashboard's trends. A run can hold thousands of operations: they go first, a bounded batch at a time,
// so deleting a batch of runs never cascades into an unbounded delete.
import { db, Prisma } from "@/lib/db/client";

export const DEFAULT_SYNC_RETENTION_DAYS = 30;
const ROLLUP_RETENTION_DAYS = 400;
const BATCH = 1000;
const OPERATION_BATCH = 5000;

export type PruneResult = { runs: number; operations: number; conflicts: number; rollups: number };

export async function pruneSyncHistory(retentionDays = DEFAULT_SYNC_RETENTION_DAYS, now = new Date(), batchSize = { runs: BATCH, operations: OPERATION_BATCH }): Promise<PruneResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let runs = 0;
  let operations = 0;
  for (;;) {
    const batch = await db.syncRun.findMany({ where: { startedAt: { lt: cutoff }, finishedAt: { not: null } }, select: { id: true }, take: batchSize.runs });
    if (batch.length === 0) break;
    const ids = Prisma.join(batch.map((b) => b.id));
    for (;;) {
      const n = await db.$executeRaw`DELETE FROM sync_operations WHERE id IN (SELECT id FROM sync_operations WHERE run_id IN (${ids}) LIMIT ${batchSize.operations})`;
      operations += n;
      if (n < batchSize.operations) break;
    }
    runs += (await db.syncRun.deleteMany({ where: { id: { in: batch.map((b) => b.id) } } })).count;
  }
  const conflicts = (await db.syncConflict.deleteMany({ where: { status: { not: "open" }, resolvedAt: { lt: cutoff } } })).count;
  const rollups = (await db.syncRollup.deleteMany({ where: { hour: { lt: new Date(now.getTime() - ROLLUP_RETENTION_DAYS * 86_400_000) } } })).count;
  return { runs, operations, conflicts, rollups };
}
