// Per connection and object: switched on, which way, how often to pull. Rows are created for every
// object the provider can sync the first time the engine or the connection page looks at a connection;
// what the provider cannot do is never offered (direction is limited by the declared capabilities).
import { z } from "zod";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import type { RecordObject, SyncDirection } from "@/lib/generated/prisma/enums";
import { AppError, validationError } from "@/lib/errors/app-error";
import { providerOf } from "@/lib/connections/load-connection";
import { canPull, canPush, type ObjectSpec } from "@/lib/integrations/object-contract";
import { recordObjectOf } from "@/lib/sync/hub-object";
import { connectionSpecs } from "@/lib/sync/sync-target";

export const PULL_INTERVALS = [1, 5, 15, 30, 60, 360, 720, 1440] as const;

export function allowedDirections(spec: ObjectSpec): SyncDirection[] {
  const pull = canPull(spec);
  const push = canPush(spec);
  return pull && push ? ["both", "pull", "push"] : pull ? ["pull"] : push ? ["push"] : [];
}

/**
 * The connection's syncable objects: (hub object, provider object spec), one per hub object — the first
 * its config offers, the same one openSyncTarget opens (GoHighLevel's appointments, not its block slots).
 */
export function syncableObjects(connection: Pick<Connection, "provider" | "config">): { object: RecordObject; spec: ObjectSpec }[] {
  const out: { object: RecordObject; spec: ObjectSpec }[] = [];
  for (const spec of connectionSpecs(providerOf(connection), connection.config)) {
    const object = recordObjectOf(spec.hubObject);
    if (!object || out.some((o) => o.object === object)) continue;
    if (allowedDirections(spec).length > 0) out.push({ object, spec });
  }
  return out;
}

/** Creates the missing settings rows: on, in every direction the provider allows, pulling every 15 minutes (the first pull is the backfill). */
export async function ensureSyncSettings(connection: Pick<Connection, "id" | "workspaceId" | "provider" | "config">, now = new Date()): Promise<void> {
  const objects = syncableObjects(connection);
  if (objects.length === 0) return;
  await db.syncSetting.createMany({
    data: objects.map(({ object, spec }) => ({
      workspaceId: connection.workspaceId,
      connectionId: connection.id,
      object,
      enabled: true,
      direction: allowedDirections(spec)[0] ?? "pull",
      pullIntervalMinutes: 15,
      nextPullAt: canPull(spec) ? now : null,
    })),
    skipDuplicates: true,
  });
}

export const syncSettingInputSchema = z.object({
  enabled: z.boolean(),
  direction: z.enum(["push", "pull", "both"]),
  pullIntervalMinutes: z.coerce
    .number()
    .int()
    .refine((n) => (PULL_INTERVALS as readonly number[]).includes(n), "Choose one of the offered pull schedules"),
});

export async function updateSyncSetting(access: WorkspaceAccess, connectionId: string, object: RecordObject, input: z.input<typeof syncSettingInputSchema>, now = new Date()) {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only a workspace admin or owner can change what a connection syncs");
  const result = syncSettingInputSchema.safeParse(input);
  if (!result.success) throw validationError(result.error, "Check the sync settings");
  const parsed = result.data;
  const connection = await db.connection.findFirst({ where: { id: connectionId, workspaceId: access.workspace.id } });
  if (!connection) throw new AppError("NOT_FOUND", "Connection not found");
  const entry = syncableObjects(connection).find((o) => o.object === object);
  if (!entry) throw new AppError("BAD_REQUEST", "This connection does not sync that object");
  if (!allowedDirections(entry.spec).includes(parsed.direction)) {
    throw new AppError("VALIDATION_FAILED", "The provider cannot sync in that direction", { fields: { direction: "The provider cannot sync in that direction" } });
  }
  await ensureSyncSettings(connection, now);
  const pulls = parsed.direction !== "push";
  const current = await db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId, object } } });
  const base = current.lastPullAt ?? now;
  await db.syncSetting.update({
    where: { connectionId_object: { connectionId, object } },
    data: {
      enabled: parsed.enabled,
      direction: parsed.direction,
      pullIntervalMinutes: parsed.pullIntervalMinutes,
      nextPullAt: parsed.enabled && pulls ? new Date(Math.max(now.getTime(), base.getTime() + parsed.pullIntervalMinutes * 60_000)) : null,
    },
  });
}
