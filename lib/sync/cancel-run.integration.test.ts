// Cancel, the step timeline and "retry a run's failed records" on the HubSpot sandbox over real HTTP,
// through the same job functions the pull and push use (lib/sync/sync-jobs.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";
import { cancelRun } from "@/lib/sync/cancel-run";
import { retryRunFailures } from "@/lib/sync/request-sync";
import { listRunSteps } from "@/lib/sync/run-steps";
import { beginPull, endPull, pullStep } from "@/lib/sync/sync-jobs";
import { ensureSyncSettings } from "@/lib/sync/sync-settings";
import { startRun, finishRun, recordPageInTx } from "@/lib/sync/sync-runs";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

async function setup() {
  const sbx: TestSandbox = await createTestSandbox("hubspot", { count: 250 });
  const connection = await db.connection.create({
    data: { workspaceId: sbx.workspaceId, provider: "hubspot", name: "HubSpot", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused-in-this-test" },
  });
  await ensureSyncSettings(connection);
  const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: sbx.apiKey } });
  const api = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts!;
  const owner = { user: { id: sbx.userId, email: "owner@example.test", name: "Owner" }, workspace: { id: sbx.workspaceId, slug: sbx.workspaceSlug, name: "W" }, role: "owner" } as WorkspaceAccess;
  return { sbx, connectionId: connection.id, api, owner };
}

describe("cancel a running sync", () => {
  it("ends the run at once; the job runs no further page, applies no full-resync deletes and records no object error", async () => {
    const { connectionId, api, owner, sbx } = await setup();
    const began = await beginPull(connectionId, "contact", "full", "manual");
    if ("skipped" in began) throw new Error(began.skipped);
    const run = { runId: began.runId, connectionId, object: "contact" as const, mode: began.mode, startedAt: began.startedAt, api };
    const first = await pullStep({ ...run, cursor: null });
    expect(first.hasMore).toBe(true);
    const readAfterFirst = (await db.syncRun.findUniqueOrThrow({ where: { id: run.runId } })).readCount;

    await cancelRun(owner, run.runId);
    const cancelled = await db.syncRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.errorMessage).toBe("Cancelled by Owner");

    const next = await pullStep({ ...run, cursor: first.cursor });
    expect(next).toEqual({ cursor: first.cursor, hasMore: false });
    await endPull(run);
    const after = await db.syncRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(after.status).toBe("cancelled");
    expect(after.readCount).toBe(readAfterFirst);
    const setting = await db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId, object: "contact" } } });
    expect(setting.lastFullResyncAt).toBeNull();
    expect(setting.lastErrorCode).toBeNull();
    expect(await db.hubRecord.count({ where: { workspaceId: sbx.workspaceId, deletedAt: { not: null } } })).toBe(0);

    const { steps } = await listRunSteps(sbx.workspaceId, run.runId);
    expect(steps.map((s) => [s.name, s.attempt, s.outcome])).toEqual([["page 1", 1, "succeeded"]]);
    await expect(cancelRun(owner, run.runId)).rejects.toSatisfy((e) => isAppError(e) && e.code === "CONFLICT");
    const audit = await db.auditEvent.findFirst({ where: { workspaceId: sbx.workspaceId, action: "sync_run.cancelled", targetId: run.runId } });
    expect(audit?.actorUserId).toBe(owner.user.id);
  });

  it("a member of another workspace cannot cancel it", async () => {
    const a = await setup();
    const b = await setup();
    const runId = await startRun({ workspaceId: a.sbx.workspaceId, connectionId: a.connectionId, object: "contact", kind: "pull", trigger: "manual", mappingVersion: 1, cursorFrom: null });
    await expect(cancelRun(b.owner, runId)).rejects.toSatisfy((e) => isAppError(e) && e.code === "NOT_FOUND");
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");
  });
});

