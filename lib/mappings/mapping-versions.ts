// The versions of a connection's field mapping for one object: list them, save a draft as a new version
// (refused, with the field named, when it cannot work), roll back by saving an earlier version again.
// The sync engine (lib/sync/sync-mapping.ts) always applies the newest version and records it per run.
import canonicalize from "canonicalize";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { isApiKeyPrincipal } from "@/lib/auth/principal";
import { db, type Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError, validationError } from "@/lib/errors/app-error";
import { fieldMappingRuleSchema, type FieldMappingRule } from "@/lib/integrations/field-mapping";
import { canPush, type ObjectApi } from "@/lib/integrations/object-contract";
import { storedMappingSchema, type StoredMapping } from "@/lib/sync/field-mapping-runtime";
import { currentMapping } from "@/lib/sync/sync-mapping";
import { assertCanChangeMappings, mappingTarget, type MappingTarget } from "@/lib/mappings/mapping-target";
import { fieldsOf } from "@/lib/mappings/provider-fields";
import { assertMappingWorks } from "@/lib/mappings/validate-mapping";

export type MappingVersion = { version: number; createdBy: string; createdAt: Date; note: string | null; ruleCount: number };

export const draftRulesSchema = z.array(fieldMappingRuleSchema).max(200, "At most 200 rules");
/** The custom-fields catch-all of a draft: null switches it off. */
export const draftCustomFieldsSchema = storedMappingSchema.shape.customFields.unwrap().nullable();

const noteSchema = z.object({ note: z.string().optional() });

/** The newest version (created from the template's default mapping the first time). */
export async function loadCurrentMapping(target: MappingTarget): Promise<{ version: number; mapping: StoredMapping }> {
  const { connection, spec, object } = target;
  return db.$transaction((tx) => currentMapping(tx, { workspaceId: connection.workspaceId, connectionId: connection.id, object, spec }));
}

export async function listMappingVersions(access: Principal, connectionId: string, object: RecordObject): Promise<MappingVersion[]> {
  const target = await mappingTarget(access, connectionId, object);
  await loadCurrentMapping(target);
  const rows = await db.syncMapping.findMany({
    where: { connectionId: target.connection.id, object, workspaceId: access.workspace.id },
    orderBy: { version: "desc" },
    take: 100,
  });
  return rows.map((r) => {
    const parsed = storedMappingSchema.safeParse(r.rules);
    return {
      version: r.version,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      note: noteSchema.safeParse(r.rules).data?.note ?? null,
      ruleCount: parsed.success ? parsed.data.rules.length : 0,
    };
  });
}

/** The newest run of this connection and object that recorded a mapping version (the editor shows it). */
export async function lastRunMapping(access: Principal, connectionId: string, object: RecordObject): Promise<{ runId: string; version: number; startedAt: Date } | null> {
  const run = await db.syncRun.findFirst({
    where: { workspaceId: access.workspace.id, connectionId, object, mappingVersion: { not: null } },
    orderBy: { startedAt: "desc" },
    select: { id: true, mappingVersion: true, startedAt: true },
  });
  return run?.mappingVersion ? { runId: run.id, version: run.mappingVersion, startedAt: run.startedAt } : null;
}

/** Whether the connection pushes this object (then required provider fields must be filled). */
async function pushing(target: MappingTarget): Promise<boolean> {
  if (!canPush(target.spec)) return false;
  const setting = await db.syncSetting.findUnique({ where: { connectionId_object: { connectionId: target.connection.id, object: target.object } }, select: { direction: true } });
  return (setting?.direction ?? "both") !== "pull";
}

/** Refuses rules that cannot work on this connection (provider fields from the cache, read once if missing). */
export async function checkRules(target: MappingTarget, rules: readonly FieldMappingRule[], api?: ObjectApi): Promise<void> {
  const { fields } = await fieldsOf(target, api ? { api } : {});
  assertMappingWorks({ object: target.object, rules, fields, pushing: await pushing(target), providerName: target.def.name });
}

