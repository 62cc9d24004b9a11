"use client";
// The dashboard, kept live: the server renders the first paint with the same data; TanStack Query then
// polls /api/w/<slug>/dashboard every 2 s while the tab is visible (paused in the background). Every box
// keeps its size while numbers change, so updates do not move the page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Activity, Cable, CircleAlert } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { HealthCard } from "@/components/dashboard/health-card";
import { OperationsChart } from "@/components/dashboard/operations-chart";
import { formatAgo, formatCount, formatMs, formatPercent, formatUtc } from "@/components/dashboard/dashboard-format";
import type { DashboardData, DashboardRange, RunningRun } from "@/lib/dashboard/load-dashboard";

export const DASHBOARD_POLL_MS = 2000;

async function fetchDashboard(slug: string, range: DashboardRange): Promise<DashboardData> {
  const res = await fetch(`/api/w/${encodeURIComponent(slug)}/dashboard?range=${range}`, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`The dashboard could not be refreshed (HTTP ${res.status}).`);
  return (await res.json()) as DashboardData;
}

function Stat({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="min-w-0 rounded-lg border border-border bg-card px-4 py-3 shadow-xs" data-testid={testId}>
      <p className="truncate text-sm text-muted-foreground">{label}</p>
      <p className="mt-1 truncate text-2xl font-semibold tabular-nums" data-testid={`${testId}-value`}>
        {value}
      </p>
      <p className="min-h-4 truncate text-xs text-muted-foreground">{detail ?? "\u00a0"}</p>
    </div>
  );
}

const KIND = { push: "Push", pull: "Pull", full_resync: "Full resync", backfill: "Backfill" } as const;
const STATUS_VARIANT = { running: "info", succeeded: "success", partial: "warning", failed: "danger", cancelled: "secondary" } as const;

function RunLine({ run, slug, now }: { run: RunningRun; slug: string; now: string }) {
  return (
    <li className="flex min-w-0 flex-col gap-1 py-2 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-4">
      <span className="min-w-0 truncate">
        <Link href={`/w/${slug}/runs/${run.id}`} className="font-medium text-primary hover:underline">
          {KIND[run.kind]} {run.objectLabel.toLowerCase()}
        </Link>{" "}
        <span className="text-muted-foreground">· {run.connectionName}</span>
      </span>
      <span className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground tabular-nums sm:shrink-0">
        <span>
          {formatCount(run.read)} read · {formatCount(run.written)} written{run.failed > 0 ? ` · ${formatCount(run.failed)} failed` : ""}
        </span>
        <span>{run.status === "running" ? `started ${formatAgo(run.startedAt, now)}` : formatMs(run.durationMs)}</span>
        <Badge variant={STATUS_VARIANT[run.status]}>{run.status}</Badge>
      </span>
    </li>
  );
}

/** A row of toggle buttons (aria-pressed): chart mode and time range. */
function Segmented<T extends string>({ label, value, onChange, options }: { label: string; value: T; onChange: (v: T) => void; options: readonly (readonly [T, string])[] }) {
  return (
    <div role="group" aria-label={label} className="inline-flex max-w-full items-center gap-1 rounded-md bg-muted p-1 text-muted-foreground">
      {options.map(([v, l]) => (
        <button
          key={v}
          type="button"
          aria-pressed={value === v}
          onClick={() => onChange(v)}
          className="rounded-sm px-3 py-1 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring aria-pressed:bg-card aria-pressed:text-foreground aria-pressed:shadow-sm"
        >
          {l}
        </button>
      ))}
    </div>
  );
}

