// The sync engine on the KeyCRM sandbox over real HTTP, for every object it declares: buyers (contacts:
// both ways, upsert by e-mail without an atomic upsert), orders (buyer, status, payment status and
// payments, items, tracking; status and payments pulled) and offers (products: SKU, price, stock; read
// in full; stock and price pushed to offers already linked). KeyCRM reports no deletions and cannot delete through its API: a full resync finds
// deleted records, and a hub delete is refused once with the reason.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { keycrm } from "@/lib/integrations/keycrm/definition";
import { getRecord, updateRecord as updateSandboxRecord, deleteRecord as deleteSandboxRecord, listRecords } from "@/lib/integrations/sandbox/record-store";
import { createRecord, deleteRecord, updateRecord } from "@/lib/records/save-record";
import { fieldsFromForm, formValuesOf } from "@/lib/records/form-input";
import { recordObjects } from "@/lib/records/record-objects";
import {
  connectEngine,
  engineSandbox,
  hubEditAt,
  hubRecord,
  lastSyncedAt,
  linkOf,
  loseCreateOutcome,
  ownerOf,
  pending,
  pullAll,
  pushAll,
  remoteUpdate,
  remoteWhere,
  secondSandbox,
  setConflictPolicy,
  withSandboxServer,
  type EngineConn,
} from "@/lib/sync/providers/engine-harness";

const server = withSandboxServer();

async function twoAccounts(count = 0) {
  const sbx = await engineSandbox("keycrm", { count });
  const sbx2 = await secondSandbox("keycrm", sbx);
  return { sbx, a: await connectEngine(server.origin, keycrm, sbx, { name: "KeyCRM A" }), b: await connectEngine(server.origin, keycrm, sbx2, { name: "KeyCRM B" }) };
}

