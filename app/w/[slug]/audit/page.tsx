import { ScrollText } from "lucide-react";
import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/workspace/page-header";
import { AuditLogTable } from "@/components/dashboard/audit-log-table";
import { FilterSelect } from "@/components/dashboard/filter-select";
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
  const query = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, before: undefined, ...extra })) if (typeof v === "string" && v) q.set(k, v);
    return q.size ? `?${q.toString()}` : "";
  };
  const filtered = Object.entries(filters).some(([k, v]) => k !== "before" && v);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Who did what in this workspace, and every field a record change touched. Times in UTC."
        actions={
          <a href={`/w/${s}/audit/export${query({})}`} className={buttonClass("outline", "", "sm")} download>
            Export CSV
          </a>
        }
      />
      <Card>
        <form method="get" className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Filter the audit log">
          <FilterSelect id="audit-kind" name="kind" label="Kind" allLabel="Everything" value={filters.kind} options={[["workspace", "Workspace events"], ["records", "Record changes"]]} />
          <FilterSelect id="audit-actor" name="actor" label="Who" allLabel="Anyone" value={filters.actor} options={[["user", "People"], ["api", "API keys"], ["connection", "Connections"], ["system", "Switchboard"]]} />
          <FilterSelect id="audit-since" name="since" label="When" allLabel="Any time" value={filters.since} options={[["24h", "Last 24 h"], ["7d", "Last 7 days"], ["30d", "Last 30 days"]]} />
          <div className="min-w-0 space-y-1">
            <Label htmlFor="audit-q">Action or record</Label>
            <Input id="audit-q" name="q" defaultValue={filters.q ?? ""} placeholder="e.g. connection or Ada" />
          </div>
          <div className="col-span-full flex flex-wrap gap-2">
            <Button type="submit" size="sm">
              Apply filters
            </Button>
            {filtered ? (
              <Link href={`/w/${s}/audit`} className={buttonClass("outline", "", "sm")}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>
      </Card>
      <Card>
        {log.rows.length === 0 ? (
          <EmptyState icon={ScrollText} title={filtered ? "Nothing matches these filters" : "Nothing has happened yet"} description={filtered ? "Widen the time range or clear a filter." : "Invitations, connections, API keys and record changes are recorded here."} />
        ) : (
          <div className="space-y-3">
            <AuditLogTable rows={log.rows} />
            <div className="flex flex-wrap justify-end gap-2">
              {filters.before ? (
                <Link href={`/w/${s}/audit${query({})}`} className={buttonClass("outline", "", "sm")}>
                  Newest
                </Link>
              ) : null}
              {log.nextBefore ? (
                <Link href={`/w/${s}/audit${query({ before: log.nextBefore })}`} className={buttonClass("outline", "", "sm")}>
                  Older entries
                </Link>
              ) : null}
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
