// Two connections pushing to each other, as when a person connects HubSpot and Pipedrive and both
// backfills cross-push hundreds of contacts.
//
// A push's own create coming back before the push has saved the remote id: Pipedrive has no batch writes
// (its upsert is a search, then a create), so every contact is its own request, and its "person added"
// webhook can be applied while the push is still creating the rest of its batch. The webhook must adopt the link the push is
// filling in, not make a second hub record of the same person (which the other connections would then
// be asked to create again, and refuse: same e-mail, already linked).
//
// A person's change goes ahead of a cross-push: a contact made (or edited) in Switchboard is the next
// thing pushed to each connection, not the last of a backfill's records.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { pipedrive } from "@/lib/integrations/pipedrive/definition";
import type { FieldMap } from "@/lib/integrations/object-contract";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import { applyWebhookRecords } from "@/lib/sync/apply-webhook-records";
import { countPending, pendingForConnection } from "@/lib/sync/push-pending";
import { connectEngine, engineSandbox, ownerOf, pullAll, pushAll, remoteUpdate, remoteWhere, withSandboxServer } from "@/lib/sync/providers/engine-harness";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";

const server = withSandboxServer();

describe("two connections cross-pushing", () => {
  it("keeps one hub record per person, links it once, and the other connection gets each person once", async () => {
    const pdSbx = await engineSandbox("pipedrive", { count: 0 });
    const hsSbx = await createTestSandbox("hubspot", { count: 0, workspaceId: pdSbx.workspaceId, userId: pdSbx.userId, key: "hs" });
    const pd = await connectEngine(server.origin, pipedrive, pdSbx, { name: "Pipedrive" });
    const hs = await connectEngine(server.origin, hubspot, hsSbx, { name: "HubSpot" });
    const owner = ownerOf(pdSbx);
    const people = ["ada", "grace", "edsger"].map((n) => ({ firstName: n, lastName: "Race", email: `${n}.race@example.test` }));
    for (const p of people) await createRecord(owner, "contact", p);
    // Both connections get the three people, the way the fan-out asks for them: HubSpot first.
    expect((await pushAll(hs, "contact")).createdCount).toBe(3);

    // Pipedrive answers each create, and its webhook for the new person is applied at once, before the
    // push's batch ends (as the job runner does when the delivery comes in mid-batch).
    const api = pd.api("contact");
    const upsert = api.upsert!.bind(api);
    let echoed = 0;
    api.upsert = async (fields: FieldMap) => {
      const res = await upsert(fields);
      await applyWebhookRecords({ connectionId: pd.id, object: "contact", changes: [{ kind: "upsert", record: res.record, occurredAt: new Date() }], api });
      echoed++;
      return res;
    };
    const run = await pushAll(pd, "contact");
    expect(echoed).toBe(3);
    expect(run).toMatchObject({ createdCount: 3, failedCount: 0 });

    for (const p of people) {
      const hub = await db.hubRecord.findMany({ where: { workspaceId: pdSbx.workspaceId, object: "contact", emailKey: p.email }, include: { links: true } });
      expect(hub).toHaveLength(1);
      const remote = await remoteWhere(pd, "contact", "email", p.email);
      expect(remote).toHaveLength(1);
      expect(hub[0]!.links.find((l) => l.connectionId === pd.id)).toMatchObject({ externalId: remote[0]!.externalId, status: "synced", createIntentAt: null });
    }
    // HubSpot is asked for what Pipedrive added (the owner it assigned), never for a second person.
    expect(await countPending(pdSbx.workspaceId, hs.id, "contact")).toBeLessThanOrEqual(3);
    expect(await pushAll(hs, "contact")).toMatchObject({ createdCount: 0, failedCount: 0 });
    expect(await db.syncOperation.count({ where: { connectionId: { in: [pd.id, hs.id] }, outcome: "failed" } })).toBe(0);
    for (const p of people) expect(await remoteWhere(hs, "contact", "email", p.email)).toHaveLength(1);
  });

  it("pushes a person's new contact and a person's edit before a backfill's records", async () => {
    const pdSbx = await engineSandbox("pipedrive", { count: 30 });
    const hsSbx = await createTestSandbox("hubspot", { count: 0, workspaceId: pdSbx.workspaceId, userId: pdSbx.userId, key: "hs" });
    const pd = await connectEngine(server.origin, pipedrive, pdSbx, { name: "Pipedrive" });
    const hs = await connectEngine(server.origin, hubspot, hsSbx, { name: "HubSpot" });
    const owner = ownerOf(pdSbx);
    expect((await pullAll(pd, "contact")).createdCount).toBe(30);
    // made after the 30 backfilled records: oldest-first alone would push it last
    const ada = await createRecord(owner, "contact", { firstName: "Ada", lastName: "First", email: "ada.first@example.test" });
    const next = await pendingForConnection(pdSbx.workspaceId, hs.id, "contact", 5);
    expect(next.map((p) => p.id)[0]).toBe(ada.recordId);
    expect(await countPending(pdSbx.workspaceId, hs.id, "contact")).toBe(31);
    await pushAll(hs, "contact");

    // Records already in HubSpot: a person edits one, after Pipedrive changed three others.
    const links = await db.recordLink.findMany({ where: { connectionId: pd.id }, orderBy: { createdAt: "asc" }, take: 4 });
    await updateRecord(owner, "contact", links[0]!.recordId, { company: "Edited by a person" });
    for (const l of links.slice(1)) await remoteUpdate(pd, "contact", l.externalId!, { last_name: `Changed${l.externalId}` });
    await pullAll(pd, "contact");
    const pendingNow = await pendingForConnection(pdSbx.workspaceId, hs.id, "contact", 10);
    expect(pendingNow.map((p) => p.id)).toHaveLength(4);
    expect(pendingNow[0]!.id).toBe(links[0]!.recordId);
  });
});
