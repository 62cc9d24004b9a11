// The list page of one record kind (/w/<slug>/contacts, orders, products, appointments).
import Link from "next/link";
import { Plus } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormMessage } from "@/components/ui/field";
import { PageHeader } from "@/components/workspace/page-header";
import { RecordFilters } from "@/components/records/record-filters";
import { RecordTable } from "@/components/records/record-table";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { isAppError } from "@/lib/errors/app-error";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { listRecords, listRecordsQuerySchema, type RecordPage } from "@/lib/records/list-records";
import { recordObjects } from "@/lib/records/record-objects";
import type { FieldDescriptor } from "@/lib/records/record-object-definition";

export type RecordRouteProps = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export async function RecordListPage(object: RecordObject, { params, searchParams }: RecordRouteProps) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const def = recordObjects[object];
  const base = `/w/${access.workspace.slug}/${def.path}`;
  const parsed = listRecordsQuerySchema.safeParse({ q: one(sp.q), status: one(sp.status), sort: one(sp.sort), cursor: one(sp.cursor) });
  const query = parsed.success ? parsed.data : listRecordsQuerySchema.parse({});
  let page: RecordPage;
  let error: string | null = null;
  try {
    page = await listRecords(access, object, query);
  } catch (err) {
    if (!isAppError(err)) throw err;
    error = err.message;
    page = await listRecords(access, object, { ...query, cursor: undefined });
  }
  const keep = new URLSearchParams();
  if (query.q) keep.set("q", query.q);
  if (query.status) keep.set("status", query.status);
  if (query.sort !== "updated") keep.set("sort", query.sort);
  const href = (cursor?: string) => {
    const p = new URLSearchParams(keep);
    if (cursor) p.set("cursor", cursor);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const statusField = def.statusField ? def.fields.find((f) => f.key === def.statusField) : undefined;
  const columns = def.listFields.map((k) => def.fields.find((f) => f.key === k)).filter((f): f is FieldDescriptor => f !== undefined && f.kind !== "currency");
  const filtered = Boolean(query.q || query.status);
  return (
    <div className="space-y-6">
      <PageHeader
        title={def.plural}
        description={`The ${def.plural.toLowerCase()} of this workspace.`}
        actions={
          <Link href={`${base}/new`} className={buttonClass("primary")}>
            <Plus aria-hidden />
            New {def.label.toLowerCase()}
          </Link>
        }
      />
      {one(sp.deleted) ? <FormMessage kind="success">{def.label} deleted.</FormMessage> : null}
      {error ? <FormMessage kind="error">{error}</FormMessage> : null}
      <Card>
        <div className="space-y-4">
          <RecordFilters
            action={base}
            plural={def.plural}
            q={query.q ?? ""}
            status={query.status ?? ""}
            sort={query.sort}
            statusLabel={statusField?.label ?? null}
            statusOptions={statusField?.options ?? []}
          />
          {page.rows.length === 0 ? (
            <EmptyState
              title={filtered ? `No ${def.plural.toLowerCase()} match` : `No ${def.plural.toLowerCase()} yet`}
              description={filtered ? "Try fewer words, or clear the filters." : `Create the first one, or connect a system that has ${def.plural.toLowerCase()}.`}
              action={
                filtered ? (
                  <Link href={base} className={buttonClass("outline")}>
                    Clear filters
                  </Link>
                ) : (
                  <Link href={`${base}/new`} className={buttonClass("primary")}>
                    New {def.label.toLowerCase()}
                  </Link>
                )
              }
            />
          ) : (
            <RecordTable
              rows={page.rows}
              columns={columns}
              basePath={base}
              titleLabel={def.label}
              nextHref={page.nextCursor ? href(page.nextCursor) : null}
              firstHref={query.cursor ? href() : null}
            />
          )}
        </div>
      </Card>
    </div>
  );
}
