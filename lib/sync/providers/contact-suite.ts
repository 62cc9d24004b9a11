// Test support: the sync engine's guarantees for one provider's contacts object, as a describe block a
// provider's engine test calls with its field names (lib/sync/providers/<provider>.integration.test.ts).
// Two connections of the provider in one workspace (A and B, two sandbox accounts); every step runs the
// engine's job steps over real HTTP (engine-harness.ts).
//   - backfill: every sandbox record once, a second pull changes nothing, nothing to push back
//   - a hub contact reaches A and B exactly once; a lost create outcome makes no second record; echoes change nothing
//   - a change made at A is pulled into the hub and pushed to B, never back to A
//   - simultaneous edits: last writer wins on the first name both ways; fill-if-empty keeps the hub's value
//   - an unsubscribed contact is never re-subscribed (hub, A, B)
//   - deletes: a hub delete removes the record at A and B; a delete at A reaches the hub (from the listing,
//     or from a full resync when the provider lists no deletions) and then B
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { FieldMap, FieldValue } from "@/lib/integrations/object-contract";
import type { ProviderDefinition } from "@/lib/integrations/types";
import type { TestSandbox } from "@/lib/integrations/sandbox/test-context";
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
  setConflictPolicy,
  type EngineConn,
} from "@/lib/sync/providers/engine-harness";

const O = "contact" as const;
/** a shared 2-core machine: these tests make many real HTTP round trips */
const SLOW = 180_000;

export type ContactSuiteInput = {
  def: ProviderDefinition;
  server: { readonly origin: string };
  /** records per sandbox account for the backfill test */
  seed: number;
  /** the two connections' configs (default: the contract fixture's) */
  config?: { a?: (env: { origin: string; sbx: TestSandbox }) => Record<string, unknown>; b?: (env: { origin: string; sbx: TestSandbox }) => Record<string, unknown> };
  /** the provider's field keys */
  fields: { email: string; firstName: string; lastName: string };
  /** a valid record to create directly at the provider */
  newRemote(email: string, firstName: string): FieldMap;
  /** the consent field and its provider values */
  consent: { field: string; subscribed: FieldValue; unsubscribed: FieldValue };
  /**
   * a rule under fill_if_empty: the hub keeps its non-empty value whatever the provider says; `setPolicy`
   * when the default mapping has no such rule (the test sets it as the mapping editor would)
   */
  fillIfEmpty: { hubField: string; providerField: string; hubValue: string; remoteValue: FieldValue; setPolicy?: boolean };
  /** how a delete made at the provider reaches the hub: listed by the incremental pull, or found by a full resync */
  remoteDeletes: "listed" | "full_resync";
};