async function onlyRemote(c: EngineConn, object: "contact" | "order", field: string, value: string) {
  const found = await remoteWhere(c, object, field, value);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** KeyCRM order sources are the account's own: pushing orders needs one named in the mapping (as a person sets it). */
describe("sync engine on the KeyCRM sandbox: buyers (contacts)", () => {
  it("backfills every buyer once; a second pull changes nothing", async () => {
    const sbx = await engineSandbox("keycrm", { count: 15 });
    const c = await connectEngine(server.origin, keycrm, sbx);
    const buyers = await listRecords(sbx.account.id, "buyers");
    const run = await pullAll(c, "contact");
    expect(run).toMatchObject({ createdCount: buyers.length, failedCount: 0 });
    const records = await db.hubRecord.findMany({ where: { workspaceId: sbx.workspaceId, object: "contact" }, include: { links: true } });
    expect(records).toHaveLength(buyers.length);
    expect(records.every((r) => r.links.length === 1 && r.links[0]?.connectionId === c.id)).toBe(true);
    const again = await pullAll(c, "contact");
    expect(again.createdCount + again.updatedCount + again.failedCount).toBe(0);
    expect(await pending(c, "contact")).toBe(0);
  });

  it("a hub contact becomes one buyer in every account (a retried create finds it by e-mail); edits once; hub deletes are refused once", async () => {
    const { sbx, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Olena", lastName: "Kovalenko", email: "olena@example.test", phone: "+380501234567" });
    for (const c of [a, b]) {
      expect((await pushAll(c, "contact")).createdCount).toBe(1);
      expect((await onlyRemote(c, "contact", "email", "olena@example.test")).fields).toMatchObject({ full_name: "Olena Kovalenko", phone: "+380501234567" });
    }
    await loseCreateOutcome(a, made.recordId);
    await pushAll(a, "contact");
    const remote = await onlyRemote(a, "contact", "email", "olena@example.test");
    expect(await linkOf(a, made.recordId)).toMatchObject({ externalId: remote.externalId, status: "synced" });
    for (const c of [a, b]) {
      const again = await pushAll(c, "contact");
      expect(again.createdCount + again.updatedCount).toBe(0);
      const pulled = await pullAll(c, "contact");
      expect(pulled.createdCount + pulled.updatedCount).toBe(0);
    }
    await updateRecord(owner, "contact", made.recordId, { lastName: "Shevchenko" });
    for (const c of [a, b]) {
      expect((await pushAll(c, "contact")).updatedCount).toBe(1);
      expect((await onlyRemote(c, "contact", "email", "olena@example.test")).fields.full_name).toBe("Olena Shevchenko");
      expect((await pushAll(c, "contact")).updatedCount).toBe(0);
    }
    // KeyCRM's API cannot delete buyers: the delete is logged as failed once, with the reason, and the buyer stays
    await deleteRecord(owner, "contact", made.recordId);
    for (const c of [a, b]) {
      const run = await pushAll(c, "contact");
      expect(run).toMatchObject({ deletedCount: 0, failedCount: 1 });
      expect((await linkOf(c, made.recordId)).lastErrorMessage).toContain("cannot delete");
      await onlyRemote(c, "contact", "email", "olena@example.test");
      expect((await pushAll(c, "contact")).failedCount).toBe(0);
    }
  });

  it("a buyer changed in one account is pulled and pushed to the other, not back; simultaneous edits by last writer; consent is left alone", async () => {
    const { sbx, a, b } = await twoAccounts();
    const created = await a.api("contact").create!({ email: "taras@example.test", first_name: "Taras", last_name: "Bulba", phone: "+380671112233" });
    await pullAll(a, "contact");
    expect(await pending(a, "contact")).toBe(0);
    expect(await pending(b, "contact")).toBe(1);
    expect((await pushAll(b, "contact")).createdCount).toBe(1);
    await remoteUpdate(a, "contact", created.externalId, { last_name: "Bulba-Ostap" });
    expect((await pullAll(a, "contact"))).toMatchObject({ updatedCount: 1, failedCount: 0 });
    const toA = await pushAll(a, "contact");
    expect(toA.createdCount + toA.updatedCount).toBe(0);
    expect((await pushAll(b, "contact")).updatedCount).toBe(1);
    expect((await onlyRemote(b, "contact", "email", "taras@example.test")).fields.full_name).toBe("Taras Bulba-Ostap");
    await onlyRemote(a, "contact", "email", "taras@example.test");

    // both sides edit the name: the hub's edit is newer, so it stays and A gets it back
    const link = await db.recordLink.findUniqueOrThrow({ where: { connectionId_object_externalId: { connectionId: a.id, object: "contact", externalId: created.externalId } } });
    await lastSyncedAt(a, link.recordId, new Date(Date.now() - 60_000));
    await remoteUpdate(a, "contact", created.externalId, { first_name: "KeyTaras" });
    await hubEditAt(a, "contact", link.recordId, { firstName: "HubTaras" }, new Date(Date.now() + 2_000));
    await pullAll(a, "contact");
    expect((await hubRecord(link.recordId)).data.firstName).toBe("HubTaras");
    expect((await pushAll(a, "contact")).updatedCount).toBe(1);
    expect((await onlyRemote(a, "contact", "email", "taras@example.test")).fields.first_name).toBe("HubTaras");
    // under a manual policy, differing edits open a conflict and keep the hub value
    await setConflictPolicy(a, "contact", "lastName", "manual");
    await updateRecord(ownerOf(sbx), "contact", link.recordId, { lastName: "HubLast" });
    await remoteUpdate(a, "contact", created.externalId, { last_name: "KeyLast" });
    expect((await pullAll(a, "contact")).conflictCount).toBe(1);
    expect((await hubRecord(link.recordId)).data.lastName).toBe("HubLast");

    // KeyCRM has no consent field: an unsubscribed contact stays unsubscribed through pulls and pushes
    await updateRecord(ownerOf(sbx), "contact", link.recordId, { subscribed: false });
    await remoteUpdate(a, "contact", created.externalId, { note: "called" });
    await pullAll(a, "contact");
    await pushAll(b, "contact");
    expect((await hubRecord(link.recordId)).data.subscribed).toBe(false);
  });

  it("a buyer deleted in KeyCRM is deleted in the hub only by a completed full resync, and that delete is not sent back", async () => {
    const { sbx, a } = await twoAccounts();
    const gone = await a.api("contact").create!({ email: "gone@example.test", first_name: "Gone" });
    await pullAll(a, "contact");
    const rec = (await db.recordLink.findUniqueOrThrow({ where: { connectionId_object_externalId: { connectionId: a.id, object: "contact", externalId: gone.externalId } } })).recordId;
    await deleteSandboxRecord({ account: sbx.account, objectType: "buyers", externalId: gone.externalId, now: new Date(), source: { kind: "panel" } });
    expect((await pullAll(a, "contact")).deletedCount).toBe(0);
    expect((await hubRecord(rec)).deletedAt).toBeNull();
    expect((await pullAll(a, "contact", "full")).deletedCount).toBe(1);
    expect((await hubRecord(rec)).deletedAt).not.toBeNull();
    expect((await pushAll(a, "contact")).deletedCount + (await pushAll(a, "contact")).failedCount).toBe(0);
  });
});

describe("sync engine on the KeyCRM sandbox: orders", () => {
  it("backfills orders with buyer, status, payment status and payments, items, totals and tracking", async () => {
    const sbx = await engineSandbox("keycrm", { count: 8 });
    const c = await connectEngine(server.origin, keycrm, sbx);
    const run = await pullAll(c, "order");
    const remote = await listRecords(sbx.account.id, "orders");
    expect(run).toMatchObject({ createdCount: remote.length, failedCount: 0 });
    for (const r of remote) {
      const link = await db.recordLink.findUniqueOrThrow({ where: { connectionId_object_externalId: { connectionId: c.id, object: "order", externalId: r.externalId } } });
      const data = (await hubRecord(link.recordId)).data;
      const products = r.data.products as { sku: string; name: string; price: number; quantity: number }[];
      expect(data).toMatchObject({
        number: r.data.source_uuid,
        buyerName: (r.data.buyer as { full_name: string }).full_name,
        buyerEmail: (r.data.buyer as { email: string }).email.toLowerCase(),
        paymentStatus: { not_paid: "unpaid", part_paid: "partially_paid", paid: "paid", refund: "refunded" }[r.data.payment_status as string],
        total: Math.round(Number(r.data.grand_total) * 100),
        items: products.map((p) => ({ sku: p.sku, name: p.name, quantity: p.quantity, unitPrice: p.price * 100 })),
        payments: (r.data.payments as unknown[]).map(() => expect.objectContaining({ status: "succeeded" })),
      });
      expect(data.status).toEqual(expect.any(String));
    }
    const again = await pullAll(c, "order");
    expect(again.createdCount + again.updatedCount + again.failedCount).toBe(0);
  });

  it("a status change and a payment in KeyCRM reach the hub and the other account (not back); a hub tracking number is pushed once", async () => {
    const { sbx, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    // without an order source in its settings a connection refuses to create orders, with the reason
    const bare = await connectEngine(server.origin, keycrm, sbx, { name: "KeyCRM, no order source", config: {} });
    const refused = await createRecord(owner, "order", { number: "W-0999", buyerName: "No Source" });
    expect((await pushAll(bare, "order")).failedCount).toBeGreaterThanOrEqual(1);
    expect(await linkOf(bare, refused.recordId)).toMatchObject({ status: "failed", lastErrorCode: "PROVIDER_VALIDATION", lastErrorMessage: expect.stringContaining("order source id") });
    await db.connection.delete({ where: { id: bare.id } });
    await deleteRecord(owner, "order", refused.recordId);
    // the fixture's connections have one (orderSourceId 1): every order they create is filed under it
    const made = await createRecord(owner, "order", { number: "W-1001", buyerName: "Olena Kovalenko", buyerEmail: "olena@example.test", trackingNumber: "20400000000001" });
    for (const c of [a, b]) {
      expect((await pushAll(c, "order")).createdCount).toBe(1);
      expect((await onlyRemote(c, "order", "source_uuid", "W-1001")).fields).toMatchObject({ source_id: 1, "buyer.full_name": "Olena Kovalenko", "shipping.tracking_code": "20400000000001" });
    }
    for (const c of [a, b]) {
      const again = await pushAll(c, "order");
      expect(again.createdCount + again.updatedCount).toBe(0);
    }
    const remote = await onlyRemote(a, "order", "source_uuid", "W-1001");
    // the shop ships it and takes the money in KeyCRM
    await remoteUpdate(a, "order", remote.externalId, { status_id: 3 });
    const res = await fetch(`${server.origin}/sandbox/keycrm/v1/order/${remote.externalId}/payment`, {
      method: "POST", headers: { authorization: `Bearer ${sbx.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ payment_method_id: 1, amount: 0, status: "paid", description: "card" }),
    });
    expect(res.status).toBeLessThan(300);
    expect((await pullAll(a, "order")).updatedCount).toBe(1);
    expect((await hubRecord(made.recordId)).data).toMatchObject({ status: "shipped", payments: [expect.objectContaining({ status: "succeeded" })] });
    const toA = await pushAll(a, "order");
    expect(toA.createdCount + toA.updatedCount).toBe(0);
    // status and payments are pulled, not written: B's copy is not touched by them (nothing mapped to push changed)
    const toB = await pushAll(b, "order");
    expect(toB.createdCount).toBe(0);
    await onlyRemote(b, "order", "source_uuid", "W-1001");

    await updateRecord(owner, "order", made.recordId, { trackingNumber: "20400000000002" });
    for (const c of [a, b]) {
      expect((await pushAll(c, "order")).updatedCount).toBe(1);
      expect((await onlyRemote(c, "order", "source_uuid", "W-1001")).fields["shipping.tracking_code"]).toBe("20400000000002");
      expect((await pushAll(c, "order")).updatedCount).toBe(0);
    }
    // orders cannot be deleted through KeyCRM's API: refused once with the reason
    await deleteRecord(owner, "order", made.recordId);
    const del = await pushAll(a, "order");
    expect(del).toMatchObject({ deletedCount: 0, failedCount: 1 });
    await onlyRemote(a, "order", "source_uuid", "W-1001");
  });
});

describe("sync engine on the KeyCRM sandbox: offers (products)", () => {
  it("pulls SKU, name, price and stock in full, pushes stock and price edits made in the hub, and deletes by full listing", async () => {
    const sbx = await engineSandbox("keycrm", { count: 6 });
    const c = await connectEngine(server.origin, keycrm, sbx);
    const setting = await db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId: c.id, object: "product" } } });
    expect(setting.direction).toBe("both");
    const offers = await listRecords(sbx.account.id, "offers");
    const run = await pullAll(c, "product");
    expect(run).toMatchObject({ createdCount: offers.length, failedCount: 0 });
    const first = offers[0]!;
    const link = await db.recordLink.findUniqueOrThrow({ where: { connectionId_object_externalId: { connectionId: c.id, object: "product", externalId: first.externalId } } });
    expect((await hubRecord(link.recordId)).data).toMatchObject({ sku: first.data.sku, price: Math.round(Number(first.data.price) * 100), stock: first.data.quantity });
    const again = await pullAll(c, "product");
    expect(again.createdCount + again.updatedCount).toBe(0);

    const stored = (await getRecord(sbx.account.id, "offers", first.externalId))!;
    await updateSandboxRecord({ account: sbx.account, objectType: "offers", externalId: first.externalId, data: { ...stored.data, quantity: 42 }, now: new Date(), source: { kind: "panel" } });
    expect((await pullAll(c, "product")).updatedCount).toBe(1);
    expect((await hubRecord(link.recordId)).data.stock).toBe(42);

    // a stock count and a price typed into the product form reach the offer: stock in the connection's
    // warehouse (PUT /offers/stocks), price with PUT /offers; the next pull is an echo and changes nothing
    const form = { ...formValuesOf(recordObjects.product, (await hubRecord(link.recordId)).data as never), stock: "13", price: "99.90" };
    await updateRecord(ownerOf(sbx), "product", link.recordId, fieldsFromForm(recordObjects.product, form));
    expect(await pushAll(c, "product")).toMatchObject({ updatedCount: 1, failedCount: 0 });
    const pushed = (await getRecord(sbx.account.id, "offers", first.externalId))!;
    expect(pushed.data).toMatchObject({ quantity: 13, price: 99.9, warehouse_stocks: [expect.objectContaining({ warehouse_id: 1, quantity: 13 })] });
    expect(await linkOf(c, link.recordId)).toMatchObject({ status: "synced" });
    expect((await pullAll(c, "product")).updatedCount).toBe(0);
    // a name is KeyCRM's (pull only): renaming in the hub writes nothing there
    await updateRecord(ownerOf(sbx), "product", link.recordId, { name: "Renamed in hub" });
    await pushAll(c, "product");
    expect((await getRecord(sbx.account.id, "offers", first.externalId))!.data.product).toMatchObject({ name: (first.data.product as { name: string }).name });

    // without a warehouse in the connection's settings a stock change fails with the reason, and nothing moves
    const bare = await connectEngine(server.origin, keycrm, sbx, { name: "KeyCRM, no warehouse", config: {} });
    await pullAll(bare, "product");
    const bareLink = await db.recordLink.findUniqueOrThrow({ where: { connectionId_object_externalId: { connectionId: bare.id, object: "product", externalId: first.externalId } } });
    await updateRecord(ownerOf(sbx), "product", bareLink.recordId, { stock: 2 });
    expect((await pushAll(bare, "product")).failedCount).toBeGreaterThanOrEqual(1);
    expect(await linkOf(bare, bareLink.recordId)).toMatchObject({ status: "failed", lastErrorCode: "PROVIDER_VALIDATION", lastErrorMessage: expect.stringContaining("warehouse id") });
    expect((await getRecord(sbx.account.id, "offers", first.externalId))!.data.quantity).not.toBe(2);

    const last = offers[offers.length - 1]!;
    await deleteSandboxRecord({ account: sbx.account, objectType: "offers", externalId: last.externalId, now: new Date(), source: { kind: "panel" } });
    const full = await pullAll(c, "product", "full");
    expect(full.deletedCount).toBe(1);
  });
});
