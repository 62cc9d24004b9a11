// The sync engine on the ActiveCampaign sandbox over real HTTP, for its one object (contacts, with tags,
// custom fields and the consent list): backfill, push exactly once (a retried create included), a change
// in one account reaches the other and never goes back, simultaneous edits per policy, consent never
// re-subscribed, deletes (AC reports none: a full resync finds them; hub deletes are pushed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { activecampaign } from "@/lib/integrations/activecampaign/definition";
import type { ActiveCampaignConfig } from "@/lib/integrations/activecampaign/settings";
import type { ObjectApi, RawRecord } from "@/lib/integrations/object-contract";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { createRecord, deleteRecord, updateRecord } from "@/lib/records/save-record";
import { writeRecord } from "@/lib/records/write-record";
import { applyFullResyncDeletes, pullPage, type PullMode } from "@/lib/sync/pull-page";
import { countPending, pushBatch } from "@/lib/sync/push-pending";
import { ensureSyncSettings } from "@/lib/sync/sync-settings";
import { finishRun, startRun } from "@/lib/sync/sync-runs";
import { openSyncTarget } from "@/lib/sync/sync-target";

const config: ActiveCampaignConfig = { accountUrl: "https://sandbox.api-us1.com", listId: "1" };

let server: Awaited<ReturnType<typeof startSandboxServer>>;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

type Conn = { id: string; api: Required<Pick<ObjectApi, "get" | "listAll" | "create" | "update" | "delete">> & ObjectApi; sbx: TestSandbox };

async function connect(sbx: TestSandbox, name: string): Promise<Conn> {
  const connection = await db.connection.create({
    data: { workspaceId: sbx.workspaceId, provider: "activecampaign", name, environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused-in-this-test", config },
  });
  await ensureSyncSettings(connection);
  const ctx = sandboxConnectionContext({ provider: activecampaign, origin: server.origin, authKind: "api_key", credentials: { apiToken: sbx.apiKey }, config });
  const api = activecampaign.createClient(ctx).objects.contacts;
  if (!api) throw new Error("no contacts api");
  return { id: connection.id, api: api as Conn["api"], sbx };
}

async function pullAll(c: Conn, mode: PullMode = "incremental") {
  const target = await openSyncTarget(c.id, "contact", c.api);
  const setting = await db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId: c.id, object: "contact" } } });
  let cursor = mode === "full" ? null : ((setting.cursor as string | null) ?? null);
  const runId = await startRun({ workspaceId: target.connection.workspaceId, connectionId: c.id, object: "contact", kind: mode === "full" ? "full_resync" : cursor ? "pull" : "backfill", trigger: "manual", mappingVersion: null, cursorFrom: cursor });
  const startedAt = new Date();
  for (let i = 0; i < 100; i++) {
    const res = await pullPage({ target, object: "contact", runId, mode, cursor, runStartedAt: startedAt, pageSize: 20 });
    cursor = res.cursor;
    if (!res.hasMore) break;
  }
  if (mode === "full") await applyFullResyncDeletes(target, "contact", runId, startedAt);
  await finishRun(runId, "succeeded");
  return db.syncRun.findUniqueOrThrow({ where: { id: runId } });
}

async function pushAll(c: Conn) {
  const target = await openSyncTarget(c.id, "contact", c.api);
  const runId = await startRun({ workspaceId: target.connection.workspaceId, connectionId: c.id, object: "contact", kind: "push", trigger: "change", mappingVersion: null, cursorFrom: null });
  for (let i = 0; i < 100; i++) {
    const res = await pushBatch(target, "contact", runId, 10);
    if (res.processed === 0) break;
  }
  await finishRun(runId, "succeeded");
  return db.syncRun.findUniqueOrThrow({ where: { id: runId } });
}

async function remoteByEmail(c: Conn, email: string): Promise<RawRecord[]> {
  const all: RawRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await c.api.listAll({ cursor, limit: 100 });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all.filter((r) => String(r.fields.email ?? "").toLowerCase() === email.toLowerCase());
}

