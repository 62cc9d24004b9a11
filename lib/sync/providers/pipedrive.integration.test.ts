// The sync engine against the Pipedrive sandbox over real HTTP, for the one object Pipedrive declares
// (persons <-> hub contacts): backfill, exactly-once create (a retried create after a lost outcome finds
// the person by e-mail), a change from one connection reaching the other and never going back,
// simultaneous edits per field policy, consent never re-subscribed, and deletes both ways.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { pipedrive } from "@/lib/integrations/pipedrive/definition";
import { createRecord, deleteRecord, updateRecord } from "@/lib/records/save-record";
import {
  connectEngine,
  engineSandbox,
  hubEditAt,
  hubRecord,
  hubRecordOf,
  lastSyncedAt,
  linkOf,
  loseCreateOutcome,
  ownerOf,
  pending,
  pullAll,
  pushAll,
  remoteAll,
  remoteUpdate,
  remoteWhere,
  secondSandbox,
  withSandboxServer,
} from "@/lib/sync/providers/engine-harness";

const server = withSandboxServer();
const O = "contact" as const;

async function twoConnections() {
  const sbxA = await engineSandbox("pipedrive", { count: 0 });
  const sbxB = await secondSandbox("pipedrive", sbxA);
  const a = await connectEngine(server.origin, pipedrive, sbxA, { name: "Pipedrive A" });
  const b = await connectEngine(server.origin, pipedrive, sbxB, { name: "Pipedrive B" });
  return { a, b, owner: ownerOf(sbxA) };
}

