// The create and edit pages of one record kind.
import { BackLink } from "@/components/records/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/workspace/page-header";
import { RecordForm } from "@/components/records/record-form";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { formValuesOf } from "@/lib/records/form-input";
import type { RecordData } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import { saveRecordAction } from "./actions";
import { loadRecordOr404, type RecordIdRouteProps } from "./record-page";

export async function NewRecordPage(object: RecordObject, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const def = recordObjects[object];
  const base = `/w/${access.workspace.slug}/${def.path}`;
  const editable = def.fields.filter((f) => f.editable);
  return (
    <div className="space-y-6">
      <BackLink href={base} label={def.plural} />
      <PageHeader title={`New ${def.label.toLowerCase()}`} />
      <Card>
        <RecordForm fields={editable} initial={{}} action={saveRecordAction.bind(null, access.workspace.slug, object, null, null)} submitLabel={`Create ${def.label.toLowerCase()}`} />
      </Card>
    </div>
  );
}

export async function EditRecordPage(object: RecordObject, { params }: RecordIdRouteProps) {
  const { slug, id } = await params;
  const { access, record } = await loadRecordOr404(object, slug, id);
  const def = recordObjects[object];
  const base = `/w/${access.workspace.slug}/${def.path}`;
  const data: RecordData = Object.fromEntries(record.fields.map((f) => [f.key, f.value]));
  return (
    <div className="space-y-6">
      <BackLink href={`${base}/${record.id}`} label={record.title} />
      <PageHeader title={`Edit ${def.label.toLowerCase()}`} description="Fields you leave unchanged keep their value and their history." />
      <Card>
        <RecordForm
          fields={def.fields.filter((f) => f.editable)}
          initial={formValuesOf(def, data)}
          action={saveRecordAction.bind(null, access.workspace.slug, object, record.id, record.version)}
          submitLabel="Save changes"
        />
      </Card>
    </div>
  );
}
