// npm run bench:dashboard [-- --operations 1000000 --connections 20 --records 10000 --samples 60]
// Seeds one workspace with N logged sync operations spread over 30 days and C connections (runs of ~50
// operations each, their hourly rollups as finishRun writes them, record links, webhook deliveries,
// conflicts and hub records so pending pushes have something to count), then times the dashboard's data
// request (lib/dashboard/load-dashboard.ts, what GET /api/w/<slug>/dashboard answers) for each range and
// prints p50/p95. On in-memory PGlite unless DATABASE_URL (PostgreSQL) or PGLITE_DIR say otherwise.
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";

const { values } = parseArgs({
  options: {
    operations: { type: "string", default: "1000000" },
    connections: { type: "string", default: "20" },
    records: { type: "string", default: "10000" },
    samples: { type: "string", default: "60" },
  },
});
const OPS = Number(values.operations);
const CONNS = Number(values.connections);
const RECORDS = Number(values.records);
const SAMPLES = Number(values.samples);
const OPS_PER_RUN = 50;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function main() {
  process.env.MASTER_KEY ??= randomBytes(32).toString("base64");
  const { getDriver, closeDriver } = await import("@/lib/db/driver");
  const { applyMigrations } = await import("@/lib/db/migrate");
  await applyMigrations(getDriver());
  const { db } = await import("@/lib/db/client");
  const { createTestWorkspace } = await import("@/lib/testing/factories");
  const { loadDashboard } = await import("@/lib/dashboard/load-dashboard");
  const { countPendingPushes } = await import("@/lib/dashboard/pending-pushes");
  const { listAlerts } = await import("@/lib/alerts/list-alerts");
  const { listWorkspaceRuns } = await import("@/lib/dashboard/list-workspace-runs");
  const { loadRun } = await import("@/lib/dashboard/load-run");

  const access = await createTestWorkspace();
  const ws = access.workspace.id;
  const tag = randomBytes(4).toString("hex");
  const t0 = performance.now();
  const connIds: string[] = [];
  for (let i = 0; i < CONNS; i++) {
    const c = await db.connection.create({
      data: { workspaceId: ws, provider: "hubspot", name: `Bench CRM ${i + 1}`, environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "bench", createdAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    connIds.push(c.id);
    await db.syncSetting.create({ data: { workspaceId: ws, connectionId: c.id, object: "contact", enabled: true, direction: "both", pullIntervalMinutes: 15 } });
  }
  const runs = Math.ceil(OPS / OPS_PER_RUN);
  // Runs evenly over the last 30 days, round-robin over the connections; every 20th run failed.
  await db.$executeRaw`
    INSERT INTO sync_runs (id, workspace_id, connection_id, object, kind, trigger, status, started_at, finished_at, duration_ms,
      read_count, created_count, updated_count, failed_count, error_code, error_message)
    SELECT 'bench-' || ${tag} || '-run-' || g, ${ws}, (${connIds}::text[])[1 + (g % ${CONNS})], 'contact', 'pull', 'schedule',
      (CASE WHEN g % 20 = 0 THEN 'failed' ELSE 'succeeded' END)::"SyncRunStatus",
      now() - (g * (interval '30 days' / ${runs})), now() - (g * (interval '30 days' / ${runs})) + interval '2 seconds', 2000,
      ${OPS_PER_RUN}, 10, ${OPS_PER_RUN - 12}, CASE WHEN g % 20 = 0 THEN 0 ELSE 2 END,
      CASE WHEN g % 20 = 0 THEN 'PROVIDER_UNAVAILABLE' END, CASE WHEN g % 20 = 0 THEN 'The provider did not answer' END
    FROM generate_series(1, ${runs}) g`;
  await db.$executeRaw`
    INSERT INTO sync_operations (id, workspace_id, run_id, connection_id, object, external_id, action, outcome, error_code, http, duration_ms, created_at)
    SELECT r.id || '-' || k, r.workspace_id, r.id, r.connection_id, 'contact', 'ext-' || k,
      (CASE WHEN k <= 10 THEN 'create' ELSE 'update' END)::"SyncOperationAction",
      (CASE WHEN k > ${OPS_PER_RUN - 2} AND r.status = 'succeeded' THEN 'failed' ELSE 'succeeded' END)::"SyncOperationOutcome",
      CASE WHEN k > ${OPS_PER_RUN - 2} AND r.status = 'succeeded' THEN 'PROVIDER_VALIDATION' END,
      jsonb_build_object('request', jsonb_build_object('method', 'PATCH', 'url', 'https://api.example.test/contacts/' || k), 'response', jsonb_build_object('status', 200)),
      40, r.started_at + (k * interval '10 milliseconds')
    FROM sync_runs r CROSS JOIN generate_series(1, ${OPS_PER_RUN}) k
    WHERE r.workspace_id = ${ws}`;
  // The rollups finishRun keeps, built from the same runs.
  await db.$executeRaw`
    INSERT INTO sync_rollups (workspace_id, connection_id, object, hour, runs, failed_runs, read_count, created_count, updated_count, failed_count, duration_ms)
    SELECT workspace_id, connection_id, object, date_trunc('hour', started_at), count(*), count(*) FILTER (WHERE status = 'failed'),
      sum(read_count), sum(created_count), sum(updated_count), sum(failed_count), sum(duration_ms)
    FROM sync_runs WHERE workspace_id = ${ws} GROUP BY 1, 2, 3, 4`;
  await db.$executeRaw`
    INSERT INTO hub_records (id, workspace_id, object, data, field_meta, version, title, sort_key, created_source, created_at, updated_at)
    SELECT 'bench-' || ${tag} || '-rec-' || g, ${ws}, 'contact', '{}', '{}', 2, 'Contact ' || g, 'contact ' || g, 'system', now(), now()
    FROM generate_series(1, ${RECORDS}) g`;
  // Every record linked on every connection; 1 % of them changed since the last push.
  await db.$executeRaw`
    INSERT INTO record_links (id, workspace_id, connection_id, object, record_id, external_id, last_pushed_version, status, updated_at)
    SELECT 'bench-' || ${tag} || '-link-' || c.i || '-' || g, ${ws}, c.id, 'contact', 'bench-' || ${tag} || '-rec-' || g, 'ext-' || g,
      CASE WHEN g % 100 = 0 THEN 1 ELSE 2 END, (CASE WHEN g % 500 = 0 THEN 'failed' ELSE 'synced' END)::"SyncLinkStatus", now()
    FROM generate_series(1, ${RECORDS}) g CROSS JOIN unnest(${connIds}::text[]) WITH ORDINALITY AS c(id, i)`;
  await db.$executeRaw`
    INSERT INTO webhook_deliveries (id, workspace_id, connection_id, provider, provider_event_ids, event_type, raw_body, body_bytes, received_at, status)
    SELECT 'bench-' || ${tag} || '-wh-' || g, ${ws}, (${connIds}::text[])[1 + (g % ${CONNS})], 'hubspot', ARRAY[]::text[], 'contact.propertyChange', '{}', 2,
      now() - (g * interval '1 minute'), (CASE WHEN g % 50 = 0 THEN 'failed' WHEN g < 5 THEN 'received' ELSE 'processed' END)::"WebhookDeliveryStatus"
    FROM generate_series(1, 43200) g`;
  await db.$executeRaw`
    INSERT INTO sync_conflicts (id, workspace_id, connection_id, object, record_id, field, status, created_at)
    SELECT 'bench-' || ${tag} || '-conflict-' || g, ${ws}, (${connIds}::text[])[1 + (g % ${CONNS})], 'contact', 'bench-' || ${tag} || '-rec-' || g, 'email',
      (CASE WHEN g % 4 = 0 THEN 'open' ELSE 'resolved' END)::"SyncConflictStatus", now() - (g * interval '1 hour')
    FROM generate_series(1, 400) g`;
  // A year of alerts for the bell: two a day resolved, one per connection still firing.
  await db.$executeRaw`
    INSERT INTO alerts (id, workspace_id, kind, connection_id, status, message, fired_at, resolved_at, resolved_reason)
    SELECT 'bench-' || ${tag} || '-alert-' || g, ${ws}, 'failure_rate', (${connIds}::text[])[1 + (g % ${CONNS})], 'resolved', 'Bench CRM: 3 of 20 runs failed', now() - (g * interval '12 hours'), now() - (g * interval '12 hours') + interval '1 hour', 'The condition cleared.'
    FROM generate_series(1, 730) g`;
  await db.$executeRaw`
    INSERT INTO alerts (id, workspace_id, kind, connection_id, open_key, status, message, fired_at)
    SELECT 'bench-' || ${tag} || '-firing-' || c.i, ${ws}, 'consecutive_failures', c.id, 'consecutive_failures:' || c.id, 'firing', 'Bench CRM: the last 6 runs failed in a row.', now() - interval '10 minutes'
    FROM unnest(${connIds}::text[]) WITH ORDINALITY AS c(id, i)`;
  for (const t of ["sync_runs", "sync_operations", "sync_rollups", "hub_records", "record_links", "webhook_deliveries", "sync_conflicts", "alerts"]) await db.$executeRawUnsafe(`ANALYZE ${t}`);
  const opCount = await db.syncOperation.count({ where: { workspaceId: ws } });
  console.log(`seeded ${opCount.toLocaleString("en-GB")} operations in ${runs.toLocaleString("en-GB")} runs, ${CONNS} connections, ${RECORDS.toLocaleString("en-GB")} records x ${CONNS} links, 43,200 webhook deliveries in ${((performance.now() - t0) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);

  for (const range of ["24h", "7d", "30d"] as const) {
    for (let i = 0; i < 5; i++) await loadDashboard(access, { range });
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const s = performance.now();
      const d = await loadDashboard(access, { range });
      times.push(performance.now() - s);
      if (d.connections.length !== CONNS) throw new Error("the dashboard lost connections");
    }
    console.log(`GET /api/w/<slug>/dashboard?range=${range}  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  (${SAMPLES} requests, loadDashboard)`);
  }
  const time = async (label: string, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) await fn();
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const s = performance.now();
      await fn();
      times.push(performance.now() - s);
    }
    console.log(`${label}  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  (${SAMPLES} requests)`);
  };
  await time("GET /api/w/<slug>/dashboard/alerts (the bell)", () => listAlerts(access));
  const first = await listWorkspaceRuns(access, {});
  await time("/w/<slug>/runs (first page)", () => listWorkspaceRuns(access, {}));
  await time("/w/<slug>/runs?status=failed", () => listWorkspaceRuns(access, { status: "failed" }));
  await time("/w/<slug>/runs?connection=<id>&since=7d", () => listWorkspaceRuns(access, { connection: connIds[3], since: "7d" }));
  await time("/w/<slug>/runs (next page)", () => listWorkspaceRuns(access, { before: first.nextBefore ?? undefined }));
  const runId = first.rows[0]?.id;
  if (!runId) throw new Error("no run to open");
  await time("/w/<slug>/runs/<runId>", () => loadRun(access, runId));
  await time("/w/<slug>/runs/<runId>?failed=1", () => loadRun(access, runId, { onlyFailed: true }));
  const pendingTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const s = performance.now();
    await countPendingPushes(ws);
    pendingTimes.push(performance.now() - s);
  }
  console.log(`queued-push count (background refresh, at most every 15 s per workspace)  p50 ${pct(pendingTimes, 50).toFixed(1)} ms  p95 ${pct(pendingTimes, 95).toFixed(1)} ms  (10 runs)`);
  await closeDriver();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
