// The dashboard's data for one workspace: a health card per connection, workspace totals, operations over
// time and the runs in flight. Reads hourly rollups (lib/sync/sync-runs.ts finishRun) instead of raw
// operations, so the cost does not grow with the operation log; runs still running are added from their
// own counters so the numbers move while a sync works.
import { z } from "zod";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import { getProvider } from "@/lib/integrations/registry";
import { recordObjects } from "@/lib/records/record-objects";
import type { RecordObject, SyncRunKind, SyncRunStatus, SyncRunTrigger } from "@/lib/generated/prisma/enums";
import { rate, scoreHealth, type HealthResult } from "@/lib/dashboard/health-score";
import { pendingPushesRecent } from "@/lib/dashboard/pending-pushes";

export const dashboardRangeSchema = z.enum(["24h", "7d", "30d"]);
export type DashboardRange = z.infer<typeof dashboardRangeSchema>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RANGES: Record<DashboardRange, { spanMs: number; bucketMs: number; bucketSql: string }> = {
  "24h": { spanMs: DAY, bucketMs: HOUR, bucketSql: "1 hour" },
  "7d": { spanMs: 7 * DAY, bucketMs: 6 * HOUR, bucketSql: "6 hours" },
  "30d": { spanMs: 30 * DAY, bucketMs: DAY, bucketSql: "1 day" },
};

export type ConnectionCard = {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  environment: string;
  connectionStatus: string;
  health: HealthResult;
  parts: {
    runs24h: number;
    failedRuns24h: number;
    runs7d: number;
    failedRuns7d: number;
    records24h: number;
    failedRecords24h: number;
    lastSuccessfulPullAt: string | null;
    pullIntervalMinutes: number | null;
    queuedPushes: number;
    failedRecords: number;
    unprocessedWebhooks: number;
    webhooks24h: number;
    failedWebhooks24h: number;
    openConflicts: number;
    tokenExpiresAt: string | null;
    authKind: string;
    /** the newest rate-limit budget the provider's headers reported (lib/dashboard/provider-traffic.ts) */
    rateLimit: { remaining: number | null; limit: number | null; resetAt: string | null; observedAt: string } | null;
    /** provider calls in the last 24 h and how many got no answer (network error, timeout, 5xx) */
    providerCalls24h: number;
    providerUnavailable24h: number;
  };
  running: number;
};

export type RunningRun = {
  id: string;
  connectionId: string;
  connectionName: string;
  object: RecordObject;
  objectLabel: string;
  kind: SyncRunKind;
  trigger: SyncRunTrigger;
  status: SyncRunStatus;
  startedAt: string;
  durationMs: number | null;
  read: number;
  written: number;
  failed: number;
};

export type ChartPoint = { t: string; succeeded: number; failed: number; byConnection: Record<string, number> };

export type DashboardData = {
  generatedAt: string;
  range: DashboardRange;
  totals: {
    connections: number;
    activeConnections: number;
    reachableConnections: number;
    lastSyncAt: string | null;
    pendingUpdates: number;
    /** when the queued pushes were counted (lib/dashboard/pending-pushes.ts) */
    pendingCountedAt: string;
    today: { imported: number; updated: number; failed: number };
    avgSyncMs24h: number | null;
    successRate24h: number | null;
    runs24h: number;
    /** share of provider calls in the last 24 h that got an answer (null: no calls) */
    providerAvailability24h: number | null;
    providerCalls24h: number;
  };
  connections: ConnectionCard[];
  chart: { bucketMs: number; points: ChartPoint[]; connections: { id: string; name: string }[] };
  activeRuns: RunningRun[];
  recentRuns: RunningRun[];
};

const UNREACHABLE = new Set(["PROVIDER_UNAVAILABLE", "CONNECTION_FAILED"]);

type SumRow = {
  connection_id: string;
  runs_24: bigint;
  failed_runs_24: bigint;
  runs_7: bigint;
  failed_runs_7: bigint;
  written_24: bigint;
  failed_24: bigint;
  duration_24: bigint;
  imported_today: bigint;
  updated_today: bigint;
  failed_today: bigint;
};

const n = (v: bigint | number | null | undefined) => Number(v ?? 0);

