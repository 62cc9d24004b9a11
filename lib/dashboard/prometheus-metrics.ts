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
  const since1 = new Date(now.getTime() - 3_600_000);
  const [runs, running, ops, hooks, queue, conns, stepQuantiles, stepCounts] = await Promise.all([
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
    // job steps from the product's own step records (lib/sync/run-steps.ts): the same on the embedded executor and Inngest Cloud
    db.$queryRaw<{ step: string; p50: number | null; p95: number | null; p99: number | null }[]>`
      SELECT split_part(name, ' ', 1) AS step,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p95,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p99
      FROM sync_run_steps WHERE finished_at >= ${since1} GROUP BY 1`,
    db.$queryRaw<{ step: string; outcome: string; n: bigint }[]>`
      SELECT split_part(name, ' ', 1) AS step, outcome, count(*)::bigint AS n FROM sync_run_steps WHERE finished_at >= ${since1} GROUP BY 1, 2`,
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

  const stepLatency = gauge("switchboard_job_step_duration_ms_1h", "Duration of sync job steps (one attempt at a page or batch) that ended in the last hour, by step kind (ms)", ["step", "quantile"]);
  const stepCount = gauge("switchboard_job_steps_1h", "Sync job step attempts that ended in the last hour, by step kind and outcome (retrying: failed and retried)", ["step", "outcome"]);
  for (const r of stepCounts) stepCount.set({ step: r.step, outcome: r.outcome }, n(r.n));
  for (const kind of ["page", "batch"]) {
    const q = stepQuantiles.find((x) => x.step === kind);
    stepLatency.set({ step: kind, quantile: "0.5" }, q?.p50 ?? 0);
    stepLatency.set({ step: kind, quantile: "0.95" }, q?.p95 ?? 0);
    stepLatency.set({ step: kind, quantile: "0.99" }, q?.p99 ?? 0);
  }

  return { body: await registry.metrics(), contentType: registry.contentType };
}
