// Retention: sync runs (with their operations) and resolved conflicts older than the retention period
// are deleted in bounded batches; hourly rollups are kept 13 months for the dashboard's trends.
import { db } from "@/lib/db/client";

export const DEFAULT_SYNC_RETENTION_DAYS = 30;
const ROLLUP_RETENTION_DAYS = 400;
const BATCH = 1000;

export type PruneResult = { runs: number; conflicts: number; rollups: number };

export async function pruneSyncHistory(retentionDays = DEFAULT_SYNC_RETENTION_DAYS, now = new Date()): Promise<PruneResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let runs = 0;
  for (;;) {
    const batch = await db.syncRun.findMany({ where: { startedAt: { lt: cutoff }, finishedAt: { not: null } }, select: { id: true }, take: BATCH });
    if (batch.length === 0) break;
    runs += (await db.syncRun.deleteMany({ where: { id: { in: batch.map((b) => b.id) } } })).count;
  }
  const conflicts = (await db.syncConflict.deleteMany({ where: { status: { not: "open" }, resolvedAt: { lt: cutoff } } })).count;
  const rollups = (await db.syncRollup.deleteMany({ where: { hour: { lt: new Date(now.getTime() - ROLLUP_RETENTION_DAYS * 86_400_000) } } })).count;
  return { runs, conflicts, rollups };
}
