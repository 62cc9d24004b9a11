// The versioned field mapping of a connection and object. Version 1 is the template's default mapping;
// the mapping editor (a later issue) appends versions. Every run records the version it used.
import type { Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import type { ObjectSpec } from "@/lib/integrations/object-contract";
import { storedMappingSchema, type StoredMapping } from "@/lib/sync/field-mapping-runtime";

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
