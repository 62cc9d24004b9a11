import { ScrollText } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/workspace/page-header";
import { AuditLogTable } from "@/components/dashboard/audit-log-table";
import { FilterSelect } from "@/components/dashboard/filter-select";
import { FilterBar, ListPager, listHref } from "@/components/dashboard/filter-bar";
import { requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { auditFiltersSchema, listAuditLog } from "@/lib/dashboard/audit-log";

export const metadata = { title: "Audit log" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuditLogPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspaceRole(slug, "admin");
  const filters = auditFiltersSchema.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, first(v)])));
  const log = await listAuditLog(access, filters);
  const s = access.workspace.slug;
  const path = `/w/${s}/audit`;
  const filtered = Object.entries(filters).some(([k, v]) => k !== "before" && v);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Who did what in this workspace, and every field a record change touched. Times in UTC."
        actions={
          <a href={listHref(`${path}/export`, filters)} className={buttonClass("outline", "", "sm")} download>
            Export CSV
          </a>
        }
      />
      <FilterBar label="Filter the audit log" clearHref={path} filtered={filtered} className="md:grid-cols-4">
        <FilterSelect id="audit-kind" name="kind" label="Kind" allLabel="Everything" value={filters.kind} options={[["workspace", "Workspace events"], ["records", "Record changes"]]} />
        <FilterSelect id="audit-actor" name="actor" label="Who" allLabel="Anyone" value={filters.actor} options={[["user", "People"], ["api", "API keys"], ["connection", "Connections"], ["system", "Switchboard"]]} />
        <FilterSelect id="audit-since" name="since" label="When" allLabel="Any time" value={filters.since} options={[["24h", "Last 24 h"], ["7d", "Last 7 days"], ["30d", "Last 30 days"]]} />
        <div className="min-w-0 space-y-1">
          <Label htmlFor="audit-q">Action or record</Label>
          <Input id="audit-q" name="q" defaultValue={filters.q ?? ""} placeholder="e.g. connection or Ada" />
        </div>
      </FilterBar>
      <Card>
        {log.rows.length === 0 ? (
          <EmptyState icon={ScrollText} title={filtered ? "Nothing matches these filters" : "Nothing has happened yet"} description={filtered ? "Widen the time range or clear a filter." : "Invitations, connections, API keys and record changes are recorded here."} />
        ) : (
          <div className="space-y-3">
            <AuditLogTable rows={log.rows} />
            <ListPager newestHref={filters.before ? listHref(path, filters) : null} olderHref={log.nextBefore ? listHref(path, filters, { before: log.nextBefore }) : null} olderLabel="Older entries" />
          </div>
        )}
      </Card>
    </div>
  );
}
