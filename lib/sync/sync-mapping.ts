// The versioned field mapping of a connection and object. Version 1 is the template's default mapping;
// the mapping editor (a later issue) appends versions. Every run records the version it used.
import type { Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import type { FieldDescription, ObjectSpec } from "@/lib/integrations/object-contract";
import { storedMappingSchema, withCustomFieldRules, type StoredMapping } from "@/lib/sync/field-mapping-runtime";

type Tx = Prisma.TransactionClient;

export type CurrentMapping = { version: number; mapping: StoredMapping };

export async function currentMapping(
  tx: Tx,
  input: { workspaceId: string; connectionId: string; object: RecordObject; spec: ObjectSpec },
): Promise<CurrentMapping> {
  const latest = await tx.syncMapping.findFirst({
    where: { connectionId: input.connectionId, object: input.object },
    orderBy: { version: "desc" },
    select: { version: true, rules: true },
  });
  if (latest) return { version: latest.version, mapping: storedMappingSchema.parse(latest.rules) as StoredMapping };
  const initial: StoredMapping = {
    rules: input.spec.defaultMapping.rules.map((r) => ({ ...r, transforms: [...(r.transforms ?? [])] })),
    ...(input.spec.defaultMapping.customFields ? { customFields: input.spec.defaultMapping.customFields } : {}),
  };
  // Two first runs may race here: the unique (connection, object, version) keeps one row.
  await tx.syncMapping.createMany({
    data: [{ workspaceId: input.workspaceId, connectionId: input.connectionId, object: input.object, version: 1, rules: initial as unknown as Prisma.InputJsonObject, createdBy: "system" }],
    skipDuplicates: true,
  });
  return { version: 1, mapping: initial };
}

/**
 * The mapping the engine applies (push, pull, webhooks): the newest version, its `customFields` default
 * expanded into one rule per custom field the provider describes (the connection's field cache, filled
 * by openSyncTarget). The stored version stays as it is; the editor works on currentMapping.
 */
export async function appliedMapping(
  tx: Tx,
  input: { workspaceId: string; connectionId: string; object: RecordObject; spec: ObjectSpec },
): Promise<CurrentMapping> {
  // The newest version and the field cache in one query (every pull page and push batch reads them).
  const [row] = await tx.$queryRaw<{ version: number; rules: unknown; fields: unknown }[]>`
    SELECT m.version, m.rules, c.fields
    FROM (SELECT version, rules FROM sync_mappings WHERE connection_id = ${input.connectionId} AND object = ${input.object}::"RecordObject" ORDER BY version DESC LIMIT 1) m
    LEFT JOIN provider_field_caches c ON c.connection_id = ${input.connectionId} AND c.object = ${input.object}::"RecordObject"`;
  const current = row ? { version: row.version, mapping: storedMappingSchema.parse(row.rules) as StoredMapping } : await currentMapping(tx, input);
  if (!current.mapping.customFields) return current;
  const fields = row ? row.fields : (await tx.providerFieldCache.findUnique({ where: { connectionId_object: { connectionId: input.connectionId, object: input.object } }, select: { fields: true } }))?.fields;
  if (!Array.isArray(fields)) return current;
  return { version: current.version, mapping: withCustomFieldRules(current.mapping, fields as unknown as FieldDescription[]) };
}
