import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { connectionSyncStatus } from "@/lib/sync/connection-sync-status";
import { updateSyncSetting } from "@/lib/sync/sync-settings";
import { pruneSyncHistory } from "@/lib/sync/prune-sync-history";
import { finishRun, startRun } from "@/lib/sync/sync-runs";

async function hubspotConnection(workspaceId: string) {
  return db.connection.create({
    data: { workspaceId, provider: "hubspot", name: "HubSpot", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused-in-this-test" },
  });
}

describe("sync settings, status and retention", () => {
  it("offers what the provider can do, lets only admins change it, and keeps workspaces apart", async () => {
    const owner = await createTestWorkspace();
    const member = await addTestMember(owner, "member");
    const other = await createTestWorkspace();
    const c = await hubspotConnection(owner.workspace.id);
    const status = await connectionSyncStatus(owner, c.id);
    if (!status.supported) throw new Error("expected HubSpot to sync");
    expect(status.objects.map((o) => [o.object, o.enabled, o.direction, o.directions])).toEqual([["contact", true, "both", ["both", "pull", "push"]]]);
    expect(status.objects[0]?.nextPullAt).not.toBeNull();

    expect((await caughtAppError(updateSyncSetting(member, c.id, "contact", { enabled: false, direction: "pull", pullIntervalMinutes: 60 }))).code).toBe("FORBIDDEN");
    expect((await caughtAppError(updateSyncSetting(other, c.id, "contact", { enabled: false, direction: "pull", pullIntervalMinutes: 60 }))).code).toBe("NOT_FOUND");
    expect((await caughtAppError(updateSyncSetting(owner, c.id, "contact", { enabled: true, direction: "pull", pullIntervalMinutes: 7 }))).code).toBe("VALIDATION_FAILED");
    expect((await caughtAppError(updateSyncSetting(owner, c.id, "order", { enabled: true, direction: "pull", pullIntervalMinutes: 60 }))).code).toBe("BAD_REQUEST");
    expect((await caughtAppError(connectionSyncStatus(other, c.id))).code).toBe("NOT_FOUND");

    await updateSyncSetting(owner, c.id, "contact", { enabled: true, direction: "pull", pullIntervalMinutes: 60 });
    const row = await db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId: c.id, object: "contact" } } });
    expect(row).toMatchObject({ enabled: true, direction: "pull", pullIntervalMinutes: 60 });
    await updateSyncSetting(owner, c.id, "contact", { enabled: false, direction: "both", pullIntervalMinutes: 60 });
    expect((await db.syncSetting.findUniqueOrThrow({ where: { id: row.id } })).nextPullAt).toBeNull();
  });

  it("prunes runs (and their operations) past the retention and rolls runs up per hour", async () => {
    const owner = await createTestWorkspace();
    const c = await hubspotConnection(owner.workspace.id);
    const old = new Date(Date.now() - 40 * 86_400_000);
    const oldRun = await startRun({ workspaceId: owner.workspace.id, connectionId: c.id, object: "contact", kind: "pull", trigger: "schedule", mappingVersion: 1, cursorFrom: null, at: old });
    await db.syncOperation.create({ data: { workspaceId: owner.workspace.id, runId: oldRun, connectionId: c.id, object: "contact", action: "read", outcome: "succeeded", createdAt: old } });
    await db.syncRun.update({ where: { id: oldRun }, data: { readCount: 3 } });
    await finishRun(oldRun, "succeeded", null, new Date(old.getTime() + 1500));
    const recent = await startRun({ workspaceId: owner.workspace.id, connectionId: c.id, object: "contact", kind: "pull", trigger: "schedule", mappingVersion: 1, cursorFrom: null });
    await finishRun(recent, "failed", { code: "PROVIDER_UNAVAILABLE", message: "down" });
    const rollups = await db.syncRollup.findMany({ where: { connectionId: c.id }, orderBy: { hour: "asc" } });
    expect(rollups.map((r) => [r.runs, r.failedRuns, r.readCount, Number(r.durationMs) >= 1500 || r.failedRuns === 1])).toEqual([
      [1, 0, 3, true],
      [1, 1, 0, true],
    ]);
    await pruneSyncHistory(30);
    expect(await db.syncRun.findUnique({ where: { id: oldRun } })).toBeNull();
    expect(await db.syncOperation.count({ where: { runId: oldRun } })).toBe(0);
    expect(await db.syncRun.findUnique({ where: { id: recent } })).not.toBeNull();
  });
});
