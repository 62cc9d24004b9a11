// The connection page's "Field mapping" card: per synced object, the mapping editor on the newest
// version, the provider's fields (cached; read from the provider the first time) and the versions.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { MappingEditor, type MappingEditorData } from "@/components/mappings/mapping-editor";
import { createFieldAction, previewMappingAction, refreshFieldsAction, rollbackMappingAction, saveMappingAction } from "@/components/mappings/mapping-actions";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { openConflictsByConnection } from "@/lib/conflicts/list-conflicts";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { canPull, canPush } from "@/lib/integrations/object-contract";
import { hubFields } from "@/lib/integrations/hub-fields";
import { loadConnection } from "@/lib/connections/load-connection";
import { lastRunMapping, listMappingVersions, loadCurrentMapping } from "@/lib/mappings/mapping-versions";
import { mappingTarget } from "@/lib/mappings/mapping-target";
import { fieldsOf, type ProviderFields } from "@/lib/mappings/provider-fields";
import { recordObjects } from "@/lib/records/record-objects";
import { hubKindOf } from "@/lib/sync/hub-object";
import { withCustomFieldRules } from "@/lib/sync/field-mapping-runtime";
import { syncableObjects } from "@/lib/sync/sync-settings";

async function editorData(access: WorkspaceAccess, connectionId: string, object: MappingEditorData["object"]): Promise<MappingEditorData> {
  const target = await mappingTarget(access, connectionId, object);
  const current = await loadCurrentMapping(target);
  let fields: ProviderFields = { fields: null, fetchedAt: null, canDescribe: Boolean(target.spec.capabilities.describeFields), canCreate: Boolean(target.spec.capabilities.createField) };
  let fieldsError: string | null = null;
  try {
    fields = await fieldsOf(target);
  } catch (err) {
    if (!isAppError(err)) throw err;
    fieldsError = err.message;
  }
  const versions = await listMappingVersions(access, connectionId, object);
  const lastRun = await lastRunMapping(access, connectionId, object);
  const userIds = versions.flatMap((v) => (v.createdBy.startsWith("user:") ? [v.createdBy.slice(5)] : []));
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const names = new Map(users.map((u) => [`user:${u.id}`, u.name || u.email]));
  const def = recordObjects[object];
  const standard = hubFields[hubKindOf[object]] as readonly string[];
  return {
    object,
    objectLabel: def.plural,
    providerObjectLabel: target.spec.label,
    providerName: target.def.name,
    version: current.version,
    rules: current.mapping.rules,
    customFields: current.mapping.customFields ?? null,
    customCandidates: withCustomFieldRules({ rules: [], customFields: { direction: "both", conflictPolicy: "last_writer_wins" } }, fields.fields ?? []).rules.map((r) => r.providerField),
    lastRun: lastRun ? { href: `/w/${access.workspace.slug}/connections/${connectionId}/runs/${lastRun.runId}`, version: lastRun.version, startedAt: lastRun.startedAt.toISOString() } : null,
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy === "system" ? "Template default" : (names.get(v.createdBy) ?? "a former member") })),
    fields: fields.fields,
    fetchedAt: fields.fetchedAt?.toISOString() ?? null,
    fieldsError,
    canDescribe: fields.canDescribe,
    canCreate: fields.canCreate,
    hubFields: standard.map((key) => ({ key, label: def.fields.find((f) => f.key === key)?.label ?? key })),
    directions: canPull(target.spec) && canPush(target.spec) ? ["both", "pull", "push"] : canPull(target.spec) ? ["pull"] : ["push"],
  };
}

export async function MappingSection({ access, connectionId }: { access: WorkspaceAccess; connectionId: string }) {
  const connection = await loadConnection(access.workspace.id, connectionId);
  const objects = syncableObjects(connection);
  if (objects.length === 0) return null;
  // An object this connection's configuration does not offer (a template without it) has no editor.
  const loaded = await Promise.all(
    objects.map((o) =>
      editorData(access, connectionId, o.object).catch((err: unknown) => {
        if (isAppError(err) && err.code === "BAD_REQUEST") return null;
        throw err;
      }),
    ),
  );
  const data = loaded.filter((d): d is MappingEditorData => d !== null);
  if (data.length === 0) return null;
  const conflicts = (await openConflictsByConnection(access.workspace.id)).get(connectionId) ?? 0;
  const s = access.workspace.slug;
  return (
    <Card
      title="Field mapping"
      id="mapping"
      description="Which Switchboard field goes to which provider field, which way, through which steps, and who wins when both sides changed. Every save is a new version; sync runs record the version they used."
      actions={
        conflicts > 0 ? (
          <Link href={`/w/${s}/conflicts?connection=${connectionId}`} className="text-sm font-medium text-warning hover:underline" data-testid="connection-conflicts">
            {conflicts} open conflict{conflicts === 1 ? "" : "s"}
          </Link>
        ) : null
      }
    >
      <div className="space-y-8">
        {data.map((d) => (
          <MappingEditor
            key={`${d.object}:${d.version}`}
            data={d}
            canManage={roleAtLeast(access.role, "admin")}
            actions={{
              save: saveMappingAction.bind(null, s, connectionId, d.object),
              rollback: rollbackMappingAction.bind(null, s, connectionId, d.object),
              preview: previewMappingAction.bind(null, s, connectionId, d.object),
              refresh: refreshFieldsAction.bind(null, s, connectionId, d.object),
              createField: createFieldAction.bind(null, s, connectionId, d.object),
            }}
          />
        ))}
      </div>
    </Card>
  );
}
