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

/** The newest mapping version and the field cache in one query ($1 connection id, $2 object): every pull page and push batch reads them. */
export const APPLIED_MAPPING_SQL = `
    SELECT m.version, m.rules, c.fields
    FROM (SELECT version, rules FROM sync_mappings WHERE connection_id = $1 AND object = $2::"RecordObject" ORDER BY version DESC LIMIT 1) m
    LEFT JOIN provider_field_caches c ON c.connection_id = $1 AND c.object = $2::"RecordObject"`;

export type AppliedMappingRow = { version: number; rules: unknown; fields: unknown };

/** The applied mapping from APPLIED_MAPPING_SQL's row: its `customFields` default expanded by the cached field list. */
export function appliedMappingOf(row: AppliedMappingRow): CurrentMapping {
  const current = { version: row.version, mapping: storedMappingSchema.parse(row.rules) as StoredMapping };
  return expanded(current, row.fields);
}

function expanded(current: CurrentMapping, fields: unknown): CurrentMapping {
  if (!current.mapping.customFields || !Array.isArray(fields)) return current;
  return { version: current.version, mapping: withCustomFieldRules(current.mapping, fields as unknown as FieldDescription[]) };
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
  const [row] = await tx.$queryRawUnsafe<AppliedMappingRow[]>(APPLIED_MAPPING_SQL, input.connectionId, input.object);
  if (row) return appliedMappingOf(row);
  const current = await currentMapping(tx, input);
  if (!current.mapping.customFields) return current;
  const cache = await tx.providerFieldCache.findUnique({ where: { connectionId_object: { connectionId: input.connectionId, object: input.object } }, select: { fields: true } });
  return expanded(current, cache?.fields);
}
