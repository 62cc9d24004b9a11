import { GitMerge } from "lucide-react";
import { PageHeader } from "@/components/workspace/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { ConflictInbox, type ConflictView } from "@/components/conflicts/conflict-inbox";
import { resolveConflictAction, resolveFilteredAction } from "@/components/conflicts/conflict-actions";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { db } from "@/lib/db/client";
import { fieldLabel, listOpenConflicts } from "@/lib/conflicts/list-conflicts";

export const metadata = { title: "Conflicts" };

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 200 ? s : undefined;
}

function text(v: unknown): string {
  if (v === null || v === undefined || v === "") return "(empty)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export default async function ConflictsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const s = access.workspace.slug;
  const filter = { connectionId: one(sp.connection), field: one(sp.field) };
  const { rows, total } = await listOpenConflicts(access, filter);
  const [connections, fields] = await Promise.all([
    db.connection.findMany({ where: { workspaceId: access.workspace.id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.syncConflict.groupBy({ by: ["object", "field"], where: { workspaceId: access.workspace.id, status: "open" } }),
  ]);
  const views: ConflictView[] = rows.map((r) => ({
    id: r.id,
    recordTitle: r.recordTitle,
    recordHref: `/w/${s}/${r.recordPath}/${r.recordId}`,
    connectionName: r.connectionName,
    connectionHref: `/w/${s}/connections/${r.connectionId}`,
    providerName: r.providerName,
    fieldLabel: r.fieldLabel,
    hubValue: text(r.hubValue),
    hubChangedAt: r.hubChangedAt?.toISOString() ?? null,
    hubSource: r.hubSource,
    providerValue: text(r.providerValue),
    providerChangedAt: r.providerChangedAt?.toISOString() ?? null,
    openedAt: r.openedAt.toISOString(),
    stale: r.stale,
  }));
  const fieldOptions = [...new Map(fields.map((f) => [f.field, fieldLabel(f.object, f.field)])).entries()];
  const connName = connections.find((c) => c.id === filter.connectionId)?.name;
  const filterLabel = [connName ? `in ${connName}` : "", filter.field ? `on ${fieldOptions.find(([k]) => k === filter.field)?.[1] ?? filter.field}` : ""].filter(Boolean).join(" ");
  return (
    <div>
      <PageHeader title="Conflicts" description="Fields changed both in Switchboard and in a connected system under a manual policy. Switchboard keeps its value until you choose. Times are UTC." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2" aria-label="Filter conflicts">
        <label className="grid gap-1 text-sm">
          Connection
          <NativeSelect name="connection" defaultValue={filter.connectionId ?? ""} className="w-56">
            <option value="">All connections</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </NativeSelect>
        </label>
        <label className="grid gap-1 text-sm">
          Field
          <NativeSelect name="field" defaultValue={filter.field ?? ""} className="w-48">
            <option value="">All fields</option>
            {fieldOptions.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </label>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {total === 0 ? (
        <EmptyState icon={GitMerge} title="No open conflicts" description={filterLabel ? "Nothing matches this filter." : "When a field under a manual policy changes on both sides, it shows up here."} />
      ) : (
        <ConflictInbox actions={{ resolve: resolveConflictAction.bind(null, s), resolveFiltered: resolveFilteredAction.bind(null, s) }} rows={views} total={total} filter={{ ...(filter.connectionId ? { connectionId: filter.connectionId } : {}), ...(filter.field ? { field: filter.field } : {}) }} filterLabel={filterLabel} />
      )}
    </div>
  );
}
