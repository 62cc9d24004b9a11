// The sync engine against the GoHighLevel sandbox over real HTTP (a Private Integration Token on a
// location), for every object GoHighLevel declares that holds hub records: contacts (the contact suite,
// two locations), opportunities and appointments (one location: they carry the location's own pipeline,
// calendar and contact ids). Block slots share the hub's appointments but a connection syncs its
// appointments object; calendars are reference data with no hub records.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { locationSetup } from "@/lib/integrations/gohighlevel/sandbox";
import { gohighlevel } from "@/lib/integrations/gohighlevel/definition";
import type { FieldMap } from "@/lib/integrations/object-contract";
import { createRecord, deleteRecord, updateRecord } from "@/lib/records/save-record";
import { describeContactSync } from "@/lib/sync/providers/contact-suite";
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
  secondSandbox,
  withSandboxServer,
  type EngineConn,
} from "@/lib/sync/providers/engine-harness";
import { syncableObjects } from "@/lib/sync/sync-settings";

const server = withSandboxServer();

describeContactSync({
  def: gohighlevel,
  server,
  seed: 12,
  fields: { email: "email", firstName: "firstName", lastName: "lastName" },
  newRemote: (email, firstName) => ({ email, firstName, lastName: "Hopper" }),
  // dnd ("do not disturb") is the opposite of consent
  consent: { field: "dnd", subscribed: false, unsubscribed: true },
  fillIfEmpty: { hubField: "company", providerField: "companyName", hubValue: "Hub Co", remoteValue: "Remote Co" },
  // deletions arrive only by ContactDelete webhooks: without one, a full resync finds them
  remoteDeletes: "full_resync",
});

/** A start time inside the appointment pull window (two days ahead, on a whole minute). */
const soon = (minutes: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 86_400_000 + minutes * 60_000).toISOString();

async function location() {
  // one seeded record per object: the location's calendar and pipeline exist
  const sbx = await engineSandbox("gohighlevel", { count: 1 });
  const c = await connectEngine(server.origin, gohighlevel, sbx);
  const setup = locationSetup(sbx.account);
  const contact = await c.api("contact").create!({ email: "deal.contact@example.test", firstName: "Deal", lastName: "Contact" });
  // the hub knows the contact (pulled): records reference it by its hub id
  await pullAll(c, "contact");
  const hubContactId = (await hubRecordOf(c, "contact", contact.externalId))!.id;
  return { c, sbx, setup, contactId: contact.externalId, hubContactId, owner: ownerOf(sbx) };
}

type ObjectCase = {
  object: RecordObject;
  /** a record made directly in GoHighLevel */
  remote(env: Awaited<ReturnType<typeof location>>, n: number): FieldMap;
  /** the same as hub fields (what a person enters in Switchboard) */
  hub(env: Awaited<ReturnType<typeof location>>, n: number): Record<string, unknown>;
  /** the provider / hub field under last-writer-wins used for the edits */
  text: { provider: string; hub: string };
};

const cases: ObjectCase[] = [
  {
    object: "opportunity",
    remote: (e, n) => ({ name: `Deal ${n}`, pipelineId: e.setup.pipelineId, pipelineStageId: e.setup.stageIds[0]!, status: "open", contactId: e.contactId, monetaryValue: 250 }),
    hub: (e, n) => ({ name: `Hub deal ${n}`, pipeline: e.setup.pipelineId, stage: e.setup.stageIds[0]!, status: "open", contactId: e.hubContactId, value: 90_000 }),
    text: { provider: "name", hub: "name" },
  },
  {
    object: "appointment",
    remote: (e, n) => ({ calendarId: e.setup.calendarId, contactId: e.contactId, startTime: soon(n * 61), endTime: soon(n * 61 + 30), title: `Call ${n}` }),
    hub: (e, n) => ({ title: `Hub call ${n}`, calendar: e.setup.calendarId, contactId: e.hubContactId, startAt: soon(n * 61 + 7), endAt: soon(n * 61 + 37), status: "confirmed" }),
    text: { provider: "title", hub: "title" },
  },
];

