// One record: its fields with when and from where each last changed, and its change history.
import Link from "next/link";
import { BackLink } from "@/components/records/back-link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/field";
import { PageHeader } from "@/components/workspace/page-header";
import { DeleteRecordButton } from "@/components/records/delete-record-button";
import { RecordFields } from "@/components/records/record-fields";
import { RecordHistory } from "@/components/records/record-history";
import { formatUtc } from "@/components/records/format-field-value";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { isAppError } from "@/lib/errors/app-error";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { getRecord, type RecordView } from "@/lib/records/get-record";
import { recordObjects } from "@/lib/records/record-objects";
import { recordLinks } from "@/lib/sync/record-links-view";
import { RecordLinks } from "@/components/records/record-links";
import { RecordLive } from "@/components/records/record-live";
import { deleteRecordAction, syncRecordNowAction } from "./actions";

export type RecordIdRouteProps = {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function loadRecordOr404(object: RecordObject, slug: string, id: string) {
  const access = await requireWorkspace(slug);
  try {
    return { access, record: await getRecord(access, object, id) };
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

export async function RecordDetailPage(object: RecordObject, { params, searchParams }: RecordIdRouteProps) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const { access, record } = await loadRecordOr404(object, slug, id);
  const def = recordObjects[object];
  const base = `/w/${access.workspace.slug}/${def.path}`;
  const view: RecordView = record;
  const links = await recordLinks(access, view.id);
  return (
    <div className="space-y-6">
      <BackLink href={base} label={def.plural} />
      <PageHeader
        title={view.title}
        description={`Version ${view.version} · created ${formatUtc(view.createdAt)} · last change ${formatUtc(view.updatedAt)}`}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`${base}/${view.id}/edit`} className={buttonClass("secondary")}>
              Edit
            </Link>
            {roleAtLeast(access.role, "admin") ? <DeleteRecordButton label={def.label} action={deleteRecordAction.bind(null, access.workspace.slug, object, view.id)} /> : null}
          </div>
        }
      />
      <RecordLive slug={access.workspace.slug} path={def.path} id={view.id} version={view.version} />
      {sp.saved ? <FormMessage kind="success">Saved.</FormMessage> : null}
      <Card title="Fields" description="Each field's value, and when and from where it last changed.">
        <RecordFields fields={view.fields} descriptors={[...def.fields]} />
      </Card>
      {links.length > 0 ? (
        <Card title="Connections" description="Where this record lives in each connected system, and how its sync went.">
          <RecordLinks links={links} slug={access.workspace.slug} syncNow={syncRecordNowAction.bind(null, access.workspace.slug, object, view.id)} />
        </Card>
      ) : null}
      <Card title="History" description="Every change to this record, newest first.">
        <RecordHistory history={view.history} descriptors={[...def.fields]} truncated={view.historyTruncated} />
      </Card>
    </div>
  );
}