function parseRules(input: unknown): FieldMappingRule[] {
  const res = draftRulesSchema.safeParse(input);
  if (!res.success) throw validationError(res.error, "Some rules are incomplete");
  return res.data as FieldMappingRule[];
}

async function appendVersion(target: MappingTarget, access: Principal, mapping: StoredMapping & { note?: string }, expectedVersion: number | undefined): Promise<number> {
  const createdBy = isApiKeyPrincipal(access) ? `api:${access.keyId}` : `user:${access.user.id}`;
  try {
    return await db.$transaction(async (tx) => {
      const { connection, spec, object } = target;
      const current = await currentMapping(tx, { workspaceId: connection.workspaceId, connectionId: connection.id, object, spec });
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new AppError("CONFLICT", `Someone saved version ${current.version} of this mapping since you opened it; reload to see it`, { currentVersion: current.version });
      }
      const version = current.version + 1;
      await tx.syncMapping.create({
        data: { workspaceId: connection.workspaceId, connectionId: connection.id, object, version, rules: mapping as unknown as Prisma.InputJsonObject, createdBy },
      });
      return version;
    });
  } catch (err) {
    if (err && typeof err === "object" && "code" in err && err.code === "P2002") throw new AppError("CONFLICT", "Another version of this mapping was saved at the same moment; reload and try again");
    throw err;
  }
}

/** Saves the draft rules as the next version (admin or owner). Returns the new version. */
export async function saveMapping(
  access: Principal,
  connectionId: string,
  object: RecordObject,
  input: { rules: unknown; customFields?: unknown; expectedVersion?: number },
  opts: { api?: ObjectApi } = {},
): Promise<{ version: number; unchanged: boolean }> {
  assertCanChangeMappings(access);
  const target = await mappingTarget(access, connectionId, object);
  const rules = parseRules(input.rules);
  const catchAll = input.customFields === undefined ? undefined : draftCustomFieldsSchema.safeParse(input.customFields);
  if (catchAll && !catchAll.success) throw validationError(catchAll.error, "The custom fields setting is incomplete");
  await checkRules(target, rules, opts.api);
  const current = await loadCurrentMapping(target);
  if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) {
    throw new AppError("CONFLICT", `Someone saved version ${current.version} of this mapping since you opened it; reload to see it`, { currentVersion: current.version });
  }
  // undefined keeps the current catch-all (API callers that only send rules); null switches it off
  const customFields = catchAll ? (catchAll.data ?? undefined) : current.mapping.customFields;
  if (canonicalize(current.mapping.rules) === canonicalize(rules) && canonicalize(current.mapping.customFields ?? null) === canonicalize(customFields ?? null)) {
    return { version: current.version, unchanged: true };
  }
  const mapping: StoredMapping = { rules, ...(customFields ? { customFields } : {}) };
  return { version: await appendVersion(target, access, mapping, input.expectedVersion), unchanged: false };
}

/** Makes an earlier version current again by saving its rules as the next version. */
export async function rollbackMapping(access: Principal, connectionId: string, object: RecordObject, toVersion: number, opts: { api?: ObjectApi } = {}): Promise<{ version: number }> {
  assertCanChangeMappings(access);
  const target = await mappingTarget(access, connectionId, object);
  await loadCurrentMapping(target);
  const row = await db.syncMapping.findUnique({ where: { connectionId_object_version: { connectionId: target.connection.id, object, version: toVersion } } });
  if (!row || row.workspaceId !== access.workspace.id) throw new AppError("NOT_FOUND", `Version ${toVersion} of this mapping does not exist`);
  const earlier = storedMappingSchema.parse(row.rules) as StoredMapping;
  await checkRules(target, earlier.rules, opts.api);
  const mapping = { ...earlier, note: `Rolled back to version ${toVersion}` };
  return { version: await appendVersion(target, access, mapping, undefined) };
}
