// "Sync now", "Full resync", "Retry failed records" and "Sync this record now" from the UI: checked
// against the principal, then handed to the job runner as events.
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { assertAllowed, type Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { ensureSyncSettings, syncableObjects } from "@/lib/sync/sync-settings";
import { loadJobModules } from "@/lib/jobs/job-modules";

async function send(events: { name: string; data: Record<string, unknown>; id?: string }[]): Promise<void> {
  // The job runner sits above lib; imported lazily (see lib/records/publish-record-changes.ts).
  const { inngest } = await loadJobModules();
  await inngest.send(events);
}

async function syncableConnection(access: Principal, connectionId: string, object: RecordObject) {
  assertAllowed(access, { role: "member", scope: "sync:write" }, "Only workspace members can start a sync");
  const connection = await db.connection.findFirst({ where: { id: connectionId, workspaceId: access.workspace.id } });
  if (!connection) throw new AppError("NOT_FOUND", "Connection not found");
  if (connection.status !== "active") throw new AppError("CONFLICT", "The connection is not active; test or reconnect it first");
  if (!connection.syncEnabled) throw new AppError("CONFLICT", "Sync is paused for this connection; resume it first");
  const entry = syncableObjects(connection).find((o) => o.object === object);
  if (!entry) throw new AppError("BAD_REQUEST", "This connection does not sync that object");
  await ensureSyncSettings(connection);
  return { connection, spec: entry.spec };
}

export async function requestPull(access: WorkspaceAccess, connectionId: string, object: RecordObject, mode: "incremental" | "full"): Promise<void> {
  if (mode === "full" && !roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only a workspace admin or owner can start a full resync");
  const { spec } = await syncableConnection(access, connectionId, object);
  if (!spec.capabilities.listChanged && !spec.capabilities.listAll) throw new AppError("BAD_REQUEST", "This provider cannot list records; it syncs by push and webhooks");
  await send([{ name: "switchboard/sync.pull-requested", data: { connectionId, object, mode, trigger: "manual" } }]);
}

/** Failed records of a connection (or the given records) become pending again, and a push is queued. */
export async function retryPush(access: Principal, connectionId: string, object: RecordObject, recordId?: string | readonly string[]): Promise<number> {
  await syncableConnection(access, connectionId, object);
  const only = typeof recordId === "string" ? { recordId } : recordId ? { recordId: { in: [...recordId] } } : { status: "failed" as const };
  const res = await db.recordLink.updateMany({
    where: { connectionId, object, workspaceId: access.workspace.id, ...only },
    // A person asked for it: a create held back because an earlier attempt may have reached the provider is made now.
    data: { lastPushedVersion: null, status: "pending", createIntentAt: null },
  });
  await send([{ name: "switchboard/sync.push-requested", data: { connectionId, object } }]);
  return res.count;
}

/** The records a push run failed to send are pushed again (a pull's failures come back with the next pull or a full resync). */
export async function retryRunFailures(access: Principal, runId: string): Promise<number> {
  const run = await db.syncRun.findFirst({ where: { id: runId, workspaceId: access.workspace.id }, select: { connectionId: true, object: true, kind: true } });
  if (!run) throw new AppError("NOT_FOUND", "Run not found");
  if (run.kind !== "push") throw new AppError("BAD_REQUEST", "Only a push's failed records can be retried; a pull's come back with the next pull that sees them, or with a full resync");
  const failed = await db.syncOperation.findMany({ where: { runId, workspaceId: access.workspace.id, outcome: "failed", recordId: { not: null } }, select: { recordId: true }, distinct: ["recordId"] });
  const ids = failed.map((o) => o.recordId).filter((x): x is string => x !== null);
  if (ids.length === 0) throw new AppError("BAD_REQUEST", "This run has no failed records to retry");
  return retryPush(access, run.connectionId, run.object, ids);
}