describe("sync engine on the GoHighLevel sandbox: what a connection syncs", () => {
  it("offers contacts, opportunities and appointments (its appointments object, not block slots)", async () => {
    const { c } = await location();
    const row = await db.connection.findUniqueOrThrow({ where: { id: c.id } });
    expect(syncableObjects(row).map((o) => `${o.object}:${o.spec.name}`)).toEqual(["contact:contacts", "opportunity:opportunities", "appointment:appointments"]);
    expect(await db.syncSetting.count({ where: { connectionId: c.id } })).toBe(3);
  });
});

for (const k of cases) {
  const O = k.object;
  describe(`sync engine on the GoHighLevel sandbox: ${O}s`, { timeout: 180_000 }, () => {
    it("pulls every record once, a second pull changes nothing, and nothing goes back", async () => {
      const e = await location();
      const made = [];
      for (let n = 1; n <= 3; n++) made.push(await e.c.api(O).create!(k.remote(e, n)));
      const all = await remoteAll(e.c, O);
      const run = await pullAll(e.c, O);
      expect(run).toMatchObject({ createdCount: all.length, failedCount: 0 });
      expect(await db.recordLink.count({ where: { connectionId: e.c.id, object: O } })).toBe(all.length);
      for (const r of made) expect(await hubRecordOf(e.c, O, r.externalId)).not.toBeNull();
      if (O === "opportunity") expect((await hubRecordOf(e.c, O, made[0]!.externalId))?.data).toMatchObject({ value: 25_000, status: "open" });
      const again = await pullAll(e.c, O);
      expect(again.createdCount + again.updatedCount + again.failedCount).toBe(0);
      expect(await pending(e.c, O)).toBe(0);
      const pushed = await pushAll(e.c, O);
      expect(pushed.createdCount + pushed.updatedCount).toBe(0);
    });

    it("a hub record appears in GoHighLevel exactly once; a lost create outcome is not repeated blindly; its echo changes nothing", async () => {
      const e = await location();
      await pullAll(e.c, O);
      const rec = await createRecord(e.owner, O, k.hub(e, 1));
      expect((await pushAll(e.c, O)).createdCount).toBe(1);
      const ext = (await linkOf(e.c, rec.recordId)).externalId!;
      const atRemote = (await remoteAll(e.c, O)).filter((r) => r.fields[k.text.provider] === k.hub(e, 1)[k.text.hub]);
      expect(atRemote.map((r) => r.externalId)).toEqual([ext]);
      if (O === "opportunity") expect(atRemote[0]?.fields.monetaryValue).toBe(900);
      expect((await pushAll(e.c, O)).createdCount).toBe(0);
      const version = (await hubRecord(rec.recordId)).version;
      const pulled = await pullAll(e.c, O);
      expect(pulled.createdCount + pulled.updatedCount).toBe(0);
      expect((await hubRecord(rec.recordId)).version).toBe(version);

      // GoHighLevel has no upsert for these: after a lost create outcome the engine reports instead of creating again
      const second = await createRecord(e.owner, O, k.hub(e, 2));
      await pushAll(e.c, O);
      await loseCreateOutcome(e.c, second.recordId);
      const retried = await pushAll(e.c, O);
      expect(retried).toMatchObject({ createdCount: 0, failedCount: 1 });
      expect((await linkOf(e.c, second.recordId)).lastErrorMessage).toMatch(/may have reached the provider/);
      expect((await remoteAll(e.c, O)).filter((r) => r.fields[k.text.provider] === k.hub(e, 2)[k.text.hub])).toHaveLength(1);
    });

    it("a change made in GoHighLevel comes into the hub and is not sent back; simultaneous edits go to the later writer", async () => {
      const e = await location();
      const remote = await e.c.api(O).create!(k.remote(e, 1));
      await pullAll(e.c, O);
      const rec = (await hubRecordOf(e.c, O, remote.externalId))!;
      await remoteUpdate(e.c, O, remote.externalId, { [k.text.provider]: "Changed there" });
      expect((await pullAll(e.c, O)).updatedCount).toBe(1);
      expect((await hubRecord(rec.id)).data[k.text.hub]).toBe("Changed there");
      const back = await pushAll(e.c, O);
      expect(back.createdCount + back.updatedCount).toBe(0);

      // both sides edit since the last sync; GoHighLevel's is later: it wins
      const since = new Date(Date.now() - 20_000);
      await lastSyncedAt(e.c, rec.id, since);
      await hubEditAt(e.c, O, rec.id, { [k.text.hub]: "Hub edit" }, new Date(since.getTime() + 5_000));
      await remoteUpdate(e.c, O, remote.externalId, { [k.text.provider]: "Remote edit" });
      await pullAll(e.c, O);
      expect((await hubRecord(rec.id)).data[k.text.hub]).toBe("Remote edit");
      // the hub's later edit is kept and pushed over GoHighLevel's
      await remoteUpdate(e.c, O, remote.externalId, { [k.text.provider]: "Remote again" });
      await updateRecord(e.owner, O, rec.id, { [k.text.hub]: "Hub last" });
      await pullAll(e.c, O);
      expect((await hubRecord(rec.id)).data[k.text.hub]).toBe("Hub last");
      expect((await pushAll(e.c, O)).updatedCount).toBe(1);
      expect((await e.c.api(O).get!(remote.externalId))?.fields[k.text.provider]).toBe("Hub last");
    });

    it("deletes: a hub delete removes it in GoHighLevel once; a delete there is found by a full resync, never by a partial pull", async () => {
      const e = await location();
      const rec = await createRecord(e.owner, O, k.hub(e, 1));
      await pushAll(e.c, O);
      const ext = (await linkOf(e.c, rec.recordId)).externalId!;
      await deleteRecord(e.owner, O, rec.recordId);
      expect((await pushAll(e.c, O)).deletedCount).toBe(1);
      expect(await e.c.api(O).get!(ext)).toBeNull();
      expect((await pushAll(e.c, O)).deletedCount).toBe(0);

      const remote = await e.c.api(O).create!(k.remote(e, 2));
      await pullAll(e.c, O);
      const pulled = (await hubRecordOf(e.c, O, remote.externalId))!;
      await e.c.api(O).delete!(remote.externalId);
      expect((await pullAll(e.c, O)).deletedCount).toBe(0);
      expect((await hubRecord(pulled.id)).deletedAt).toBeNull();
      expect((await pullAll(e.c, O, "full")).deletedCount).toBe(1);
      expect((await hubRecord(pulled.id)).deletedAt).not.toBeNull();
      expect((await pushAll(e.c, O)).deletedCount).toBe(0);
    });
  });
}