export function describeContactSync(input: ContactSuiteInput): void {
  const { def, server, fields: f } = input;
  const email = (s: string) => `${s}.${def.slug.replace(/[^a-z]/g, "")}@example.test`;

  async function one(seed = 0): Promise<EngineConn> {
    const sbx = await engineSandbox(def.slug, { count: seed });
    return connectEngine(server.origin, def, sbx, { name: `${def.name} A`, ...(input.config?.a ? { config: input.config.a({ origin: server.origin, sbx }) } : {}) });
  }

  async function two() {
    const a = await one();
    const sbxB = await secondSandbox(def.slug, a.sbx);
    const b = await connectEngine(server.origin, def, sbxB, { name: `${def.name} B`, ...(input.config?.b ? { config: input.config.b({ origin: server.origin, sbx: sbxB }) } : {}) });
    return { a, b, owner: ownerOf(a.sbx) };
  }

  const byEmail = (c: EngineConn, address: string) => remoteWhere(c, O, f.email, address);
  const get = async (c: EngineConn, externalId: string) => {
    const r = await c.api(O).get!(externalId);
    if (!r) throw new Error(`${externalId} is not at the provider`);
    return r;
  };

  describe(`sync engine on the ${def.name} sandbox: contacts`, () => {
    it("backfills every sandbox record once, and a second pull changes nothing", async () => {
      const c = await one(input.seed);
      const remote = await remoteAll(c, O);
      expect(remote.length).toBe(input.seed);
      const run = await pullAll(c, O);
      expect(run.failedCount).toBe(0);
      const links = await db.recordLink.findMany({ where: { connectionId: c.id, object: O } });
      expect(links).toHaveLength(input.seed);
      expect(new Set(links.map((l) => l.externalId))).toEqual(new Set(remote.map((r) => r.externalId)));
      // seeded records that share an e-mail become one hub contact; none is created twice
      expect(run.createdCount).toBe(await db.hubRecord.count({ where: { workspaceId: c.sbx.workspaceId, object: O } }));
      const again = await pullAll(c, O);
      expect(again.createdCount + again.updatedCount + again.failedCount).toBe(0);
      expect(await pending(c, O)).toBe(0);
    }, SLOW);

    it("a hub contact reaches both connections exactly once, a lost create outcome makes no second record, and echoes change nothing", async () => {
      const { a, b, owner } = await two();
      const address = email("ada");
      const made = await createRecord(owner, O, { firstName: "Ada", lastName: "Lovelace", email: address, subscribed: true });
      expect((await pushAll(a, O)).createdCount).toBe(1);
      expect((await pushAll(b, O)).createdCount).toBe(1);
      for (const c of [a, b]) {
        const found = await byEmail(c, address);
        expect(found).toHaveLength(1);
        expect(found[0]?.fields).toMatchObject({ [f.firstName]: "Ada", [f.lastName]: "Lovelace", [input.consent.field]: input.consent.subscribed });
      }
      // the process died after the provider created the record: the retry finds it instead of creating another
      await loseCreateOutcome(a, made.recordId);
      expect((await pushAll(a, O)).failedCount).toBe(0);
      const atA = await byEmail(a, address);
      expect(atA).toHaveLength(1);
      expect((await linkOf(a, made.recordId)).externalId).toBe(atA[0]?.externalId);
      // reading our own writes back: at most what the provider added itself (an owner it assigned, only read)
      for (const c of [a, b]) {
        const pulled = await pullAll(c, O);
        expect(pulled.createdCount + pulled.failedCount).toBe(0);
        expect(pulled.updatedCount).toBeLessThanOrEqual(1);
      }
      const version = (await hubRecord(made.recordId)).version;
      for (const c of [a, b]) {
        const pushed = await pushAll(c, O);
        expect(pushed.createdCount + pushed.updatedCount).toBe(0);
        const pulled = await pullAll(c, O);
        expect(pulled.createdCount + pulled.updatedCount).toBe(0);
        expect(await byEmail(c, address)).toHaveLength(1);
      }
      expect((await hubRecord(made.recordId)).version).toBe(version);
      expect(await db.hubRecord.count({ where: { workspaceId: a.sbx.workspaceId, object: O, deletedAt: null } })).toBe(1);
    }, SLOW);

    it("a change made in one connection is pulled into the hub and pushed to the other, not back", async () => {
      const { a, b } = await two();
      const address = email("grace");
      const created = await a.api(O).create!(input.newRemote(address, "Grace"));
      expect((await pullAll(a, O)).createdCount).toBe(1);
      expect(await pending(b, O)).toBe(1);
      expect((await pushAll(b, O)).createdCount).toBe(1);
      expect(await byEmail(b, address)).toHaveLength(1);
      const toA = await pushAll(a, O);
      expect(toA.createdCount + toA.updatedCount).toBe(0);

      await remoteUpdate(a, O, created.externalId, { [f.lastName]: "Hopper-Murray" });
      expect((await pullAll(a, O)).updatedCount).toBe(1);
      expect((await hubRecordOf(a, O, created.externalId))?.data).toMatchObject({ lastName: "Hopper-Murray" });
      const back = await pushAll(a, O);
      expect(back.createdCount + back.updatedCount).toBe(0);
      expect((await pushAll(b, O)).updatedCount).toBe(1);
      const atB = await byEmail(b, address);
      expect(atB).toHaveLength(1);
      expect(atB[0]?.fields[f.lastName]).toBe("Hopper-Murray");
      expect(await byEmail(a, address)).toHaveLength(1);
      // B reading back what it was sent sends nothing anywhere
      await pullAll(b, O);
      for (const c of [a, b]) {
        const pushed = await pushAll(c, O);
        expect(pushed.createdCount + pushed.updatedCount).toBe(0);
      }
    }, SLOW);

    it("resolves simultaneous edits per field policy: the later writer wins the name, fill-if-empty keeps the hub's value", async () => {
      const { a, owner } = await two();
      if (input.fillIfEmpty.setPolicy) await setConflictPolicy(a, O, input.fillIfEmpty.hubField, "fill_if_empty");
      const made = await createRecord(owner, O, { firstName: "Lin", lastName: "Edit", email: email("lin"), [input.fillIfEmpty.hubField]: input.fillIfEmpty.hubValue });
      expect((await pushAll(a, O)).createdCount).toBe(1);
      const ext = (await linkOf(a, made.recordId)).externalId!;
      await pullAll(a, O);

      // both sides edit since the last sync; the provider's edit is the later one: it wins
      const since = new Date(Date.now() - 20_000);
      await lastSyncedAt(a, made.recordId, since);
      await hubEditAt(a, O, made.recordId, { firstName: "HubLin" }, new Date(since.getTime() + 5_000));
      await remoteUpdate(a, O, ext, { [f.firstName]: "RemoteLin", [input.fillIfEmpty.providerField]: input.fillIfEmpty.remoteValue });
      await pullAll(a, O);
      let data = (await hubRecord(made.recordId)).data;
      expect(data.firstName).toBe("RemoteLin");
      expect(data[input.fillIfEmpty.hubField]).toBe(input.fillIfEmpty.hubValue);

      // the hub's edit is the later one: it is kept, and pushed over the provider's
      await remoteUpdate(a, O, ext, { [f.firstName]: "RemoteAgain" });
      await updateRecord(owner, O, made.recordId, { firstName: "HubLast" });
      await pullAll(a, O);
      data = (await hubRecord(made.recordId)).data;
      expect(data.firstName).toBe("HubLast");
      expect((await pushAll(a, O)).updatedCount).toBe(1);
      expect((await get(a, ext)).fields[f.firstName]).toBe("HubLast");
    }, SLOW);

    it("never re-subscribes an unsubscribed contact, in the hub or at either connection", async () => {
      const { a, b, owner } = await two();
      const address = email("optout");
      const remote = await a.api(O).create!({ ...input.newRemote(address, "Opt"), [input.consent.field]: input.consent.subscribed });
      await pullAll(a, O);
      const rec = (await hubRecordOf(a, O, remote.externalId))!;
      expect((rec.data as Record<string, unknown>).subscribed).toBe(true);
      await pushAll(b, O);
      await updateRecord(owner, O, rec.id, { subscribed: false });
      // the provider still says subscribed, and changes the name: the name comes in, the unsubscribe stays
      await remoteUpdate(a, O, remote.externalId, { [f.firstName]: "Opted", [input.consent.field]: input.consent.subscribed });
      await pullAll(a, O);
      let data = (await hubRecord(rec.id)).data;
      expect(data.subscribed).toBe(false);
      expect(data.firstName).toBe("Opted");
      await pushAll(a, O);
      await pushAll(b, O);
      expect((await get(a, remote.externalId)).fields[input.consent.field]).toBe(input.consent.unsubscribed);
      const atB = (await byEmail(b, address))[0]!;
      expect(atB.fields[input.consent.field]).toBe(input.consent.unsubscribed);
      // re-subscribed at B later: still unsubscribed in the hub, and A is not re-subscribed
      await remoteUpdate(b, O, atB.externalId, { [input.consent.field]: input.consent.subscribed });
      await pullAll(b, O);
      data = (await hubRecord(rec.id)).data;
      expect(data.subscribed).toBe(false);
      await pushAll(a, O);
      expect((await get(a, remote.externalId)).fields[input.consent.field]).toBe(input.consent.unsubscribed);
    }, SLOW);

    it(`propagates deletes: a hub delete removes the record at both connections; a delete at the provider reaches the hub (${input.remoteDeletes === "listed" ? "from the listing" : "by a full resync"}) and the other connection`, async () => {
      const { a, b, owner } = await two();
      const made = await createRecord(owner, O, { firstName: "Del", lastName: "Hub", email: email("del") });
      await pushAll(a, O);
      await pushAll(b, O);
      await deleteRecord(owner, O, made.recordId);
      expect((await pushAll(a, O)).deletedCount).toBe(1);
      expect((await pushAll(b, O)).deletedCount).toBe(1);
      expect(await byEmail(a, email("del"))).toHaveLength(0);
      expect(await byEmail(b, email("del"))).toHaveLength(0);
      expect((await pushAll(a, O)).deletedCount).toBe(0);

      const other = await createRecord(owner, O, { firstName: "Gone", lastName: "Remote", email: email("gone") });
      await pushAll(a, O);
      await pushAll(b, O);
      await pullAll(a, O);
      await a.api(O).delete!((await linkOf(a, other.recordId)).externalId!);
      if (input.remoteDeletes === "listed") {
        // Salesforce lists deletions by whole minutes (the current one on the next pass): a minute goes by
        a.advanceClock(61_000);
        expect((await pullAll(a, O)).deletedCount).toBe(1);
      } else {
        // the incremental listing says nothing about deletions; a partial run never deletes
        expect((await pullAll(a, O)).deletedCount).toBe(0);
        expect((await hubRecord(other.recordId)).deletedAt).toBeNull();
        expect((await pullAll(a, O, "full")).deletedCount).toBe(1);
      }
      expect((await hubRecord(other.recordId)).deletedAt).not.toBeNull();
      expect(await pending(a, O)).toBe(0);
      expect((await pushAll(b, O)).deletedCount).toBe(1);
      expect(await byEmail(b, email("gone"))).toHaveLength(0);
    }, SLOW);
  });
}
