// The engine against the HubSpot sandbox over real HTTP: backfill, push exactly once, echo suppression,
// two connections (a change from one reaches the other, never back), consent never re-subscribed,
// manual conflicts, deletes from provider tombstones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import type { ObjectApi } from "@/lib/integrations/object-contract";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { pullPage } from "@/lib/sync/pull-page";
import { pushBatch, countPending } from "@/lib/sync/push-pending";
import { ensureSyncSettings } from "@/lib/sync/sync-settings";
import { finishRun, startRun } from "@/lib/sync/sync-runs";
import { openSyncTarget } from "@/lib/sync/sync-target";

let server: Awaited<ReturnType<typeof startSandboxServer>>;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

type Conn = { id: string; api: ObjectApi; sbx: TestSandbox };

async function connect(sbx: TestSandbox, name: string): Promise<Conn> {
  const connection = await db.connection.create({
    data: { workspaceId: sbx.workspaceId, provider: "hubspot", name, environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused-in-this-test" },
  });
  await ensureSyncSettings(connection);
  const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: sbx.apiKey } });
  const api = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts;
  if (!api) throw new Error("no contacts api");
  return { id: connection.id, api, sbx };
}

async function pullAll(c: Conn, object: RecordObject = "contact") {
  const target = await openSyncTarget(c.id, object, c.api);
  const setting = await db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId: c.id, object } } });
  let cursor = (setting.cursor as string | null) ?? null;
  const runId = await startRun({ workspaceId: target.connection.workspaceId, connectionId: c.id, object, kind: cursor ? "pull" : "backfill", trigger: "manual", mappingVersion: null, cursorFrom: cursor });
  const startedAt = new Date();
  for (let i = 0; i < 100; i++) {
    const res = await pullPage({ target, object, runId, mode: "incremental", cursor, runStartedAt: startedAt, pageSize: 20 });
    cursor = res.cursor;
    if (!res.hasMore) break;
  }
  await finishRun(runId, "succeeded");
  return db.syncRun.findUniqueOrThrow({ where: { id: runId } });
}

async function pushAll(c: Conn, object: RecordObject = "contact") {
  const target = await openSyncTarget(c.id, object, c.api);
  const runId = await startRun({ workspaceId: target.connection.workspaceId, connectionId: c.id, object, kind: "push", trigger: "change", mappingVersion: null, cursorFrom: null });
  for (let i = 0; i < 100; i++) {
    const res = await pushBatch(target, object, runId, 10);
    if (res.processed === 0) break;
  }
  await finishRun(runId, "succeeded");
  return db.syncRun.findUniqueOrThrow({ where: { id: runId } });
}

