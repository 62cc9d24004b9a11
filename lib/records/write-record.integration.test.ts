import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addTestMember, createTestWorkspace, uniqueSuffix } from "@/lib/testing/factories";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { createRecord, deleteRecord, updateRecord } from "@/lib/records/save-record";
import { writeRecord, writeRecordInTx } from "@/lib/records/write-record";
import { getRecord } from "@/lib/records/get-record";
import { publishRecordChanges, sweepUnsentRecordChanges } from "@/lib/records/publish-record-changes";

async function changesOf(recordId: string) {
  return db.recordChange.findMany({ where: { recordId }, orderBy: { version: "asc" } });
}

describe("the one write path", () => {
  it("creates a record with match keys, search terms, field provenance, a change row and a sent event", async () => {
    const owner = await createTestWorkspace();
    const s = uniqueSuffix();
    const res = await createRecord(owner, "contact", { firstName: "Ada", lastName: `Lovelace${s}`, email: ` Ada.${s}@Example.COM `, phone: "+1 (415) 555-2671", country: "DE" });
    expect(res).toMatchObject({ created: true, version: 1 });
    const row = await db.hubRecord.findUniqueOrThrow({ where: { id: res.recordId } });
    expect(row).toMatchObject({ workspaceId: owner.workspace.id, emailKey: `ada.${s}@example.com`, phoneKey: "+14155552671", title: `Ada Lovelace${s}` });
    expect((row.data as Record<string, unknown>).timezone).toBe("Europe/Berlin");
    const meta = row.fieldMeta as Record<string, { source: string }>;
    expect(meta.email?.source).toBe(`user:${owner.user.id}`);
    expect(meta.timezone?.source).toBe("system");
    const [search] = await db.$queryRaw<{ terms: string[] }[]>`SELECT tsvector_to_array(search) AS terms FROM hub_records WHERE id = ${res.recordId}`;
    expect(search?.terms).toEqual(expect.arrayContaining(["ada", `lovelace${s}`, "4155552671", "example.com"]));
    const [change] = await changesOf(res.recordId);
    expect(change).toMatchObject({ id: res.changeId, version: 1, action: "created", source: `user:${owner.user.id}` });
    expect(change?.sentAt).not.toBeNull();
    const event = await db.executorEvent.findUnique({ where: { id: `changes:${res.changeId}:1` } });
    expect(event?.name).toBe("switchboard/records.changed");
    // one record: named, so the pushes it asks for take it first by id
    expect((event?.payload as { data: unknown }).data).toEqual({ workspaceId: owner.workspace.id, object: "contact", sourceConnectionId: null, changeIds: [res.changeId], recordIds: [res.recordId] });
    // no outbound endpoint in this workspace: no per-change event
    expect(await db.executorEvent.findUnique({ where: { id: res.changeId ?? "" } })).toBeNull();
  });

  it("sends one event per committed transaction, and a per-change event only where an outbound endpoint takes it", async () => {
    const owner = await createTestWorkspace();
    await db.outboundEndpoint.create({ data: { workspaceId: owner.workspace.id, url: "https://hooks.example.com/in", eventTypes: ["contact.updated"], secretSealed: "unused" } });
    const ids = await db.$transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await writeRecordInTx(tx, { workspaceId: owner.workspace.id, object: "contact", fields: { firstName: `Page${i}` }, source: { kind: "system" } });
        out.push(r.changeId ?? "");
      }
      return out;
    });
    const { recordId } = await createRecord(owner, "contact", { firstName: "Single" });
    const updated = await updateRecord(owner, "contact", recordId, { firstName: "Single 2" });
    expect(await publishRecordChanges(ids)).toBe(3);
    expect(await publishRecordChanges(ids)).toBe(0);
    const page = await db.executorEvent.findUnique({ where: { id: `changes:${ids[0]}:3` } });
    expect((page?.payload as { data: { changeIds: string[] } }).data.changeIds).toEqual([...ids].sort());
    // contact.created is not taken by the endpoint; contact.updated is
    const perChange = await db.executorEvent.findMany({ where: { id: { in: [...ids, updated.changeId ?? ""] } }, select: { id: true, name: true } });
    expect(perChange).toEqual([{ id: updated.changeId, name: "switchboard/record.changed" }]);
  });

  it("bumps the version only when a field changes, and records old and new values", async () => {
    const owner = await createTestWorkspace();
    const { recordId } = await createRecord(owner, "contact", { firstName: "Grace", email: `g-${uniqueSuffix()}@example.test` });
    const same = await updateRecord(owner, "contact", recordId, { firstName: "  Grace ", company: "" });
    expect(same).toMatchObject({ changeId: null, version: 1, changedFields: [] });
    const changed = await updateRecord(owner, "contact", recordId, { firstName: "Grace B.", tags: ["vip", "beta", "vip"] });
    expect(changed.version).toBe(2);
    const history = await changesOf(recordId);
    expect(history).toHaveLength(2);
    expect(history[1]?.changes).toEqual({ firstName: { old: "Grace", new: "Grace B." }, tags: { old: null, new: ["beta", "vip"] } });
  });

  it("serialises concurrent writes to one record: every change gets its own version", async () => {
    const owner = await createTestWorkspace();
    const { recordId } = await createRecord(owner, "contact", { firstName: "Start" });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => updateRecord(owner, "contact", recordId, { [i % 2 ? "firstName" : "lastName"]: `v${i}` })),
    );
    expect(results.map((r) => r.version).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    const history = await changesOf(recordId);
    expect(history.map((h) => h.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("refuses a form saved on an old version", async () => {
    const owner = await createTestWorkspace();
    const { recordId } = await createRecord(owner, "product", { name: "Mug", price: 1200, currency: "eur" });
    await updateRecord(owner, "product", recordId, { stock: 5 }, 1);
    expect((await caughtAppError(updateRecord(owner, "product", recordId, { stock: 6 }, 1))).code).toBe("CONFLICT");
  });

  it("applies conflict policies to inbound changes and never re-subscribes", async () => {
    const owner = await createTestWorkspace();
    const { recordId } = await createRecord(owner, "contact", { firstName: "Hub", lastName: "Name", company: "HubCo", subscribed: false, owner: "u1" });
    const inbound = (policies: Record<string, "hub_wins" | "provider_wins" | "manual" | "never_overwrite">) => ({
      policies,
      defaultPolicy: "last_writer_wins" as const,
      baseline: new Date(Date.now() - 60_000),
      remoteUpdatedAt: new Date(Date.now() + 1000),
    });
    const res = await writeRecord({
      workspaceId: owner.workspace.id,
      object: "contact",
      recordId,
      fields: { firstName: "Remote", lastName: "Remote", company: "RemoteCo", subscribed: true, owner: "u2", source: "form" },
      source: { kind: "connection", connectionId: "conn-x" },
      inbound: inbound({ firstName: "hub_wins", lastName: "provider_wins", company: "manual", owner: "never_overwrite" }),
    });
    expect(res.kept.sort()).toEqual(["firstName", "owner", "subscribed"]);
    expect(res.conflicts).toEqual([{ field: "company", hubValue: "HubCo", incomingValue: "RemoteCo" }]);
    expect(res.changedFields.sort()).toEqual(["lastName", "source"]);
    const view = await getRecord(owner, "contact", recordId);
    const field = (k: string) => view.fields.find((f) => f.key === k);
    expect(field("subscribed")?.value).toBe(false);
    expect(field("lastName")).toMatchObject({ value: "Remote", source: { kind: "connection", label: "A removed connection" } });
    const last = (await changesOf(recordId)).at(-1);
    expect(last?.sourceConnectionId).toBe("conn-x");
  });

  it("recomputes a derived time zone until a person sets one", async () => {
    const owner = await createTestWorkspace();
    // a form sends the empty time zone field: still derived
    const { recordId } = await createRecord(owner, "contact", { email: `tz-${uniqueSuffix()}@example.test`, country: "DE", timezone: "" });
    expect(((await db.hubRecord.findUniqueOrThrow({ where: { id: recordId } })).data as Record<string, unknown>).timezone).toBe("Europe/Berlin");
    await updateRecord(owner, "contact", recordId, { country: "US", postalCode: "94105" });
    let data = (await db.hubRecord.findUniqueOrThrow({ where: { id: recordId } })).data as Record<string, unknown>;
    expect(data.timezone).toBe("America/Los_Angeles");
    await updateRecord(owner, "contact", recordId, { timezone: "Asia/Tokyo" });
    await updateRecord(owner, "contact", recordId, { country: "FR", postalCode: null });
    data = (await db.hubRecord.findUniqueOrThrow({ where: { id: recordId } })).data as Record<string, unknown>;
    expect(data.timezone).toBe("Asia/Tokyo");
    expect((await caughtAppError(updateRecord(owner, "contact", recordId, { timezone: "Mars/Base" }))).code).toBe("VALIDATION_FAILED");
  });

  it("keeps workspaces apart and checks roles", async () => {
    const owner = await createTestWorkspace();
    const other = await createTestWorkspace();
    const member = await addTestMember(owner, "member");
    const { recordId } = await createRecord(member, "order", { number: `A-${uniqueSuffix()}`, status: "pending" });
    expect((await caughtAppError(updateRecord(other, "order", recordId, { status: "completed" }))).code).toBe("NOT_FOUND");
    expect((await caughtAppError(getRecord(other, "order", recordId))).code).toBe("NOT_FOUND");
    expect((await caughtAppError(deleteRecord(other, "order", recordId))).code).toBe("NOT_FOUND");
    expect((await caughtAppError(deleteRecord(member, "order", recordId))).code).toBe("FORBIDDEN");
    expect((await caughtAppError(updateRecord(owner, "contact", recordId, { firstName: "x" }))).code).toBe("NOT_FOUND");
    expect((await caughtAppError(createRecord(owner, "order", { status: "pending" }))).code).toBe("VALIDATION_FAILED");
    expect((await caughtAppError(createRecord(owner, "order", { number: "1", colour: "red" }))).code).toBe("VALIDATION_FAILED");
  });

  it("deletes as a tombstone with a change row; the record is gone from reads", async () => {
    const owner = await createTestWorkspace();
    const { recordId } = await createRecord(owner, "appointment", { title: "Demo", startAt: "2026-12-02T10:00:00Z" });
    const del = await deleteRecord(owner, "appointment", recordId);
    expect(del).toMatchObject({ deleted: true, version: 2 });
    const row = await db.hubRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect(row.deletedAt).not.toBeNull();
    expect((await changesOf(recordId)).map((c) => c.action)).toEqual(["created", "deleted"]);
    expect((await caughtAppError(getRecord(owner, "appointment", recordId))).code).toBe("NOT_FOUND");
    expect((await caughtAppError(deleteRecord(owner, "appointment", recordId))).code).toBe("NOT_FOUND");
  });

  it("the sweeper sends a change committed but never sent", async () => {
    const owner = await createTestWorkspace();
    const result = await db.$transaction((tx) =>
      writeRecordInTx(tx, { workspaceId: owner.workspace.id, object: "product", fields: { name: "Unsent" }, source: { kind: "system" }, at: new Date(Date.now() - 120_000) }),
    );
    const changeId = result.changeId ?? "";
    expect(await db.executorEvent.findUnique({ where: { id: changeId } })).toBeNull();
    await sweepUnsentRecordChanges();
    expect((await db.recordChange.findUniqueOrThrow({ where: { id: changeId } })).sentAt).not.toBeNull();
    expect((await db.executorEvent.findUnique({ where: { id: `changes:${changeId}:1` } }))?.name).toBe("switchboard/records.changed");
  });
});