async function onlyRemote(c: Conn, email: string): Promise<RawRecord> {
  const found = await remoteByEmail(c, email);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function ownerOf(sbx: TestSandbox): WorkspaceAccess {
  return { user: { id: sbx.userId, email: "owner@example.test", name: "Owner" }, workspace: { id: sbx.workspaceId, slug: sbx.workspaceSlug, name: "Sandbox" }, role: "owner" } as WorkspaceAccess;
}

async function hubData(recordId: string) {
  return (await db.hubRecord.findUniqueOrThrow({ where: { id: recordId } })).data as Record<string, unknown>;
}

async function twoAccounts() {
  const sbx = await createTestSandbox("activecampaign", { count: 0 });
  const sbx2 = await createTestSandbox("activecampaign", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "second", count: 0 });
  return { sbx, a: await connect(sbx, "AC A"), b: await connect(sbx2, "AC B") };
}

describe("sync engine on the ActiveCampaign sandbox (contacts)", () => {
  it("backfills every contact once with its tags, custom fields and list consent; a second pull changes nothing", async () => {
    const sbx = await createTestSandbox("activecampaign", { count: 12 });
    const c = await connect(sbx, "AC A");
    await c.api.create({ email: "tagged@example.test", firstName: "Tess", lastName: "Tagg", tags: ["vip", "lead"], PLAN: "Pro", listStatus: "1" });
    const run = await pullAll(c);
    expect(run.createdCount).toBe(13);
    expect(run.failedCount).toBe(0);
    const records = await db.hubRecord.findMany({ where: { workspaceId: sbx.workspaceId, object: "contact" }, include: { links: true } });
    expect(records).toHaveLength(13);
    expect(records.every((r) => r.links.length === 1 && r.links[0]?.connectionId === c.id)).toBe(true);
    const tess = records.find((r) => r.emailKey === "tagged@example.test")!;
    expect(tess.data).toMatchObject({ firstName: "Tess", lastName: "Tagg", tags: ["lead", "vip"], subscribed: true, "customFields.PLAN": "Pro" });
    const again = await pullAll(c);
    expect(again.createdCount + again.updatedCount + again.failedCount).toBe(0);
    expect(await countPending(sbx.workspaceId, c.id, "contact")).toBe(0);
  });

  it("a hub contact reaches every connected account exactly once, a retried create included, and its echo changes nothing", async () => {
    const { sbx, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Ada", lastName: "Push", email: "ada.push@example.test", phone: "+14155552671", tags: ["vip"], subscribed: true, "customFields.PLAN": "Starter" });
    for (const c of [a, b]) {
      const run = await pushAll(c);
      expect(run.createdCount).toBe(1);
      const remote = await onlyRemote(c, "ada.push@example.test");
      expect(remote.fields).toMatchObject({ firstName: "Ada", lastName: "Push", phone: "+14155552671", tags: ["vip"], listStatus: "1", PLAN: "Starter" });
    }
    // the create reached AC but its answer was lost: the retry goes through the upsert, not a second create
    await db.recordLink.update({ where: { connectionId_recordId: { connectionId: a.id, recordId: made.recordId } }, data: { externalId: null, lastPushedVersion: null, lastWrittenHash: null, createIntentAt: new Date(Date.now() - 60_000) } });
    await pushAll(a);
    await onlyRemote(a, "ada.push@example.test");
    const link = await db.recordLink.findUniqueOrThrow({ where: { connectionId_recordId: { connectionId: a.id, recordId: made.recordId } } });
    expect(link.externalId).not.toBeNull();
    expect(link.status).toBe("synced");
    for (const c of [a, b]) {
      const again = await pushAll(c);
      expect(again.createdCount + again.updatedCount).toBe(0);
    }
    // reading back what Switchboard wrote changes nothing
    const version = (await db.hubRecord.findUniqueOrThrow({ where: { id: made.recordId } })).version;
    for (const c of [a, b]) {
      const pulled = await pullAll(c);
      expect(pulled.createdCount + pulled.updatedCount).toBe(0);
    }
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: made.recordId } })).version).toBe(version);
    // an edit goes to both, once
    await updateRecord(owner, "contact", made.recordId, { tags: ["vip", "customer"], "customFields.PLAN": "Enterprise" });
    for (const c of [a, b]) {
      expect((await pushAll(c)).updatedCount).toBe(1);
      expect((await onlyRemote(c, "ada.push@example.test")).fields).toMatchObject({ tags: ["customer", "vip"], PLAN: "Enterprise" });
      expect((await pushAll(c)).updatedCount).toBe(0);
    }
    // clearing a custom field in the hub clears it in AC, and the next pull does not bring it back
    await updateRecord(owner, "contact", made.recordId, { "customFields.PLAN": null });
    for (const c of [a, b]) {
      expect((await pushAll(c)).updatedCount).toBe(1);
      expect((await onlyRemote(c, "ada.push@example.test")).fields.PLAN).toBeNull();
      expect((await pullAll(c)).updatedCount).toBe(0);
    }
    expect(await hubData(made.recordId)).not.toHaveProperty(["customFields.PLAN"]);
  });

  it("a change made in one account is pulled into the hub and pushed to the other, not back", async () => {
    const { sbx, a, b } = await twoAccounts();
    const created = await a.api.create({ email: "grace@example.test", firstName: "Grace", lastName: "Hopper", tags: ["navy"], PLAN: "Free", listStatus: "1" });
    await pullAll(a);
    expect(await countPending(sbx.workspaceId, a.id, "contact")).toBe(0);
    expect(await countPending(sbx.workspaceId, b.id, "contact")).toBe(1);
    expect((await pushAll(b)).createdCount).toBe(1);
    expect((await onlyRemote(b, "grace@example.test")).fields).toMatchObject({ firstName: "Grace", tags: ["navy"], PLAN: "Free", listStatus: "1" });
    await a.api.update(created.externalId, { lastName: "Hopper-Murray", tags: ["cobol", "navy"], PLAN: "Pro" });
    const pulled = await pullAll(a);
    expect(pulled.updatedCount).toBe(1);
    const toA = await pushAll(a);
    expect(toA.createdCount + toA.updatedCount).toBe(0);
    expect((await pushAll(b)).updatedCount).toBe(1);
    expect((await onlyRemote(b, "grace@example.test")).fields).toMatchObject({ lastName: "Hopper-Murray", tags: ["cobol", "navy"], PLAN: "Pro" });
    await onlyRemote(a, "grace@example.test");
    // B's own read-back of that push is an echo: nothing new for A
    await pullAll(b);
    expect(await countPending(sbx.workspaceId, a.id, "contact")).toBe(0);
  });

  it("simultaneous edits on both sides: last writer wins per field, the losing side gets the winner, a manual field opens a conflict", async () => {
    const { sbx, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Lin", lastName: "Both", email: "lin@example.test", "customFields.PLAN": "Free" });
    await pushAll(a);
    await pushAll(b);
    const remote = await onlyRemote(a, "lin@example.test");
    // the connection and the hub last agreed a while ago; since then both sides changed the record
    const agreed = new Date(Date.now() - 20_000);
    await db.recordLink.update({ where: { connectionId_recordId: { connectionId: a.id, recordId: made.recordId } }, data: { lastPushedAt: agreed, lastPulledAt: agreed } });
    // hub edit of the names 10 s ago, AC edit of them now: AC is the last writer (AC times have second precision)
    await writeRecord({ workspaceId: sbx.workspaceId, object: "contact", recordId: made.recordId, fields: { lastName: "HubOlder", firstName: "HubOlderFirst" }, source: { kind: "user", userId: sbx.userId }, at: new Date(Date.now() - 10_000) });
    await a.api.update(remote.externalId, { lastName: "RemoteNewer", firstName: "Linda" });
    // hub edit of the custom field after the AC edit: the hub is the last writer
    await updateRecord(owner, "contact", made.recordId, { "customFields.PLAN": "HubNewer" });
    await pullAll(a);
    expect(await hubData(made.recordId)).toMatchObject({ firstName: "Linda", lastName: "RemoteNewer", "customFields.PLAN": "HubNewer" });
    // A gets the hub's PLAN back (it kept its own value), B gets everything; both once
    expect((await pushAll(a)).updatedCount).toBe(1);
    expect((await onlyRemote(a, "lin@example.test")).fields).toMatchObject({ firstName: "Linda", lastName: "RemoteNewer", PLAN: "HubNewer" });
    expect((await pushAll(b)).updatedCount).toBe(1);
    expect((await onlyRemote(b, "lin@example.test")).fields).toMatchObject({ firstName: "Linda", lastName: "RemoteNewer", PLAN: "HubNewer" });
    expect((await pushAll(a)).updatedCount + (await pushAll(b)).updatedCount).toBe(0);

    // firstName under a manual policy: differing edits on both sides open a conflict and keep the hub value
    const current = await db.syncMapping.findFirstOrThrow({ where: { connectionId: a.id, object: "contact" }, orderBy: { version: "desc" } });
    const rules = (current.rules as { rules: { hubField: string; conflictPolicy: string }[] }).rules.map((r) => (r.hubField === "firstName" ? { ...r, conflictPolicy: "manual" } : r));
    await db.syncMapping.create({ data: { workspaceId: sbx.workspaceId, connectionId: a.id, object: "contact", version: current.version + 1, rules: { ...(current.rules as object), rules }, createdBy: "test" } });
    await updateRecord(owner, "contact", made.recordId, { firstName: "HubLinda" });
    await a.api.update(remote.externalId, { firstName: "AcLinda" });
    const run = await pullAll(a);
    expect(run.conflictCount).toBe(1);
    expect((await hubData(made.recordId)).firstName).toBe("HubLinda");
    const conflict = await db.syncConflict.findFirstOrThrow({ where: { recordId: made.recordId, connectionId: a.id, status: "open" } });
    expect(conflict).toMatchObject({ field: "firstName", hubValue: "HubLinda", providerValue: "AcLinda" });
  });

  it("never re-subscribes an unsubscribed contact: not by a pull, not by a push of another field", async () => {
    const { sbx, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Opt", email: "optout@example.test", subscribed: true });
    await pushAll(a);
    await pushAll(b);
    const remoteA = await onlyRemote(a, "optout@example.test");
    // the person unsubscribes in Switchboard: both accounts get "unsubscribed" on the consent list
    await updateRecord(owner, "contact", made.recordId, { subscribed: false });
    for (const c of [a, b]) {
      await pushAll(c);
      expect((await onlyRemote(c, "optout@example.test")).fields.listStatus).toBe("2");
    }
    // AC says subscribed again (an import there, say): the pull keeps the hub unsubscribed and B stays unsubscribed
    await a.api.update(remoteA.externalId, { listStatus: "1", firstName: "Opted" });
    await pullAll(a);
    expect(await hubData(made.recordId)).toMatchObject({ subscribed: false, firstName: "Opted" });
    await pushAll(b);
    expect((await onlyRemote(b, "optout@example.test")).fields).toMatchObject({ listStatus: "2", firstName: "Opted" });

    // the other way round: subscribed in the hub, the contact unsubscribes in B while the hub edits another field
    const second = await createRecord(owner, "contact", { firstName: "Sub", email: "sub@example.test", subscribed: true });
    await pushAll(b);
    const remoteB = await onlyRemote(b, "sub@example.test");
    await b.api.update(remoteB.externalId, { listStatus: "2" });
    await updateRecord(owner, "contact", second.recordId, { lastName: "Edited" });
    await pushAll(b);
    // the push of the name does not undo the unsubscribe made in AC
    expect((await onlyRemote(b, "sub@example.test")).fields).toMatchObject({ lastName: "Edited", listStatus: "2" });
    await pullAll(b);
    expect((await hubData(second.recordId)).subscribed).toBe(false);
    await pushAll(a);
    expect((await onlyRemote(a, "sub@example.test")).fields.listStatus).toBe("2");
  });

  it("deletes: AC reports none, so an incremental pull keeps the record and a full resync deletes it; hub deletes are pushed once", async () => {
    const { sbx, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const gone = await a.api.create({ email: "gone@example.test", firstName: "Gone" });
    await pullAll(a);
    await pushAll(b);
    const rec = await db.hubRecord.findFirstOrThrow({ where: { workspaceId: sbx.workspaceId, emailKey: "gone@example.test" } });
    await a.api.delete(gone.externalId);
    expect((await pullAll(a)).deletedCount).toBe(0);
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } })).deletedAt).toBeNull();
    expect((await pullAll(a, "full")).deletedCount).toBe(1);
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } })).deletedAt).not.toBeNull();
    // the delete reaches B, and not A where it came from
    expect((await pushAll(a)).deletedCount).toBe(0);
    expect((await pushAll(b)).deletedCount).toBe(1);
    expect(await remoteByEmail(b, "gone@example.test")).toHaveLength(0);

    // a hub delete goes to both accounts once
    const made = await createRecord(owner, "contact", { firstName: "Temp", email: "temp@example.test" });
    await pushAll(a);
    await pushAll(b);
    await deleteRecord(owner, "contact", made.recordId);
    for (const c of [a, b]) {
      expect((await pushAll(c)).deletedCount).toBe(1);
      expect(await remoteByEmail(c, "temp@example.test")).toHaveLength(0);
      expect((await pushAll(c)).deletedCount).toBe(0);
    }
  });
});
