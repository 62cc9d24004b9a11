import { ListChecks } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { RUN_KIND_LABEL, RUN_TRIGGER_LABEL, SyncRunsTable } from "@/components/sync/sync-runs-table";
import { FilterBar, ListPager, listHref } from "@/components/dashboard/filter-bar";
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
  const path = `/w/${s}/runs`;
  const filtered = Object.entries(filters).some(([k, v]) => k !== "before" && v);
  const select = (name: string, label: string, value: string | undefined, options: [string, string][]) => <FilterSelect id={`runs-${name}`} name={name} label={label} value={value} options={options} />;
  return (
    <div className="space-y-6">
      <PageHeader title="Sync runs" description="Every pull and push of every connection, newest first (times in UTC, kept for 30 days). Open a run for its records and HTTP exchanges." />
      <FilterBar label="Filter runs" clearHref={path} filtered={filtered} className="md:grid-cols-3 xl:grid-cols-6">
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
      </FilterBar>
      <Card>
        {runs.rows.length === 0 ? (
          <EmptyState
            icon={ListChecks}
            title={filtered ? "No runs match these filters" : "No runs yet"}
            description={filtered ? "Widen the time range or clear a filter." : "Runs appear when a pull is due, when you press Sync now on a connection, or when a hub change is pushed."}
          />
        ) : (
          <div className="space-y-3">
            <SyncRunsTable runs={runs.rows} runHref={(id) => `/w/${s}/runs/${id}`} />
            <ListPager newestHref={filters.before ? listHref(path, filters) : null} olderHref={runs.nextBefore ? listHref(path, filters, { before: runs.nextBefore }) : null} olderLabel="Older runs" />
          </div>
        )}
      </Card>
    </div>
  );
}
