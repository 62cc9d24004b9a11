// A push run carries its scan position from batch to batch (pushBatch's cursor), so each batch starts where
// the last one ended. It must never skip a record: one changed again after the cursor passed it, or one
// whose change is dated before the cursor but committed after the scan went by (a slow transaction), is
// still pushed in the same run, and every record version reaches the connection exactly once.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";
import { writeRecord } from "@/lib/records/write-record";
import { countPending, pushBatch, type PushCursor } from "@/lib/sync/push-pending";
import { connectEngine, pullAll, withSandboxServer } from "@/lib/sync/providers/engine-harness";
import { beginPush, endPush } from "@/lib/sync/sync-jobs";
import { openSyncTarget } from "@/lib/sync/sync-target";

const server = withSandboxServer();

describe("the push cursor", () => {
  it("never skips a record changed after the cursor passed it", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 8 });
    const c = await connectEngine(server.origin, hubspot, sbx, { name: "HubSpot" });
    expect((await pullAll(c, "contact")).createdCount).toBe(8);
    const ws = sbx.workspaceId;
    const records = await db.hubRecord.findMany({
      where: { workspaceId: ws, object: "contact" },
      orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
      include: { links: true },
    });
    const set = (recordId: string, company: string, at?: Date) =>
      writeRecord({ workspaceId: ws, object: "contact", recordId, fields: { company }, source: { kind: "system" }, ...(at ? { at } : {}) });
    // one change each, a millisecond apart: the scan order is the order of these writes
    const base = Date.now() - 60_000;
    for (const [i, r] of records.entries()) await set(r.id, `First ${i}`, new Date(base + i));

    const began = await beginPush(c.id, "contact");
    if ("skipped" in began) throw new Error(began.skipped);
    const target = await openSyncTarget(c.id, "contact", c.api("contact"));
    const batch = (after: PushCursor | null) => pushBatch(target, "contact", began.runId, 2, after);

    const first = await batch(null);
    expect(first.processed).toBe(2);
    expect(first.cursor).not.toBeNull();
    // the cursor passed records 0 and 1: record 0 changes again now (after the cursor), record 1 with a
    // time before the cursor, as a transaction that started earlier and committed late would
    await set(records[0]!.id, "Second 0");
    await set(records[1]!.id, "Second 1", new Date(base - 1_000));
    let after = first.cursor;
    let batches = 1;
    for (; batches < 20; batches++) {
      const res = await batch(after);
      if (res.processed === 0) break;
      after = res.cursor;
    }
    expect(batches).toBeLessThan(20);
    await endPush({ runId: began.runId, connectionId: c.id, object: "contact" });

    expect(await countPending(ws, c.id, "contact")).toBe(0);
    for (const [i, r] of records.entries()) {
      const remote = await c.api("contact").get!(r.links[0]!.externalId!);
      expect(remote?.fields.company).toBe(i < 2 ? `Second ${i}` : `First ${i}`);
    }
    // exactly once per record version: records 0 and 1 twice (two versions), the others once
    const ops = await db.syncOperation.groupBy({
      by: ["recordId"],
      where: { runId: began.runId, action: "update", outcome: "succeeded" },
      _count: { _all: true },
    });
    const perRecord = new Map(ops.map((o) => [o.recordId, o._count._all]));
    expect(records.map((r) => perRecord.get(r.id) ?? 0)).toEqual([2, 2, 1, 1, 1, 1, 1, 1]);
  });

  it("stops before the first record a batch left, when a person's change went ahead of it", async () => {
    const aSbx = await createTestSandbox("hubspot", { count: 5 });
    const bSbx = await createTestSandbox("hubspot", { count: 0, workspaceId: aSbx.workspaceId, userId: aSbx.userId, key: "b" });
    const a = await connectEngine(server.origin, hubspot, aSbx, { name: "HubSpot A" });
    const b = await connectEngine(server.origin, hubspot, bSbx, { name: "HubSpot B" });
    expect((await pullAll(a, "contact")).createdCount).toBe(5);
    const ws = aSbx.workspaceId;
    // a backfill's records wait for B oldest first; a person's new contact (the newest) goes ahead of them
    const backfilled = await db.hubRecord.findMany({
      where: { workspaceId: ws, object: "contact" },
      orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const person = await writeRecord({
      workspaceId: ws,
      object: "contact",
      fields: { firstName: "Ada", email: "ada.cursor@example.test" },
      source: { kind: "system" },
    });
    const began = await beginPush(b.id, "contact");
    if ("skipped" in began) throw new Error(began.skipped);
    const target = await openSyncTarget(b.id, "contact", b.api("contact"));
    const first = await pushBatch(target, "contact", began.runId, 2, null);
    expect(first.processed).toBe(2);
    // taken: the person's contact and the oldest backfilled one; the cursor must not jump past the
    // backfilled records still waiting (the person's contact sits after them)
    expect(first.cursor?.id).toBe(backfilled[0]!.id);
    let after = first.cursor;
    for (let i = 0; i < 10; i++) {
      const res = await pushBatch(target, "contact", began.runId, 2, after);
      if (res.processed === 0) break;
      after = res.cursor;
    }
    await endPush({ runId: began.runId, connectionId: b.id, object: "contact" });
    expect(await countPending(ws, b.id, "contact")).toBe(0);
    const created = await db.syncOperation.findMany({
      where: { runId: began.runId, action: "create", outcome: "succeeded" },
      orderBy: { id: "asc" },
      select: { recordId: true },
    });
    expect(created.map((o) => o.recordId)).toEqual([person.recordId, ...backfilled.map((r) => r.id)]);
  });

  it("pushes the records a change named by id, only those that are pending, and leaves the scan where it was", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 6 });
    const c = await connectEngine(server.origin, hubspot, sbx, { name: "HubSpot" });
    expect((await pullAll(c, "contact")).createdCount).toBe(6);
    const ws = sbx.workspaceId;
    const records = await db.hubRecord.findMany({
      where: { workspaceId: ws, object: "contact" },
      orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
      include: { links: true },
    });
    const set = (recordId: string, company: string) =>
      writeRecord({ workspaceId: ws, object: "contact", recordId, fields: { company }, source: { kind: "system" } });
    // records 0..3 change; the change that asks for the push names 2 and 3, and 5 (not changed: nothing to push)
    for (const [i, r] of records.slice(0, 4).entries()) await set(r.id, `Named ${i}`);
    const began = await beginPush(c.id, "contact");
    if ("skipped" in began) throw new Error(began.skipped);
    const target = await openSyncTarget(c.id, "contact", c.api("contact"));
    const named = await pushBatch(target, "contact", began.runId, 10, null, [records[2]!.id, records[3]!.id, records[5]!.id]);
    expect(named.processed).toBe(2);
    expect(named.cursor).toBeNull();
    const remote = async (i: number) => (await c.api("contact").get!(records[i]!.links[0]!.externalId!))?.fields.company;
    expect([await remote(2), await remote(3)]).toEqual(["Named 2", "Named 3"]);
    expect(await remote(0)).not.toBe("Named 0");
    expect(await countPending(ws, c.id, "contact")).toBe(2);
    // the scan that follows takes the rest, and nothing twice
    const rest = await pushBatch(target, "contact", began.runId, 10, null);
    expect(rest.processed).toBe(2);
    await endPush({ runId: began.runId, connectionId: c.id, object: "contact" });
    expect([await remote(0), await remote(1)]).toEqual(["Named 0", "Named 1"]);
    const ops = await db.syncOperation.findMany({
      where: { runId: began.runId, action: "update", outcome: "succeeded" },
      select: { recordId: true },
    });
    expect(ops.map((o) => o.recordId).sort()).toEqual(
      records
        .slice(0, 4)
        .map((r) => r.id)
        .sort(),
    );
  });
});
