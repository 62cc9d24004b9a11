// Retention of what the dashboard measures besides the runs themselves (those, with their operations,
// HTTP exchanges and step attempts, go in lib/sync/prune-sync-history.ts): hourly provider call counts and
// resolved alerts. Deleted in bounded batches, so no single statement holds a big table for long.
// connection_rate_limits needs none: it keeps one row per connection, replaced in place, and goes with it.
import { db } from "@/lib/db/client";

/** The dashboard reads the last 24 h of provider calls; a month is kept for whoever looks further back. */
export const PROVIDER_CALL_STATS_RETENTION_DAYS = 30;
/** A resolved alert stays in the history (and under the bell) this long; firing ones are never pruned. */
export const RESOLVED_ALERT_RETENTION_DAYS = 90;
const BATCH = 1000;

export type DashboardPruneResult = { providerCallStats: number; alerts: number };

export async function pruneDashboardHistory(now = new Date(), batch = BATCH): Promise<DashboardPruneResult> {
  const statsCutoff = new Date(now.getTime() - PROVIDER_CALL_STATS_RETENTION_DAYS * 86_400_000);
  const alertCutoff = new Date(now.getTime() - RESOLVED_ALERT_RETENTION_DAYS * 86_400_000);
  let providerCallStats = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM provider_call_stats WHERE (connection_id, hour) IN (
        SELECT connection_id, hour FROM provider_call_stats WHERE hour < ${statsCutoff} LIMIT ${batch})`;
    providerCallStats += n;
    if (n < batch) break;
  }
  let alerts = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM alerts WHERE id IN (
        SELECT id FROM alerts WHERE status = 'resolved' AND resolved_at < ${alertCutoff} LIMIT ${batch})`;
    alerts += n;
    if (n < batch) break;
  }
  return { providerCallStats, alerts };
}
