// Create or edit a hub record as a person (UI) or an API key — the role or scope check and the workspace
// come from the principal; the principal is the change's source (user:<id> or api:<key>).
import { assertAllowed, isApiKeyPrincipal, type Principal } from "@/lib/auth/principal";
import type { ChangeSource } from "@/lib/records/change-source";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { recordObjects } from "@/lib/records/record-objects";
import { writeRecord, type WriteRecordResult } from "@/lib/records/write-record";

/** The scope an API key needs to read or write an object's records ("contacts:write", ...). */
export function recordScope(object: RecordObject, mode: "read" | "write"): string {
  return `${recordObjects[object].path}:${mode}`;
}

export function principalSource(p: Principal): ChangeSource {
  return isApiKeyPrincipal(p) ? { kind: "api", keyId: p.keyId } : { kind: "user", userId: p.user.id };
}

export function assertCanEditRecords(access: Principal, object: RecordObject = "contact"): void {
  assertAllowed(access, { role: "member", scope: recordScope(object, "write") }, "Only workspace members can change records");
}

/** A new record needs its object's required fields (a 422 naming each missing one). */
export function assertRequiredOnCreate(object: RecordObject, fields: Record<string, unknown>): void {
  const def = recordObjects[object];
  const missing = def.fields.filter((f) => f.requiredOnCreate && (fields[f.key] === undefined || fields[f.key] === null || fields[f.key] === ""));
  if (missing.length > 0) {
    const fieldErrors = Object.fromEntries(missing.map((f) => [f.key, `${f.label} is required`]));
    throw new AppError("VALIDATION_FAILED", `${missing[0]?.label ?? "A field"} is required`, { fields: fieldErrors });
  }
}

export async function createRecord(access: Principal, object: RecordObject, fields: Record<string, unknown>): Promise<WriteRecordResult> {
  assertCanEditRecords(access, object);
  assertRequiredOnCreate(object, fields);
  return writeRecord({ workspaceId: access.workspace.id, object, fields, source: principalSource(access) });
}

export async function updateRecord(
  access: Principal,
  object: RecordObject,
  recordId: string,
  fields: Record<string, unknown>,
  expectedVersion?: number,
): Promise<WriteRecordResult> {
  assertCanEditRecords(access, object);
  return writeRecord({
    workspaceId: access.workspace.id,
    object,
    recordId,
    fields,
    source: principalSource(access),
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  });
}

/** Deleting propagates to every connected system, so it needs an admin. */
export async function deleteRecord(access: Principal, object: RecordObject, recordId: string): Promise<WriteRecordResult> {
  assertAllowed(access, { role: "admin", scope: recordScope(object, "write") }, "Only a workspace admin or owner can delete records");
  return writeRecord({ workspaceId: access.workspace.id, object, recordId, delete: true, source: principalSource(access) });
}