describe("sync engine on the Pipedrive sandbox: persons", { timeout: 180_000 }, () => {
  it("backfills every person once (owner ids as text), and a second pull changes nothing", async () => {
    const sbx = await engineSandbox("pipedrive", { count: 15 });
    const c = await connectEngine(server.origin, pipedrive, sbx);
    const remote = await remoteAll(c, O);
    expect(remote).toHaveLength(15);
    const run = await pullAll(c, O);
    expect(run).toMatchObject({ createdCount: 15, failedCount: 0 });
    const links = await db.recordLink.findMany({ where: { connectionId: c.id, object: O }, include: { record: true } });
    expect(links).toHaveLength(15);
    expect(new Set(links.map((l) => l.externalId)).size).toBe(15);
    // owner_id is a number in Pipedrive and text in the hub
    const first = remote[0]!;
    const rec = await hubRecordOf(c, O, first.externalId);
    expect(typeof first.fields.owner_id).toBe("number");
    expect((rec!.data as Record<string, unknown>).owner).toBe(String(first.fields.owner_id));
    const again = await pullAll(c, O);
    expect(again.createdCount + again.updatedCount + again.failedCount).toBe(0);
    expect(await db.hubRecord.count({ where: { workspaceId: sbx.workspaceId, object: O } })).toBe(15);
    expect(await pending(c, O)).toBe(0);
  });

  it("a hub contact reaches both connections exactly once, a lost create outcome makes no second person, and its echo changes nothing", async () => {
    const { a, b, owner } = await twoConnections();
    const made = await createRecord(owner, O, { firstName: "Ada", lastName: "Lovelace", email: "ada.pd@example.test", phone: "+44 20 7946 0000", subscribed: true });
    expect((await pushAll(a, O)).createdCount).toBe(1);
    expect((await pushAll(b, O)).createdCount).toBe(1);
    for (const c of [a, b]) {
      const found = await remoteWhere(c, O, "email", "ada.pd@example.test");
      expect(found).toHaveLength(1);
      expect(found[0]?.fields).toMatchObject({ first_name: "Ada", last_name: "Lovelace", phone: "+442079460000", marketing_status: "subscribed" });
    }
    // the process died after Pipedrive created the person: the retry finds it by e-mail instead of creating another
    await loseCreateOutcome(a, made.recordId);
    const retried = await pushAll(a, O);
    expect(retried.failedCount).toBe(0);
    expect(await remoteWhere(a, O, "email", "ada.pd@example.test")).toHaveLength(1);
    expect((await linkOf(a, made.recordId)).externalId).toBe((await remoteWhere(a, O, "email", "ada.pd@example.test"))[0]?.externalId);
    const nothing = await pushAll(a, O);
    expect(nothing.createdCount + nothing.updatedCount).toBe(0);
    // reading our own writes back: the only news is the owner each company assigned (owners are read, never sent)
    for (const c of [a, b]) {
      const pulled = await pullAll(c, O);
      expect(pulled.createdCount).toBe(0);
      expect(pulled.updatedCount).toBeLessThanOrEqual(1);
    }
    expect((await hubRecord(made.recordId)).data.owner).toMatch(/^\d+$/);
    const version = (await hubRecord(made.recordId)).version;
    for (const c of [a, b]) {
      const pushed = await pushAll(c, O);
      expect(pushed.createdCount + pushed.updatedCount).toBe(0);
      const pulled = await pullAll(c, O);
      expect(pulled.createdCount + pulled.updatedCount).toBe(0);
    }
    expect((await hubRecord(made.recordId)).version).toBe(version);
    expect(await db.hubRecord.count({ where: { workspaceId: a.sbx.workspaceId, object: O } })).toBe(1);
  });

  it("a change made in one connection is pulled into the hub and pushed to the other, not back", async () => {
    const { a, b } = await twoConnections();
    const created = await a.api(O).create!({ email: "grace.pd@example.test", first_name: "Grace", last_name: "Hopper" });
    expect((await pullAll(a, O)).createdCount).toBe(1);
    expect(await pending(a, O)).toBe(0);
    expect(await pending(b, O)).toBe(1);
    expect((await pushAll(b, O)).createdCount).toBe(1);
    expect(await remoteWhere(b, O, "email", "grace.pd@example.test")).toHaveLength(1);

    await remoteUpdate(a, O, created.externalId, { last_name: "Hopper-Murray" });
    expect((await pullAll(a, O)).updatedCount).toBe(1);
    const rec = await hubRecordOf(a, O, created.externalId);
    expect((rec!.data as Record<string, unknown>).lastName).toBe("Hopper-Murray");
    const toA = await pushAll(a, O);
    expect(toA.createdCount + toA.updatedCount).toBe(0);
    expect((await pushAll(b, O)).updatedCount).toBe(1);
    const atB = await remoteWhere(b, O, "email", "grace.pd@example.test");
    expect(atB).toHaveLength(1);
    expect(atB[0]?.fields.last_name).toBe("Hopper-Murray");
    expect(await remoteWhere(a, O, "email", "grace.pd@example.test")).toHaveLength(1);
    // B reading back what it was sent (plus the owner B assigned, which is only read) sends nothing anywhere
    await pullAll(b, O);
    for (const c of [a, b]) {
      const pushed = await pushAll(c, O);
      expect(pushed.createdCount + pushed.updatedCount).toBe(0);
    }
  });

  it("resolves simultaneous edits per field policy: last writer, provider wins (owner), fill if empty (company)", async () => {
    const { a, owner } = await twoConnections();
    const made = await createRecord(owner, O, { firstName: "Lin", lastName: "Edit", email: "lin.pd@example.test", company: "Hub Co" });
    expect((await pushAll(a, O)).createdCount).toBe(1);
    const ext = (await linkOf(a, made.recordId)).externalId!;
    const remoteOwner = (await a.api(O).get!(ext))!.fields.owner_id as number;
    const since = new Date(Date.now() - 20_000);

    // both sides change the name since the last sync; Pipedrive's edit is the later one: it wins
    await lastSyncedAt(a, made.recordId, since);
    await hubEditAt(a, O, made.recordId, { firstName: "HubLin", owner: "999" }, new Date(since.getTime() + 5_000));
    await remoteUpdate(a, O, ext, { first_name: "RemoteLin", org_name: "Remote Org" });
    await pullAll(a, O);
    let data = (await hubRecord(made.recordId)).data;
    expect(data.firstName).toBe("RemoteLin");
    // owner: provider wins even though the hub changed it; company: the hub's non-empty value is kept
    expect(data.owner).toBe(String(remoteOwner));
    expect(data.company).toBe("Hub Co");

    // now the hub's edit is the later one: it is kept, and pushed over Pipedrive's
    await remoteUpdate(a, O, ext, { first_name: "RemoteAgain" });
    await updateRecord(owner, O, made.recordId, { firstName: "HubLast" });
    await pullAll(a, O);
    data = (await hubRecord(made.recordId)).data;
    expect(data.firstName).toBe("HubLast");
    expect((await pushAll(a, O)).updatedCount).toBe(1);
    expect((await a.api(O).get!(ext))!.fields.first_name).toBe("HubLast");
  });

  it("never re-subscribes an unsubscribed contact, in the hub or at either connection", async () => {
    const { a, b, owner } = await twoConnections();
    const remote = await a.api(O).create!({ email: "optout.pd@example.test", first_name: "Opt", marketing_status: "subscribed" });
    await pullAll(a, O);
    const rec = (await hubRecordOf(a, O, remote.externalId))!;
    expect((rec.data as Record<string, unknown>).subscribed).toBe(true);
    await pushAll(b, O);
    await updateRecord(owner, O, rec.id, { subscribed: false });
    // Pipedrive still says subscribed, and changes the name: the name comes in, the unsubscribe stays
    await remoteUpdate(a, O, remote.externalId, { first_name: "Opted", marketing_status: "subscribed" });
    await pullAll(a, O);
    let data = (await hubRecord(rec.id)).data;
    expect(data.subscribed).toBe(false);
    expect(data.firstName).toBe("Opted");
    // the unsubscribe reaches both connections
    await pushAll(a, O);
    await pushAll(b, O);
    expect((await a.api(O).get!(remote.externalId))!.fields.marketing_status).toBe("unsubscribed");
    expect((await remoteWhere(b, O, "email", "optout.pd@example.test"))[0]?.fields.marketing_status).toBe("unsubscribed");
    // re-subscribed at B later: still unsubscribed in the hub, and A is not re-subscribed
    const atB = (await remoteWhere(b, O, "email", "optout.pd@example.test"))[0]!;
    await remoteUpdate(b, O, atB.externalId, { marketing_status: "subscribed" });
    await pullAll(b, O);
    data = (await hubRecord(rec.id)).data;
    expect(data.subscribed).toBe(false);
    await pushAll(a, O);
    expect((await a.api(O).get!(remote.externalId))!.fields.marketing_status).toBe("unsubscribed");
  });

  it("propagates deletes: a hub delete removes the person at both connections; a Pipedrive delete reaches the hub and the other connection", async () => {
    const { a, b, owner } = await twoConnections();
    const made = await createRecord(owner, O, { firstName: "Del", email: "del.pd@example.test" });
    await pushAll(a, O);
    await pushAll(b, O);
    await deleteRecord(owner, O, made.recordId);
    expect((await pushAll(a, O)).deletedCount).toBe(1);
    expect((await pushAll(b, O)).deletedCount).toBe(1);
    expect(await remoteWhere(a, O, "email", "del.pd@example.test")).toHaveLength(0);
    expect(await remoteWhere(b, O, "email", "del.pd@example.test")).toHaveLength(0);
    expect((await pushAll(a, O)).deletedCount).toBe(0);

    const other = await createRecord(owner, O, { firstName: "Gone", email: "gone.pd@example.test" });
    await pushAll(a, O);
    await pushAll(b, O);
    await pullAll(a, O);
    await a.api(O).delete!((await linkOf(a, other.recordId)).externalId!);
    expect((await pullAll(a, O)).deletedCount).toBe(1);
    expect((await hubRecord(other.recordId)).deletedAt).not.toBeNull();
    expect(await pending(a, O)).toBe(0);
    expect((await pushAll(b, O)).deletedCount).toBe(1);
    expect(await remoteWhere(b, O, "email", "gone.pd@example.test")).toHaveLength(0);
  });
});
