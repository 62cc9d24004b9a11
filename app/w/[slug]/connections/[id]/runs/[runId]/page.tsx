import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/field";
import { PageHeader } from "@/components/workspace/page-header";
import { SyncOperationsTable } from "@/components/sync/sync-operations-table";
import { formatDuration, formatRunTime, RUN_KIND_LABEL, RUN_TRIGGER_LABEL, RunStatusBadge } from "@/components/sync/sync-runs-table";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { isAppError } from "@/lib/errors/app-error";
import { recordObjects } from "@/lib/records/record-objects";
import { getSyncRun } from "@/lib/sync/list-sync-runs";

export const metadata = { title: "Sync run" };

export default async function SyncRunPage({ params, searchParams }: { params: Promise<{ slug: string; id: string; runId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, id, runId } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const onlyFailed = sp.failed === "1";
  let data: Awaited<ReturnType<typeof getSyncRun>>;
  try {
    data = await getSyncRun(access, id, runId, { onlyFailed });
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const { run } = data;
  const base = `/w/${access.workspace.slug}/connections/${id}`;
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
      <Link href={`${base}/runs`} className="text-sm text-muted-foreground hover:text-foreground">
        ← Sync runs
      </Link>
      <PageHeader title={`${RUN_KIND_LABEL[run.kind]} of ${recordObjects[run.object].plural.toLowerCase()}`} description={`Started by ${RUN_TRIGGER_LABEL[run.trigger]}.`} actions={<RunStatusBadge status={run.status} />} />
      {run.error ? (
        <FormMessage kind="error" code={run.error.code}>
          {run.error.message}
        </FormMessage>
      ) : null}
      <Card title="Summary">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {stats.map(([k, v]) => (
            <div key={k} className="flex justify-between gap-2">
              <dt className="text-muted-foreground">{k}</dt>
              <dd className="tabular-nums">{v}</dd>
            </div>
          ))}
          {run.cursorFrom || run.cursorTo ? (
            <div className="min-w-0 sm:col-span-2 lg:col-span-3">
              <dt className="text-muted-foreground">Checkpoint from → to</dt>
              <dd className="font-mono text-xs break-all">
                {run.cursorFrom ?? "(start)"} → {run.cursorTo ?? "—"}
              </dd>
            </div>
          ) : null}
        </dl>
      </Card>
      <Card
        title="Record operations"
        description={data.operationsTruncated ? "The first 500 operations." : undefined}
        actions={
          <Link href={onlyFailed ? `${base}/runs/${runId}` : `${base}/runs/${runId}?failed=1`} className="text-sm text-primary hover:underline">
            {onlyFailed ? "Show all" : "Only failures"}
          </Link>
        }
      >
        {data.operations.length === 0 ? <p className="text-sm text-muted-foreground">{onlyFailed ? "No failed operations." : "This run touched no records."}</p> : <SyncOperationsTable operations={data.operations} recordHref={(rid) => `/w/${access.workspace.slug}/${recordObjects[run.object].path}/${rid}`} />}
      </Card>
    </div>
  );
}
