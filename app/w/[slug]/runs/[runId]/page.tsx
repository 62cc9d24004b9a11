import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/field";
import { PageHeader } from "@/components/workspace/page-header";
import { SyncOperationsTable } from "@/components/sync/sync-operations-table";
import { formatDuration, formatRunTime, RUN_KIND_LABEL, RUN_TRIGGER_LABEL, RunStatusBadge } from "@/components/sync/sync-runs-table";
import { RefreshWhile, RunActions } from "@/components/dashboard/run-actions";
import { RunStepTimeline } from "@/components/dashboard/run-step-timeline";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { loadRun } from "@/lib/dashboard/load-run";
import { isAppError } from "@/lib/errors/app-error";
import { recordObjects } from "@/lib/records/record-objects";
import { cancelRunAction, pullAgainAction, retryRunFailuresAction } from "./actions";

export const metadata = { title: "Sync run" };

export default async function RunPage({ params, searchParams }: { params: Promise<{ slug: string; runId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, runId } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const onlyFailed = sp.failed === "1";
  let data: Awaited<ReturnType<typeof loadRun>>;
  try {
    data = await loadRun(access, runId, { onlyFailed });
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const { run, connection } = data;
  const s = access.workspace.slug;
  const base = `/w/${s}/runs/${runId}`;
  const running = run.status === "running";
  const stats: [string, string | number][] = [
    ["Started", formatRunTime(run.startedAt)],
    ["Finished", run.finishedAt ? formatRunTime(run.finishedAt) : "still running"],
    ["Duration", formatDuration(run.durationMs)],
    ["Mapping version", run.mappingVersion ?? "—"],
    ["Read", run.counts.read],
    ["Created", run.counts.created],
    ["Updated", run.counts.updated],
    ["Deleted", run.counts.deleted],
    ["Skipped (unchanged or echo)", run.counts.skipped],
    ["Failed", run.counts.failed],
    ["Conflicts opened", run.counts.conflicts],
  ];
  return (
    <div className="space-y-6">
      <RefreshWhile active={running} />
      <nav aria-label="Back to" className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-muted-foreground">
        <Link href={`/w/${s}/runs?connection=${connection.id}`} className="hover:text-foreground">
          ← Runs of {connection.name}
        </Link>
        <Link href={`/w/${s}/connections/${connection.id}`} className="hover:text-foreground">
          Connection settings
        </Link>
      </nav>
      <PageHeader
        title={`${RUN_KIND_LABEL[run.kind]} of ${recordObjects[run.object].plural.toLowerCase()}`}
        description={`${connection.name} · started by ${RUN_TRIGGER_LABEL[run.trigger]}.`}
        actions={<RunStatusBadge status={run.status} />}
      />
      <RunActions
        can={data.can}
        cancelAction={cancelRunAction.bind(null, s, runId)}
        retryAction={retryRunFailuresAction.bind(null, s, runId)}
        syncNowAction={pullAgainAction.bind(null, s, runId, "incremental")}
        fullResyncAction={pullAgainAction.bind(null, s, runId, "full")}
      />
      {run.error && run.status === "cancelled" ? (
        <p className="text-sm text-muted-foreground" data-testid="run-cancelled">
          {run.error.message}.
        </p>
      ) : run.error ? (
        <FormMessage kind="error" code={run.error.code}>
          {run.error.message}
        </FormMessage>
      ) : null}
      {run.kind !== "push" && run.counts.failed > 0 ? (
        <p className="text-sm text-muted-foreground">Records a pull could not write come back with the next pull that sees them changed, or with a full resync.</p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Summary" className="lg:col-span-2">
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
            {stats.map(([k, v]) => (
              <div key={k} className="flex justify-between gap-2">
                <dt className="text-muted-foreground">{k}</dt>
                <dd className="tabular-nums" data-testid={`run-stat-${k.split(" ")[0]!.toLowerCase()}`}>
                  {v}
                </dd>
              </div>
            ))}
            {run.cursorFrom || run.cursorTo ? (
              <div className="min-w-0 sm:col-span-2">
                <dt className="text-muted-foreground">Checkpoint from → to</dt>
                <dd className="font-mono text-xs break-all">
                  {run.cursorFrom ?? "(start)"} → {run.cursorTo ?? "—"}
                </dd>
              </div>
            ) : null}
          </dl>
        </Card>
        <Card title="Steps" description={data.stepsTruncated ? "The first 200 attempts. Times in UTC." : "Each page or batch, every attempt. Times in UTC."}>
          {data.steps.length === 0 ? <p className="text-sm text-muted-foreground">{running ? "The first step has not started yet." : "No steps were recorded for this run."}</p> : <RunStepTimeline steps={data.steps} runEnded={!running} />}
        </Card>
      </div>
      <Card
        title="Record operations"
        description={data.operationsTruncated ? "The first 500 operations." : undefined}
        actions={
          <Link href={onlyFailed ? base : `${base}?failed=1`} className="text-sm text-primary hover:underline">
            {onlyFailed ? "Show all" : "Only failures"}
          </Link>
        }
      >
        {data.operations.length === 0 ? (
          <p className="text-sm text-muted-foreground">{onlyFailed ? "No failed operations." : running ? "No records yet; they appear as each page is written." : "This run touched no records."}</p>
        ) : (
          <SyncOperationsTable operations={data.operations} recordHref={(rid) => `/w/${s}/${recordObjects[run.object].path}/${rid}`} />
        )}
      </Card>
    </div>
  );
}
