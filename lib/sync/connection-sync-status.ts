// The connection page's sync section: per object what is switched on, when it last pulled and will pull
// next, how many hub changes wait to be pushed, and the last error.
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { RecordObject, SyncDirection } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { providerOf } from "@/lib/connections/load-connection";
import { canPull, canPush } from "@/lib/integrations/object-contract";
import { isContractV2 } from "@/lib/integrations/types";
import { recordObjects } from "@/lib/records/record-objects";
import { countPending } from "@/lib/sync/push-pending";
import { allowedDirections, ensureSyncSettings, syncableObjects } from "@/lib/sync/sync-settings";

export type ObjectSyncStatus = {
  object: RecordObject;
  label: string;
  providerLabel: string;
  enabled: boolean;
  direction: SyncDirection;
  directions: SyncDirection[];
  canPull: boolean;
  canPush: boolean;
  pullIntervalMinutes: number;
  lastPullAt: string | null;
  nextPullAt: string | null;
  lastFullResyncAt: string | null;
  pendingPushes: number;
  failedRecords: number;
  openConflicts: number;
  running: boolean;
  lastError: { code: string; message: string; at: string } | null;
  limitations: string[];
};

export type ConnectionSyncStatus =
  | { supported: false; reason: string }
  | { supported: true; paused: boolean; status: string; objects: ObjectSyncStatus[] };

export async function connectionSyncStatus(access: WorkspaceAccess, connectionId: string): Promise<ConnectionSyncStatus> {
  const connection = await db.connection.findFirst({ where: { id: connectionId, workspaceId: access.workspace.id } });
  if (!connection) throw new AppError("NOT_FOUND", "Connection not found");
  const def = providerOf(connection);
  const name = def.name;
  if (!isContractV2(def)) return { supported: false, reason: `Syncing records with ${name} is not available yet: its adapter is being moved to the new provider contract.` };
  const objects = syncableObjects(connection);
  if (objects.length === 0) return { supported: false, reason: `${name} has no objects Switchboard can sync.` };
  await ensureSyncSettings(connection);
  const settings = await db.syncSetting.findMany({ where: { connectionId } });
  const out: ObjectSyncStatus[] = [];
  for (const { object, spec } of objects) {
    const s = settings.find((x) => x.object === object);
    if (!s) continue;
    const [pendingPushes, failedRecords, openConflicts, running] = await Promise.all([
      canPush(spec) && s.direction !== "pull" ? countPending(connection.workspaceId, connectionId, object) : Promise.resolve(0),
      db.recordLink.count({ where: { connectionId, object, status: "failed" } }),
      db.syncConflict.count({ where: { connectionId, object, status: "open" } }),
      db.syncRun.count({ where: { connectionId, object, status: "running" } }),
    ]);
    out.push({
      object,
      label: recordObjects[object].plural,
      providerLabel: spec.label,
      enabled: s.enabled,
      direction: s.direction,
      directions: allowedDirections(spec),
      canPull: canPull(spec),
      canPush: canPush(spec),
      pullIntervalMinutes: s.pullIntervalMinutes,
      lastPullAt: s.lastPullAt?.toISOString() ?? null,
      nextPullAt: s.enabled && s.direction !== "push" ? (s.nextPullAt?.toISOString() ?? null) : null,
      lastFullResyncAt: s.lastFullResyncAt?.toISOString() ?? null,
      pendingPushes,
      failedRecords,
      openConflicts,
      running: running > 0,
      lastError: s.lastErrorCode && s.lastErrorAt ? { code: s.lastErrorCode, message: s.lastErrorMessage ?? "", at: s.lastErrorAt.toISOString() } : null,
      limitations: [...(spec.limitations ?? [])],
    });
  }
  return { supported: true, paused: !connection.syncEnabled, status: connection.status, objects: out };
}