describe("step timeline", () => {
  it("records a rate-limited attempt with the provider's wait, then the retry as attempt 2 of the same page", async () => {
    const { connectionId, api, sbx } = await setup();
    const began = await beginPull(connectionId, "contact", "incremental", "manual");
    if ("skipped" in began) throw new Error(began.skipped);
    const run = { runId: began.runId, connectionId, object: "contact" as const, mode: began.mode, startedAt: began.startedAt, api };
    await pullStep({ ...run, cursor: null });
    await updateSandboxFaults(sbx.account.id, { forceRateLimit: true, retryAfterSeconds: 7 });
    await expect(pullStep({ ...run, cursor: null })).rejects.toSatisfy((e) => isAppError(e) && e.code === "RATE_LIMITED");
    await updateSandboxFaults(sbx.account.id, { forceRateLimit: false });
    await pullStep({ ...run, cursor: null });
    const { steps } = await listRunSteps(sbx.workspaceId, run.runId);
    expect(steps.map((s) => [s.name, s.attempt, s.outcome, s.error?.code ?? null, s.retryAfterMs])).toEqual([
      ["page 1", 1, "succeeded", null, null],
      ["page 2", 1, "retrying", "RATE_LIMITED", 7000],
      ["page 2", 2, "succeeded", null, null],
    ]);
    expect(steps.every((s) => s.durationMs !== null && s.durationMs >= 0)).toBe(true);
    // the failing exchange is on the run, as a failed read with the provider's answer (secrets redacted)
    const failedOps = await db.syncOperation.findMany({ where: { runId: run.runId, outcome: "failed" } });
    expect(failedOps).toHaveLength(1);
    expect(failedOps[0]).toMatchObject({ action: "read", errorCode: "RATE_LIMITED" });
    expect(failedOps[0]?.errorMessage).toMatch(/^page 2, attempt 1: /);
    expect(JSON.stringify(failedOps[0]?.http)).toContain('"status":429');
    expect(JSON.stringify(failedOps[0]?.http)).not.toContain(sbx.apiKey);
  });
});

describe("retry a run's failed records", () => {
  it("makes only the push run's failed records pending again", async () => {
    const { connectionId, owner, sbx } = await setup();
    const recs = await Promise.all(
      ["a", "b", "c"].map((k) => db.hubRecord.create({ data: { workspaceId: sbx.workspaceId, object: "contact", title: k, sortKey: k, data: {}, fieldMeta: {}, createdSource: "system", createdAt: new Date(), updatedAt: new Date() }, select: { id: true } })),
    );
    for (const r of recs) await db.recordLink.create({ data: { workspaceId: sbx.workspaceId, connectionId, object: "contact", recordId: r.id, status: "failed", lastPushedVersion: 1 } });
    const runId = await startRun({ workspaceId: sbx.workspaceId, connectionId, object: "contact", kind: "push", trigger: "change", mappingVersion: 1, cursorFrom: null });
    await db.$transaction((tx) =>
      recordPageInTx(tx, { id: runId, workspaceId: sbx.workspaceId, connectionId, object: "contact" }, { readCount: 0, createdCount: 0, updatedCount: 0, deletedCount: 0, skippedCount: 0, failedCount: 2, conflictCount: 0 }, [
        { recordId: recs[0]!.id, action: "update", outcome: "failed", errorCode: "VALIDATION_FAILED" },
        { recordId: recs[1]!.id, action: "update", outcome: "failed", errorCode: "VALIDATION_FAILED" },
      ]),
    );
    await finishRun(runId, "partial");
    expect(await retryRunFailures(owner, runId)).toBe(2);
    const links = await db.recordLink.findMany({ where: { connectionId }, select: { recordId: true, status: true, lastPushedVersion: true } });
    const byId = new Map(links.map((l) => [l.recordId, l]));
    expect(byId.get(recs[0]!.id)).toMatchObject({ status: "pending", lastPushedVersion: null });
    expect(byId.get(recs[1]!.id)).toMatchObject({ status: "pending", lastPushedVersion: null });
    expect(byId.get(recs[2]!.id)).toMatchObject({ status: "failed", lastPushedVersion: 1 });
  });
});