/** For a member of the workspace (any role): everything the dashboard shows, as plain JSON. */
export async function loadDashboard(access: WorkspaceAccess, opts: { range?: DashboardRange; now?: Date } = {}): Promise<DashboardData> {
  const wsId = access.workspace.id;
  const range = opts.range ?? "24h";
  const now = opts.now ?? new Date();
  const since24 = new Date(now.getTime() - DAY);
  const since7 = new Date(now.getTime() - 7 * DAY);
  const today = new Date(now);
  today.setUTCHours(0, 0, 0, 0);
  const spec = RANGES[range];
  const rangeStart = new Date(Math.floor((now.getTime() - spec.spanMs) / spec.bucketMs) * spec.bucketMs + spec.bucketMs);

  const [connections, settings, sums, chartRows, lastPulls, webhooks, conflicts, failedLinks, pendingRecent, runs, rateLimits, calls] = await Promise.all([
    db.connection.findMany({
      where: { workspaceId: wsId },
      select: { id: true, name: true, provider: true, environment: true, status: true, authKind: true, tokenExpiresAt: true, refreshFailingSince: true, syncEnabled: true, lastErrorMessage: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    db.syncSetting.findMany({ where: { workspaceId: wsId }, select: { connectionId: true, enabled: true, direction: true, pullIntervalMinutes: true, lastErrorCode: true, lastErrorMessage: true, lastErrorAt: true } }),
    db.$queryRaw<SumRow[]>`
      SELECT connection_id,
        coalesce(sum(runs) FILTER (WHERE hour >= ${since24}), 0)::bigint AS runs_24,
        coalesce(sum(failed_runs) FILTER (WHERE hour >= ${since24}), 0)::bigint AS failed_runs_24,
        coalesce(sum(runs), 0)::bigint AS runs_7,
        coalesce(sum(failed_runs), 0)::bigint AS failed_runs_7,
        coalesce(sum(created_count + updated_count + deleted_count) FILTER (WHERE hour >= ${since24}), 0)::bigint AS written_24,
        coalesce(sum(failed_count) FILTER (WHERE hour >= ${since24}), 0)::bigint AS failed_24,
        coalesce(sum(duration_ms) FILTER (WHERE hour >= ${since24}), 0)::bigint AS duration_24,
        coalesce(sum(created_count) FILTER (WHERE hour >= ${today}), 0)::bigint AS imported_today,
        coalesce(sum(updated_count) FILTER (WHERE hour >= ${today}), 0)::bigint AS updated_today,
        coalesce(sum(failed_count) FILTER (WHERE hour >= ${today}), 0)::bigint AS failed_today
      FROM sync_rollups WHERE workspace_id = ${wsId} AND hour >= ${since7}
      GROUP BY connection_id`,
    db.$queryRaw<{ connection_id: string; bucket: Date; ok: bigint; failed: bigint }[]>`
      SELECT connection_id, date_bin(${spec.bucketSql}::interval, hour, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
        sum(created_count + updated_count + deleted_count)::bigint AS ok, sum(failed_count)::bigint AS failed
      FROM sync_rollups WHERE workspace_id = ${wsId} AND hour >= ${rangeStart}
      GROUP BY 1, 2`,
    // the newest good pull per (connection, object) walks sync_runs' (connection, object, started_at) index
    db.$queryRaw<{ connection_id: string; at: Date }[]>`
      SELECT s.connection_id, max(x.at) AS at FROM sync_settings s
      CROSS JOIN LATERAL (
        SELECT coalesce(r.finished_at, r.started_at) AS at FROM sync_runs r
        WHERE r.connection_id = s.connection_id AND r.object = s.object AND r.status IN ('succeeded', 'partial') AND r.kind <> 'push'
        ORDER BY r.started_at DESC LIMIT 1
      ) x
      WHERE s.workspace_id = ${wsId}
      GROUP BY s.connection_id`,
    db.$queryRaw<{ connection_id: string; unprocessed: bigint; oldest_unprocessed: Date | null; total_24: bigint; failed_24: bigint }[]>`
      SELECT connection_id,
        count(*) FILTER (WHERE status IN ('received', 'processing'))::bigint AS unprocessed,
        min(received_at) FILTER (WHERE status IN ('received', 'processing')) AS oldest_unprocessed,
        count(*) FILTER (WHERE received_at >= ${since24} AND status IN ('processed', 'skipped', 'failed'))::bigint AS total_24,
        count(*) FILTER (WHERE received_at >= ${since24} AND status = 'failed')::bigint AS failed_24
      FROM webhook_deliveries
      WHERE workspace_id = ${wsId} AND (received_at >= ${since24} OR status IN ('received', 'processing'))
      GROUP BY connection_id`,
    db.$queryRaw<{ connection_id: string; open: bigint; oldest: Date }[]>`
      SELECT connection_id, count(*)::bigint AS open, min(created_at) AS oldest FROM sync_conflicts
      WHERE workspace_id = ${wsId} AND status = 'open' GROUP BY connection_id`,
    db.$queryRaw<{ connection_id: string; failed: bigint }[]>`
      SELECT l.connection_id, count(*)::bigint AS failed FROM record_links l
      JOIN connections c ON c.id = l.connection_id AND c.workspace_id = ${wsId}
      WHERE l.status = 'failed' GROUP BY l.connection_id`,
    pendingPushesRecent(wsId),
    db.syncRun.findMany({
      where: { workspaceId: wsId, startedAt: { gte: since24 } },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: 200,
      select: {
        id: true, connectionId: true, object: true, kind: true, trigger: true, status: true, startedAt: true, finishedAt: true, durationMs: true,
        readCount: true, createdCount: true, updatedCount: true, deletedCount: true, failedCount: true, errorCode: true, errorMessage: true,
      },
    }),
    db.connectionRateLimit.findMany({ where: { workspaceId: wsId }, select: { connectionId: true, remaining: true, limit: true, resetAt: true, observedAt: true } }),
    db.$queryRaw<{ connection_id: string; calls: bigint; unavailable: bigint }[]>`
      SELECT connection_id, sum(calls)::bigint AS calls, sum(unavailable)::bigint AS unavailable FROM provider_call_stats
      WHERE workspace_id = ${wsId} AND hour >= ${new Date(Math.floor(since24.getTime() / HOUR) * HOUR)} GROUP BY connection_id`,
  ]);

  const pending = pendingRecent.counts;
  const names = new Map(connections.map((c) => [c.id, c.name]));
  const toRun = (r: (typeof runs)[number]): RunningRun => ({
    id: r.id,
    connectionId: r.connectionId,
    connectionName: names.get(r.connectionId) ?? "a deleted connection",
    object: r.object,
    objectLabel: recordObjects[r.object].plural,
    kind: r.kind,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    durationMs: r.durationMs,
    read: r.readCount,
    written: r.createdCount + r.updatedCount + r.deletedCount,
    failed: r.failedCount,
  });
  // Runs still in flight are not in the rollups yet (a run is rolled up when it finishes).
  const active = runs.filter((r) => r.status === "running");

  const sumBy = new Map(sums.map((s) => [s.connection_id, s]));
  const pullBy = new Map(lastPulls.map((p) => [p.connection_id, p.at]));
  const hookBy = new Map(webhooks.map((w) => [w.connection_id, w]));
  const conflictBy = new Map(conflicts.map((c) => [c.connection_id, c]));
  const failedLinkBy = new Map(failedLinks.map((f) => [f.connection_id, n(f.failed)]));
  const rateLimitBy = new Map(rateLimits.map((r) => [r.connectionId, r]));
  const callsBy = new Map(calls.map((c) => [c.connection_id, c]));
  const lastRunBy = new Map<string, (typeof runs)[number]>();
  for (const r of runs) if (r.status !== "running" && !lastRunBy.has(r.connectionId)) lastRunBy.set(r.connectionId, r);

  let reachable = 0;
  const cards: ConnectionCard[] = connections.map((c) => {
    const s = sumBy.get(c.id);
    const mine = settings.filter((x) => x.connectionId === c.id);
    const pulling = mine.filter((x) => x.enabled && x.direction !== "push");
    const pullIntervalMinutes = pulling.length > 0 ? Math.min(...pulling.map((x) => x.pullIntervalMinutes)) : null;
    const hooks = hookBy.get(c.id);
    const conflict = conflictBy.get(c.id);
    const lastRun = lastRunBy.get(c.id);
    const lastPull = pullBy.get(c.id) ?? null;
    const unreachable = mine.some((x) => x.lastErrorCode !== null && UNREACHABLE.has(x.lastErrorCode)) || (lastRun?.status === "failed" && UNREACHABLE.has(lastRun.errorCode ?? ""));
    if (c.status === "active" && !unreachable) reachable += 1;
    const running = active.filter((r) => r.connectionId === c.id);
    const rl = rateLimitBy.get(c.id);
    const parts: ConnectionCard["parts"] = {
      runs24h: n(s?.runs_24),
      failedRuns24h: n(s?.failed_runs_24),
      runs7d: n(s?.runs_7),
      failedRuns7d: n(s?.failed_runs_7),
      records24h: n(s?.written_24) + running.reduce((a, r) => a + r.createdCount + r.updatedCount + r.deletedCount, 0),
      failedRecords24h: n(s?.failed_24) + running.reduce((a, r) => a + r.failedCount, 0),
      lastSuccessfulPullAt: lastPull?.toISOString() ?? null,
      pullIntervalMinutes,
      queuedPushes: pending.get(c.id) ?? 0,
      failedRecords: failedLinkBy.get(c.id) ?? 0,
      unprocessedWebhooks: n(hooks?.unprocessed),
      webhooks24h: n(hooks?.total_24),
      failedWebhooks24h: n(hooks?.failed_24),
      openConflicts: n(conflict?.open),
      tokenExpiresAt: c.tokenExpiresAt?.toISOString() ?? null,
      authKind: c.authKind,
      rateLimit: rl ? { remaining: rl.remaining, limit: rl.limit, resetAt: rl.resetAt?.toISOString() ?? null, observedAt: rl.observedAt.toISOString() } : null,
      providerCalls24h: n(callsBy.get(c.id)?.calls),
      providerUnavailable24h: n(callsBy.get(c.id)?.unavailable),
    };
    const health = scoreHealth(
      {
        connectionStatus: c.status,
        connectionError: c.lastErrorMessage,
        syncEnabled: c.syncEnabled,
        runs24h: parts.runs24h,
        failedRuns24h: parts.failedRuns24h,
        runs7d: parts.runs7d,
        failedRuns7d: parts.failedRuns7d,
        records24h: parts.records24h,
        failedRecords24h: parts.failedRecords24h,
        lastRunError: lastRun?.status === "failed" ? (lastRun.errorMessage ?? lastRun.errorCode) : null,
        pullIntervalMinutes,
        lastSuccessfulPullAt: lastPull,
        connectedAt: c.createdAt,
        queuedPushes: parts.queuedPushes,
        unprocessedWebhooks: parts.unprocessedWebhooks,
        oldestUnprocessedWebhookAt: hooks?.oldest_unprocessed ?? null,
        webhooks24h: parts.webhooks24h,
        failedWebhooks24h: parts.failedWebhooks24h,
        openConflicts: parts.openConflicts,
        oldestOpenConflictAt: conflict?.oldest ?? null,
        authKind: c.authKind,
        tokenExpiresAt: c.tokenExpiresAt,
        refreshFailingSince: c.refreshFailingSince,
        rateLimit: rl ? { remaining: rl.remaining, limit: rl.limit, resetAt: rl.resetAt } : null,
        providerCalls24h: parts.providerCalls24h,
        providerUnavailable24h: parts.providerUnavailable24h,
      },
      now,
    );
    return {
      id: c.id,
      name: c.name,
      provider: c.provider,
      providerName: getProvider(c.provider)?.name ?? c.provider,
      environment: c.environment,
      connectionStatus: c.status,
      health,
      parts,
      running: running.length,
    };
  });

  const points = new Map<number, ChartPoint>();
  for (let t = rangeStart.getTime(); t <= now.getTime(); t += spec.bucketMs) points.set(t, { t: new Date(t).toISOString(), succeeded: 0, failed: 0, byConnection: {} });
  for (const row of chartRows) {
    const p = points.get(row.bucket.getTime());
    if (!p) continue;
    p.succeeded += n(row.ok);
    p.failed += n(row.failed);
    p.byConnection[row.connection_id] = (p.byConnection[row.connection_id] ?? 0) + n(row.ok) + n(row.failed);
  }

  const sum = (pick: (s: SumRow) => bigint) => sums.reduce((a, s) => a + n(pick(s)), 0);
  const activeToday = active.filter((r) => r.startedAt >= today);
  const runs24h = sum((s) => s.runs_24);
  const lastFinished = runs.find((r) => r.finishedAt !== null)?.finishedAt ?? [...pullBy.values()].sort((a, b) => b.getTime() - a.getTime())[0] ?? null;

  return {
    generatedAt: now.toISOString(),
    range,
    totals: {
      connections: connections.length,
      activeConnections: connections.filter((c) => c.status === "active").length,
      reachableConnections: reachable,
      lastSyncAt: lastFinished?.toISOString() ?? null,
      pendingCountedAt: pendingRecent.countedAt.toISOString(),
      pendingUpdates: cards.reduce((a, c) => a + c.parts.queuedPushes + c.parts.unprocessedWebhooks, 0),
      today: {
        imported: sum((s) => s.imported_today) + activeToday.reduce((a, r) => a + r.createdCount, 0),
        updated: sum((s) => s.updated_today) + activeToday.reduce((a, r) => a + r.updatedCount, 0),
        failed: sum((s) => s.failed_today) + activeToday.reduce((a, r) => a + r.failedCount, 0),
      },
      avgSyncMs24h: runs24h > 0 ? Math.round(sum((s) => s.duration_24) / runs24h) : null,
      successRate24h: rate(runs24h, sum((s) => s.failed_runs_24)),
      runs24h,
      providerAvailability24h: rate(calls.reduce((a, c) => a + n(c.calls), 0), calls.reduce((a, c) => a + n(c.unavailable), 0)),
      providerCalls24h: calls.reduce((a, c) => a + n(c.calls), 0),
    },
    connections: cards,
    chart: { bucketMs: spec.bucketMs, points: [...points.values()], connections: connections.map((c) => ({ id: c.id, name: c.name })) },
    activeRuns: active.map(toRun),
    recentRuns: runs.slice(0, 8).map(toRun),
  };
}