async function remoteByEmail(c: Conn, email: string) {
  const all = [];
  let cursor: string | null = null;
  do {
    const page = await c.api.listAll!({ cursor, limit: 100 });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all.filter((r) => String(r.fields.email ?? "").toLowerCase() === email.toLowerCase());
}

function ownerOf(sbx: TestSandbox): WorkspaceAccess {
  return { user: { id: sbx.userId, email: "owner@example.test", name: "Owner" }, workspace: { id: sbx.workspaceId, slug: sbx.workspaceSlug, name: "Sandbox" }, role: "owner" } as WorkspaceAccess;
}

describe("sync engine on the HubSpot sandbox", () => {
  it("backfills every sandbox contact once, and a second pull changes nothing", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 25 });
    const c = await connect(sbx, "HubSpot A");
    const run = await pullAll(c);
    expect(run.createdCount).toBe(25);
    const records = await db.hubRecord.findMany({ where: { workspaceId: sbx.workspaceId, object: "contact" }, include: { links: true } });
    expect(records).toHaveLength(25);
    expect(records.every((r) => r.links.length === 1 && r.links[0]?.connectionId === c.id && r.createdSource === `connection:${c.id}`)).toBe(true);
    const again = await pullAll(c);
    expect(again.createdCount + again.updatedCount).toBe(0);
    expect(await db.hubRecord.count({ where: { workspaceId: sbx.workspaceId } })).toBe(25);
    // nothing to push back: every pulled version counts as already at the connection
    expect(await countPending(sbx.workspaceId, c.id, "contact")).toBe(0);
  });

  it("pushes a hub contact exactly once, skips unchanged values, and its echo changes nothing", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 0 });
    const c = await connect(sbx, "HubSpot A");
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Ada", lastName: "Push", email: "ada.push@example.test", leadStatus: "qualified" });
    const first = await pushAll(c);
    expect(first.createdCount).toBe(1);
    const remote = await remoteByEmail(c, "ada.push@example.test");
    expect(remote).toHaveLength(1);
    expect(remote[0]?.fields.firstname).toBe("Ada");
    // a retry after an unknown create outcome goes through the upsert: still one remote contact
    await db.recordLink.update({ where: { connectionId_recordId: { connectionId: c.id, recordId: made.recordId } }, data: { externalId: null, lastPushedVersion: null, createIntentAt: new Date(Date.now() - 60_000) } });
    await pushAll(c);
    expect(await remoteByEmail(c, "ada.push@example.test")).toHaveLength(1);
    const second = await pushAll(c);
    expect(second.createdCount + second.updatedCount).toBe(0);
    const versionBefore = (await db.hubRecord.findUniqueOrThrow({ where: { id: made.recordId } })).version;
    const pulled = await pullAll(c);
    expect(pulled.updatedCount + pulled.createdCount).toBe(0);
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: made.recordId } })).version).toBe(versionBefore);
    await updateRecord(owner, "contact", made.recordId, { company: "Analytical Engines" });
    const third = await pushAll(c);
    expect(third.updatedCount).toBe(1);
    expect((await remoteByEmail(c, "ada.push@example.test"))[0]?.fields.company).toBe("Analytical Engines");
  });

  it("a change made in one connection reaches the other and is not sent back", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 0 });
    const sbx2 = await createTestSandbox("hubspot", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "second", count: 0 });
    const a = await connect(sbx, "HubSpot A");
    const b = await connect(sbx2, "HubSpot B");
    const created = await a.api.create!({ email: "grace@example.test", firstname: "Grace", lastname: "Hopper" });
    await pullAll(a);
    expect(await countPending(sbx.workspaceId, a.id, "contact")).toBe(0);
    expect(await countPending(sbx.workspaceId, b.id, "contact")).toBe(1);
    await pushAll(b);
    expect(await remoteByEmail(b, "grace@example.test")).toHaveLength(1);
    await a.api.update!(created.externalId, { lastname: "Hopper-Murray" });
    await pullAll(a);
    const toA = await pushAll(a);
    expect(toA.createdCount + toA.updatedCount).toBe(0);
    await pushAll(b);
    expect((await remoteByEmail(b, "grace@example.test"))[0]?.fields.lastname).toBe("Hopper-Murray");
    expect(await remoteByEmail(a, "grace@example.test")).toHaveLength(1);
  });

  it("never re-subscribes an unsubscribed contact and applies provider deletions", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 0 });
    const c = await connect(sbx, "HubSpot A");
    const remote = await c.api.create!({ email: "optout@example.test", firstname: "Opt", hs_email_optout: "false" });
    await pullAll(c);
    const rec = await db.hubRecord.findFirstOrThrow({ where: { workspaceId: sbx.workspaceId, emailKey: "optout@example.test" } });
    expect((rec.data as Record<string, unknown>).subscribed).toBe(true);
    await updateRecord(ownerOf(sbx), "contact", rec.id, { subscribed: false });
    // HubSpot still says subscribed (and the field is read-only there): a pull must not undo the unsubscribe
    await c.api.update!(remote.externalId, { firstname: "Opted" });
    await pullAll(c);
    const after = await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } });
    expect((after.data as Record<string, unknown>).subscribed).toBe(false);
    expect((after.data as Record<string, unknown>).firstName).toBe("Opted");
    await c.api.delete!(remote.externalId);
    const run = await pullAll(c);
    expect(run.deletedCount).toBe(1);
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } })).deletedAt).not.toBeNull();
  });
});