export function LiveDashboard({ slug, initial }: { slug: string; initial: DashboardData }) {
  const [range, setRange] = useState<DashboardRange>(initial.range);
  const [mode, setMode] = useState<"outcome" | "connection">("outcome");
  const query = useQuery({
    queryKey: ["dashboard", slug, range],
    queryFn: () => fetchDashboard(slug, range),
    ...(range === initial.range ? { initialData: initial, initialDataUpdatedAt: new Date(initial.generatedAt).getTime() } : {}),
    placeholderData: keepPreviousData,
    refetchInterval: DASHBOARD_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  const data = query.data ?? initial;
  const t = data.totals;
  const now = data.generatedAt;

  if (t.connections === 0) {
    return (
      <EmptyState
        icon={Cable}
        title="Connect your first CRM"
        description="Pick an integration, sign in to it or paste an API key. Its health, runs and charts appear here as soon as it syncs."
        action={
          <Link href={`/w/${slug}/integrations`} className={buttonClass()}>
            Browse integrations
          </Link>
        }
      />
    );
  }

  return (
    <div className="space-y-6" data-testid="live-dashboard" data-generated-at={data.generatedAt}>
      <p className="flex min-h-5 items-center gap-2 text-xs text-muted-foreground" aria-live="polite">
        {query.isError ? (
          <>
            <CircleAlert aria-hidden className="size-3.5 text-destructive" /> {query.error.message} Showing data from {formatUtc(data.generatedAt)}.
          </>
        ) : (
          <>
            <Activity aria-hidden className="size-3.5 text-success" /> Live: refreshed every 2 s while this tab is open. Times in UTC.
          </>
        )}
      </p>
      <section aria-label="Workspace totals" className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <Stat testId="total-connections" label="Connected CRMs" value={`${t.activeConnections} of ${t.connections}`} detail={`${t.reachableConnections} reachable`} />
        <Stat testId="total-last-sync" label="Last sync" value={formatAgo(t.lastSyncAt, now)} detail={t.lastSyncAt ? formatUtc(t.lastSyncAt) : "no run has finished yet"} />
        <Stat testId="total-pending" label="Pending updates" value={formatCount(t.pendingUpdates)} detail={`queued pushes (counted ${formatAgo(t.pendingCountedAt, now)}) + webhooks`} />
        <Stat testId="total-imported" label="Imported today" value={formatCount(t.today.imported)} detail="records created (UTC day)" />
        <Stat testId="total-updated" label="Updated today" value={formatCount(t.today.updated)} detail="records updated (UTC day)" />
        <Stat testId="total-failed" label="Failed today" value={formatCount(t.today.failed)} detail="record operations that failed" />
        <Stat testId="total-avg" label="Average sync time" value={formatMs(t.avgSyncMs24h)} detail="per run, last 24 h" />
        <Stat testId="total-success" label="Success rate 24 h" value={formatPercent(t.successRate24h)} detail={`${formatCount(t.runs24h)} runs`} />
        <Stat testId="total-availability" label="Provider availability" value={formatPercent(t.providerAvailability24h)} detail={t.providerCalls24h > 0 ? `answered, of ${formatCount(t.providerCalls24h)} requests in 24 h` : "no provider requests in 24 h"} />
      </section>

      <section aria-labelledby="health-heading">
        <h2 id="health-heading" className="mb-3 text-base font-semibold">
          Connection health
        </h2>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {data.connections.map((c) => (
            <HealthCard key={c.id} card={c} slug={slug} now={now} />
          ))}
        </div>
      </section>

      <Card
        title="Record operations"
        description="Records created, updated or deleted vs failed, from finished runs (UTC)."
      >
        <div className="mb-4 flex flex-wrap gap-2">
          <Segmented label="Chart by" value={mode} onChange={setMode} options={[["outcome", "Outcome"], ["connection", "Connection"]]} />
          <Segmented label="Time range" value={range} onChange={setRange} options={[["24h", "24 h"], ["7d", "7 d"], ["30d", "30 d"]]} />
        </div>
        {data.chart.points.some((p) => p.succeeded + p.failed > 0) ? (
          <OperationsChart chart={data.chart} mode={mode} />
        ) : (
          <EmptyState
            className="h-64"
            title="No record operations in this period"
            description="Switch sync on for an object in a connection's Sync section, or press Sync now there: runs appear here as they finish."
          />
        )}
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Running now" description="Syncs in progress: records read and written so far.">
          {data.activeRuns.length === 0 ? (
            <p className="py-2 text-sm text-muted-foreground">No sync is running. Scheduled pulls start on their own; Sync now is on each connection page.</p>
          ) : (
            <ul className="divide-y divide-border" data-testid="active-runs">
              {data.activeRuns.map((r) => (
                <RunLine key={r.id} run={r} slug={slug} now={now} />
              ))}
            </ul>
          )}
        </Card>
        <Card title="Latest runs" description="The newest runs of the last 24 h.">
          {data.recentRuns.length === 0 ? (
            <p className="py-2 text-sm text-muted-foreground">No runs in the last 24 h.</p>
          ) : (
            <ul className="divide-y divide-border" data-testid="recent-runs">
              {data.recentRuns.map((r) => (
                <RunLine key={r.id} run={r} slug={slug} now={now} />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
