// Resolving a conflict: keep the hub's value, take the provider's, or enter a value. A new value goes
// through the one write path (writeRecordInTx) in the same transaction that closes the conflict, and
// the record-changed event then pushes it to every connection. Keeping the hub's value re-queues the
// record for the conflict's connection (its provider still holds the other value).
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { assertAllowed, isApiKeyPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { publishRecordChanges } from "@/lib/records/publish-record-changes";
import { recordObjects } from "@/lib/records/record-objects";
import { principalSource } from "@/lib/records/save-record";
import { writeRecordInTx, type Tx } from "@/lib/records/write-record";
import { conflictWhere, type ConflictFilter } from "@/lib/conflicts/list-conflicts";
import { loadJobModules } from "@/lib/jobs/job-modules";

export const resolutionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("hub") }),
  z.object({ kind: z.literal("provider") }),
  z.object({ kind: z.literal("value"), value: z.unknown() }),
]);
export type Resolution = z.infer<typeof resolutionSchema>;

export const BULK_LIMIT = 500;

function assertCanResolve(access: Principal): void {
  assertAllowed(access, { role: "member", scope: null }, "Only workspace members can resolve conflicts");
}

/** The push to the conflict's connection: the link is pending again and its last written values forgotten. */
async function requeueLink(tx: Tx, connectionId: string, recordId: string): Promise<void> {
  await tx.recordLink.updateMany({ where: { connectionId, recordId }, data: { lastPushedVersion: null, lastWrittenHash: null, status: "pending" } });
}

async function requestPush(targets: { connectionId: string; object: string }[]): Promise<void> {
  if (targets.length === 0) return;
  // The job runner sits above lib; imported lazily (as lib/sync/request-sync.ts does).
  const { inngest } = await loadJobModules();
  const unique = [...new Map(targets.map((t) => [`${t.connectionId}:${t.object}`, t])).values()];
  await inngest.send(unique.map((t) => ({ name: "switchboard/sync.push-requested", data: t })));
}

/** A value typed into the inbox as text, as the field's kind stores it (yes/no, numbers, comma-separated tags); the write path validates it. */
function typedValue(object: RecordObject, field: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const kind = recordObjects[object].fields.find((f) => f.key === field)?.kind;
  const t = value.trim();
  if (kind === "boolean") return /^(true|yes|1)$/i.test(t) ? true : /^(false|no|0)$/i.test(t) ? false : t === "" ? null : value;
  if (kind === "integer" || kind === "money") return t === "" ? null : Number.isFinite(Number(t)) ? Number(t) : value;
  if (kind === "tags") return t.split(",").map((x) => x.trim()).filter(Boolean);
  return value;
}

type Resolved = { changeId: string | null; push: { connectionId: string; object: string } | null };

async function resolveInTx(tx: Tx, access: Principal, conflictId: string, resolution: Resolution): Promise<Resolved> {
  const conflict = await tx.syncConflict.findFirst({ where: { id: conflictId, workspaceId: access.workspace.id } });
  if (!conflict) throw new AppError("NOT_FOUND", "This conflict does not exist");
  const closed = await tx.syncConflict.updateMany({
    where: { id: conflict.id, status: "open" },
    data: {
      status: "resolved",
      resolution: resolution.kind,
      resolvedBy: isApiKeyPrincipal(access) ? `api:${access.keyId}` : `user:${access.user.id}`,
      resolvedAt: new Date(),
    },
  });
  if (closed.count === 0) throw new AppError("CONFLICT", "This conflict was already resolved");
  let changeId: string | null = null;
  if (resolution.kind !== "hub") {
    const value = resolution.kind === "provider" ? conflict.providerValue : typedValue(conflict.object, conflict.field, resolution.value);
    const res = await writeRecordInTx(tx, {
      workspaceId: access.workspace.id,
      object: conflict.object,
      recordId: conflict.recordId,
      fields: { [conflict.field]: value ?? null },
      source: principalSource(access),
    });
    changeId = res.changeId;
  }
  // Nothing changed in the hub (kept its value, or the value entered is the hub's): the conflict's
  // connection still holds the other value, so it gets the hub's again. A change reaches every
  // connection through the record-changed event.
  let push: Resolved["push"] = null;
  if (!changeId) {
    await requeueLink(tx, conflict.connectionId, conflict.recordId);
    push = { connectionId: conflict.connectionId, object: conflict.object };
  } else {
    const stillOpen = await tx.syncConflict.count({ where: { connectionId: conflict.connectionId, recordId: conflict.recordId, status: "open" } });
    if (stillOpen === 0) await tx.recordLink.updateMany({ where: { connectionId: conflict.connectionId, recordId: conflict.recordId, status: "conflict" }, data: { status: "pending" } });
  }
  return { changeId, push };
}

export async function resolveConflict(access: Principal, conflictId: string, input: unknown): Promise<{ changed: boolean }> {
  assertCanResolve(access);
  const resolution = resolutionSchema.parse(input);
  const res = await db.$transaction((tx) => resolveInTx(tx, access, conflictId, resolution));
  if (res.changeId) await publishRecordChanges([res.changeId]);
  await requestPush(res.push ? [res.push] : []);
  return { changed: res.changeId !== null };
}

/** Keep every hub value or take every provider value of the open conflicts the filter matches (up to 500 at a time). */
export async function resolveConflicts(access: Principal, filter: ConflictFilter, input: unknown): Promise<{ resolved: number; failed: { id: string; message: string }[] }> {
  assertCanResolve(access);
  const resolution = resolutionSchema.parse(input);
  if (resolution.kind === "value") throw new AppError("BAD_REQUEST", "Enter a value on one conflict at a time");
  const open = await db.syncConflict.findMany({ where: conflictWhere(access.workspace.id, filter), orderBy: { createdAt: "asc" }, take: BULK_LIMIT, select: { id: true } });
  const changeIds: string[] = [];
  const pushes: { connectionId: string; object: string }[] = [];
  const failed: { id: string; message: string }[] = [];
  for (const c of open) {
    try {
      const res = await db.$transaction((tx) => resolveInTx(tx, access, c.id, resolution));
      if (res.changeId) changeIds.push(res.changeId);
      if (res.push) pushes.push(res.push);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      failed.push({ id: c.id, message: err.message });
    }
  }
  await publishRecordChanges(changeIds);
  await requestPush(pushes);
  return { resolved: open.length - failed.length, failed };
}
