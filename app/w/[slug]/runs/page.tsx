import { ListChecks } from "lucide-react";
import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { RUN_KIND_LABEL, RUN_TRIGGER_LABEL } from "@/components/sync/sync-runs-table";
import { WorkspaceRunsTable } from "@/components/dashboard/workspace-runs-table";
import { FilterSelect } from "@/components/dashboard/filter-select";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { listConnections } from "@/lib/connections/list-connections";
import { listWorkspaceRuns, runFiltersSchema } from "@/lib/dashboard/list-workspace-runs";
import { recordObjects } from "@/lib/records/record-objects";

export const metadata = { title: "Sync runs" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function WorkspaceRunsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const filters = runFiltersSchema.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, first(v)])));
  const [connections, runs] = await Promise.all([listConnections(access.workspace.id), listWorkspaceRuns(access, filters)]);
  const s = access.workspace.slug;
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, before: undefined, ...extra })) if (typeof v === "string" && v) q.set(k, v);
    return `/w/${s}/runs${q.size ? `?${q.toString()}` : ""}`;
  };
  const filtered = Object.entries(filters).some(([k, v]) => k !== "before" && v);
  const select = (name: string, label: string, value: string | undefined, options: [string, string][]) => <FilterSelect id={`runs-${name}`} name={name} label={label} value={value} options={options} />;
  return (
    <div className="space-y-6">
      <PageHeader title="Sync runs" description="Every pull and push of every connection, newest first (times in UTC, kept for 30 days). Open a run for its records and HTTP exchanges." />
      <Card>
        <form method="get" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-label="Filter runs">
          {select("connection", "Connection", filters.connection, connections.map((c) => [c.id, c.name]))}
          {select("object", "Object", filters.object, Object.entries(recordObjects).map(([k, d]) => [k, d.plural]))}
          {select("kind", "Kind", filters.kind, Object.entries(RUN_KIND_LABEL))}
          {select("trigger", "Trigger", filters.trigger, Object.entries(RUN_TRIGGER_LABEL))}
          {select("status", "Status", filters.status, ["running", "succeeded", "partial", "failed", "cancelled"].map((x) => [x, x]))}
          {select("since", "Started", filters.since, [
            ["1h", "last hour"],
            ["24h", "last 24 h"],
            ["7d", "last 7 days"],
            ["30d", "last 30 days"],
          ])}
          <div className="col-span-full flex flex-wrap gap-2">
            <Button type="submit" size="sm">
              Apply filters
            </Button>
            {filtered ? (
              <Link href={`/w/${s}/runs`} className={buttonClass("outline", "", "sm")}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>
      </Card>
      <Card>
        {runs.rows.length === 0 ? (
          <EmptyState
            icon={ListChecks}
            title={filtered ? "No runs match these filters" : "No runs yet"}
            description={filtered ? "Widen the time range or clear a filter." : "Runs appear when a pull is due, when you press Sync now on a connection, or when a hub change is pushed."}
          />
        ) : (
          <div className="space-y-3">
            <WorkspaceRunsTable runs={runs.rows} slug={s} />
            <div className="flex flex-wrap justify-end gap-2">
              {filters.before ? (
                <Link href={query({})} className={buttonClass("outline", "", "sm")}>
                  Newest
                </Link>
              ) : null}
              {runs.nextBefore ? (
                <Link href={query({ before: runs.nextBefore })} className={buttonClass("outline", "", "sm")}>
                  Older runs
                </Link>
              ) : null}
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
