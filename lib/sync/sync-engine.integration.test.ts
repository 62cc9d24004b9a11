// The engine against the HubSpot sandbox over real HTTP: backfill, push exactly once, echo suppression,
// two connections (a change from one reaches the other, never back), consent never re-subscribed,
// manual conflicts, deletes from provider tombstones.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import { countPending } from "@/lib/sync/push-pending";
import { connectEngine, ownerOf, pullAll as pull, pushAll as push, remoteWhere, withSandboxServer, type EngineConn } from "@/lib/sync/providers/engine-harness";

const server = withSandboxServer();

type Conn = EngineConn;
const connect = (sbx: TestSandbox, name: string): Promise<Conn> => connectEngine(server.origin, hubspot, sbx, { name });

const pullAll = (c: Conn) => pull(c, "contact");
const pushAll = (c: Conn) => push(c, "contact");
const remoteByEmail = (c: Conn, email: string) => remoteWhere(c, "contact", "email", email);

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

  it("a backfill page takes over the hub contact with the same e-mail instead of creating a second one", async () => {
    // two pages (the first stores the mapping; the second is where the engine takes pages of new records in one statement)
    const sbx = await createTestSandbox("hubspot", { count: 150 });
    const c = await connect(sbx, "HubSpot A");
    const first = await c.api("contact").listChanged!({ checkpoint: null, limit: 100 });
    const remote = (await c.api("contact").listChanged!({ checkpoint: first.checkpoint, limit: 100 })).items[10]!;
    const email = String(remote.fields.email);
    // a person entered this contact in the hub before the connection existed
    const mine = await createRecord(ownerOf(sbx), "contact", { firstName: "Entered", lastName: "By hand", email: email.toUpperCase() });
    const run = await pullAll(c);
    expect(run.createdCount).toBe(149);
    const records = await db.hubRecord.findMany({ where: { workspaceId: sbx.workspaceId, object: "contact" }, include: { links: true } });
    expect(records).toHaveLength(150);
    expect(records.every((r) => r.links.length === 1 && r.links[0]?.connectionId === c.id)).toBe(true);
    const taken = records.find((r) => r.id === mine.recordId)!;
    expect(taken.links[0]?.externalId).toBe(remote.externalId);
    expect(records.filter((r) => r.emailKey === email.toLowerCase())).toHaveLength(1);
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
    const created = await a.api("contact").create!({ email: "grace@example.test", firstname: "Grace", lastname: "Hopper" });
    await pullAll(a);
    expect(await countPending(sbx.workspaceId, a.id, "contact")).toBe(0);
    expect(await countPending(sbx.workspaceId, b.id, "contact")).toBe(1);
    await pushAll(b);
    expect(await remoteByEmail(b, "grace@example.test")).toHaveLength(1);
    await a.api("contact").update!(created.externalId, { lastname: "Hopper-Murray" });
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
    const remote = await c.api("contact").create!({ email: "optout@example.test", firstname: "Opt", hs_email_optout: "false" });
    await pullAll(c);
    const rec = await db.hubRecord.findFirstOrThrow({ where: { workspaceId: sbx.workspaceId, emailKey: "optout@example.test" } });
    expect((rec.data as Record<string, unknown>).subscribed).toBe(true);
    await updateRecord(ownerOf(sbx), "contact", rec.id, { subscribed: false });
    // HubSpot still says subscribed (and the field is read-only there): a pull must not undo the unsubscribe
    await c.api("contact").update!(remote.externalId, { firstname: "Opted" });
    await pullAll(c);
    const after = await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } });
    expect((after.data as Record<string, unknown>).subscribed).toBe(false);
    expect((after.data as Record<string, unknown>).firstName).toBe("Opted");
    await c.api("contact").delete!(remote.externalId);
    const run = await pullAll(c);
    expect(run.deletedCount).toBe(1);
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } })).deletedAt).not.toBeNull();
  });

  it("a value the provider still holds from before never undoes a newer hub edit that is not yet pushed there", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 0 });
    const c = await connect(sbx, "HubSpot A");
    const remote = await c.api("contact").create!({ email: "stale@example.test", firstname: "Stale", lastname: "Old" });
    await pullAll(c);
    const rec = await db.hubRecord.findFirstOrThrow({ where: { workspaceId: sbx.workspaceId, emailKey: "stale@example.test" } });
    await updateRecord(ownerOf(sbx), "contact", rec.id, { lastName: "New" });
    // re-read before the push (a full resync reads every record): nothing changed there
    const reread = await pull(c, "contact", "full");
    expect(reread.updatedCount).toBe(0);
    // the provider changes another field; its last name is still the value read before the hub edit (last writer wins on the record's time would take it)
    await c.api("contact").update!(remote.externalId, { firstname: "Fresh" });
    await pullAll(c);
    const data = (await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } })).data as Record<string, unknown>;
    expect(data).toMatchObject({ firstName: "Fresh", lastName: "New" });
    await pushAll(c);
    expect((await remoteByEmail(c, "stale@example.test"))[0]?.fields).toMatchObject({ firstname: "Fresh", lastname: "New" });
  });
});
