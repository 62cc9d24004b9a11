// GET /api/metrics for self-hosters: instance-wide numbers read from the database at scrape time (so every
// app instance reports the same totals) in Prometheus text format. Sync numbers come from the hourly
// rollups, never from the raw operation log.
import { timingSafeEqual, createHash } from "node:crypto";
import { Gauge, Registry } from "prom-client";
import { db } from "@/lib/db/client";

/** Constant-time check of "Authorization: Bearer <token>" against the configured token. */
export function metricsTokenMatches(header: string | null, expected: string): boolean {
  const given = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
  // compare fixed-length digests so neither the content nor the length leaks through timing
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}

const n = (v: bigint | number | null | undefined) => Number(v ?? 0);

export async function renderMetrics(now = new Date()): Promise<{ body: string; contentType: string }> {
  const since24 = new Date(now.getTime() - 86_400_000);
  const [runs, running, ops, hooks, queue, conns] = await Promise.all([
    db.$queryRaw<{ runs: bigint; failed: bigint; duration: bigint }[]>`
      SELECT coalesce(sum(runs), 0)::bigint AS runs, coalesce(sum(failed_runs), 0)::bigint AS failed, coalesce(sum(duration_ms), 0)::bigint AS duration
      FROM sync_rollups WHERE hour >= ${since24}`,
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM sync_runs WHERE status = 'running' AND started_at >= ${since24}`,
    db.$queryRaw<{ created: bigint; updated: bigint; deleted: bigint; skipped: bigint; failed: bigint; read: bigint }[]>`
      SELECT coalesce(sum(created_count), 0)::bigint AS created, coalesce(sum(updated_count), 0)::bigint AS updated, coalesce(sum(deleted_count), 0)::bigint AS deleted,
        coalesce(sum(skipped_count), 0)::bigint AS skipped, coalesce(sum(failed_count), 0)::bigint AS failed, coalesce(sum(read_count), 0)::bigint AS read
      FROM sync_rollups WHERE hour >= ${since24}`,
    db.$queryRaw<{ status: string; n: bigint; avg_ms: number | null }[]>`
      SELECT status::text, count(*)::bigint AS n, avg(extract(epoch FROM (processed_at - received_at)) * 1000)::float8 AS avg_ms
      FROM webhook_deliveries WHERE received_at >= ${since24} GROUP BY status`,
    db.$queryRaw<{ due: bigint; waiting: bigint }[]>`
      SELECT count(*) FILTER (WHERE due_at <= ${now})::bigint AS due, count(*)::bigint AS waiting FROM executor_queue`,
    db.$queryRaw<{ status: string; n: bigint }[]>`SELECT status::text, count(*)::bigint AS n FROM connections GROUP BY status`,
  ]);
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });

  const r = runs[0];
  const runsGauge = gauge("switchboard_sync_runs_24h", "Sync runs finished in the last 24 hours, by outcome", ["outcome"]);
  runsGauge.set({ outcome: "failed" }, n(r?.failed));
  runsGauge.set({ outcome: "ok" }, n(r?.runs) - n(r?.failed));
  gauge("switchboard_sync_runs_running", "Sync runs in progress").set(n(running[0]?.n));
  gauge("switchboard_sync_run_duration_avg_ms_24h", "Average duration of the sync runs of the last 24 hours (ms)").set(n(r?.runs) > 0 ? n(r?.duration) / n(r?.runs) : 0);

  const o = ops[0];
  const opsGauge = gauge("switchboard_sync_operations_24h", "Record operations of finished runs in the last 24 hours, by outcome", ["outcome"]);
  for (const k of ["created", "updated", "deleted", "skipped", "failed", "read"] as const) opsGauge.set({ outcome: k }, n(o?.[k]));

  const hookGauge = gauge("switchboard_webhook_deliveries_24h", "Inbound webhook deliveries stored in the last 24 hours, by status", ["status"]);
  const latency = gauge("switchboard_webhook_processing_avg_ms_24h", "Average time from receiving to processing an inbound webhook delivery (ms), last 24 hours");
  let processedMs = 0;
  let processedN = 0;
  for (const h of hooks) {
    hookGauge.set({ status: h.status }, n(h.n));
    if (h.avg_ms !== null) {
      processedMs += h.avg_ms * n(h.n);
      processedN += n(h.n);
    }
  }
  latency.set(processedN > 0 ? processedMs / processedN : 0);

  const queueGauge = gauge("switchboard_job_queue_depth", "Embedded executor queue items (due now / all)", ["state"]);
  queueGauge.set({ state: "due" }, n(queue[0]?.due));
  queueGauge.set({ state: "all" }, n(queue[0]?.waiting));

  const connGauge = gauge("switchboard_connections", "Connections by status", ["status"]);
  for (const c of conns) connGauge.set({ status: c.status }, n(c.n));

  return { body: await registry.metrics(), contentType: registry.contentType };
}