describe("sync engine on GoHighLevel: references between two locations", { timeout: 180_000 }, () => {
  /** Location B's own pipeline, stage and calendar, set in B's mapping as a person would (they are location data, not hub records). */
  async function ownReferenceData(c: EngineConn, object: "opportunity" | "appointment", values: Record<string, string>) {
    const base = c.spec(object).defaultMapping;
    const rules = base.rules.map((r) => (values[r.hubField] !== undefined ? { ...r, direction: "push" as const, transforms: [{ kind: "constant" as const, value: values[r.hubField]! }] } : r));
    await db.syncMapping.create({ data: { workspaceId: c.sbx.workspaceId, connectionId: c.id, object, version: 2, createdBy: "test", rules: { rules, ...(base.customFields ? { customFields: base.customFields } : {}) } as object } });
  }

  it("an opportunity and an appointment pulled from location A reach location B with B's contact id; they wait for the contact until it is there", async () => {
    const a = await location();
    const sbxB = await secondSandbox("gohighlevel", a.sbx, { count: 1 });
    const b = await connectEngine(server.origin, gohighlevel, sbxB, { name: "GHL B" });
    const setupB = locationSetup(sbxB.account);
    await ownReferenceData(b, "opportunity", { pipeline: setupB.pipelineId, stage: setupB.stageIds[0]! });
    await ownReferenceData(b, "appointment", { calendar: setupB.calendarId });
    const deal = await a.c.api("opportunity").create!(cases[0]!.remote(a, 1));
    const call = await a.c.api("appointment").create!(cases[1]!.remote(a, 1));
    await pullAll(a.c, "opportunity");
    await pullAll(a.c, "appointment");
    const hubDeal = (await hubRecordOf(a.c, "opportunity", deal.externalId))!;
    const hubCall = (await hubRecordOf(a.c, "appointment", call.externalId))!;
    // the hub holds its own contact id, not location A's
    expect((hubDeal.data as Record<string, unknown>).contactId).toBe(a.hubContactId);
    expect((hubCall.data as Record<string, unknown>).contactId).toBe(a.hubContactId);

    // B has not received the contact yet: both wait, with the reason on their links, and nothing is sent
    expect((await pushAll(b, "opportunity")).createdCount).toBe(0);
    expect((await pushAll(b, "appointment")).createdCount).toBe(0);
    for (const id of [hubDeal.id, hubCall.id]) {
      expect(await linkOf(b, id)).toMatchObject({ status: "pending", externalId: null, lastErrorCode: "WAITING_FOR_CONTACT", lastErrorMessage: expect.stringContaining("contact") });
    }
    expect((await remoteAll(b, "opportunity")).filter((r) => r.fields.name === "Deal 1")).toEqual([]);

    // the contact reaches B; then the held records go, carrying B's own contact id
    await pushAll(b, "contact");
    const contactInB = (await linkOf(b, a.hubContactId)).externalId!;
    expect(contactInB).not.toBe(a.contactId);
    // the contact's push released them (and asked for their push)
    expect(await linkOf(b, hubDeal.id)).toMatchObject({ lastPushedVersion: null, lastErrorCode: "WAITING_FOR_CONTACT" });
    // (location A's seeded records come along: every pulled one is sent, none fails)
    for (const O of ["opportunity", "appointment"] as const) {
      const sent = await pushAll(b, O);
      expect(sent.failedCount).toBe(0);
      expect(sent.createdCount).toBe(await db.hubRecord.count({ where: { workspaceId: a.sbx.workspaceId, object: O, deletedAt: null } }));
    }
    const dealInB = await b.api("opportunity").get!((await linkOf(b, hubDeal.id)).externalId!);
    expect(dealInB?.fields).toMatchObject({ contactId: contactInB, pipelineId: setupB.pipelineId, name: "Deal 1" });
    const callInB = await b.api("appointment").get!((await linkOf(b, hubCall.id)).externalId!);
    expect(callInB?.fields).toMatchObject({ contactId: contactInB, calendarId: setupB.calendarId, title: "Call 1" });
    expect(await linkOf(b, hubDeal.id)).toMatchObject({ status: "synced", lastErrorCode: null });

    // B's echo changes nothing (B's own seeded records are new to the hub), and A is not written back to
    const versions = [(await hubRecord(hubDeal.id)).version, (await hubRecord(hubCall.id)).version];
    for (const O of ["opportunity", "appointment"] as const) {
      expect((await pullAll(b, O)).updatedCount).toBe(0);
      const back = await pushAll(a.c, O);
      expect(back.updatedCount).toBe(0);
    }
    expect([(await hubRecord(hubDeal.id)).version, (await hubRecord(hubCall.id)).version]).toEqual(versions);
    expect((await hubRecord(hubDeal.id)).data.contactId).toBe(a.hubContactId);
  });
});
