// Create or edit a hub record as a person (UI) — the role check and the workspace come from the principal.
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { recordObjects } from "@/lib/records/record-objects";
import { writeRecord, type WriteRecordResult } from "@/lib/records/write-record";

export function assertCanEditRecords(access: WorkspaceAccess): void {
  if (!roleAtLeast(access.role, "member")) throw new AppError("FORBIDDEN", "Only workspace members can change records");
}

export async function createRecord(access: WorkspaceAccess, object: RecordObject, fields: Record<string, unknown>): Promise<WriteRecordResult> {
  assertCanEditRecords(access);
  const def = recordObjects[object];
  const missing = def.fields.filter((f) => f.requiredOnCreate && (fields[f.key] === undefined || fields[f.key] === null || fields[f.key] === ""));
  if (missing.length > 0) {
    const fieldErrors = Object.fromEntries(missing.map((f) => [f.key, `${f.label} is required`]));
    throw new AppError("VALIDATION_FAILED", `${missing[0]?.label ?? "A field"} is required`, { fields: fieldErrors });
  }
  return writeRecord({ workspaceId: access.workspace.id, object, fields, source: { kind: "user", userId: access.user.id } });
}

export async function updateRecord(
  access: WorkspaceAccess,
  object: RecordObject,
  recordId: string,
  fields: Record<string, unknown>,
  expectedVersion?: number,
): Promise<WriteRecordResult> {
  assertCanEditRecords(access);
  return writeRecord({
    workspaceId: access.workspace.id,
    object,
    recordId,
    fields,
    source: { kind: "user", userId: access.user.id },
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  });
}

/** Deleting propagates to every connected system, so it needs an admin. */
export async function deleteRecord(access: WorkspaceAccess, object: RecordObject, recordId: string): Promise<WriteRecordResult> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only a workspace admin or owner can delete records");
  return writeRecord({ workspaceId: access.workspace.id, object, recordId, delete: true, source: { kind: "user", userId: access.user.id } });
}
