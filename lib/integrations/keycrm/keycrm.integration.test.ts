// What only KeyCRM has, against its sandbox over real HTTP (the shared contract suite covers the rest):
// orders with payments and shipping tracking as raw records, and the order webhooks a trigger automation
// sends, verified by the URL secret and parsed with the full order fetched; offers' stock set in the
// connection's warehouse (PUT /offers/stocks) and prices (PUT /offers), in batches, per account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { keycrm } from "@/lib/integrations/keycrm/definition";
import type { ObjectApi } from "@/lib/integrations/object-contract";
import { listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import type { ConnectionContext, ProviderClient, ProviderDefinition } from "@/lib/integrations/types";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let ctx: ConnectionContext;
let client: ProviderClient;
const def: ProviderDefinition = keycrm;

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("keycrm", { key: "t1", count: 8 })).account;
  ctx = sandboxConnectionContext({ provider: keycrm, origin: server.origin, authKind: "api_key", credentials: { apiKey: account.apiKey } });
  client = def.createClient(ctx);
});

afterAll(async () => {
  await server.close();
});

const orders = (): Required<ObjectApi> => client.objects.orders as Required<ObjectApi>;
const offers = (): Required<ObjectApi> => client.objects.offers as Required<ObjectApi>;

describe("KeyCRM adapter <-> sandbox (its own features)", () => {
  it("reads an order's payments, payment status and tracking; a payment added in KeyCRM shows on the next read", async () => {
    const created = await orders().create({ source_id: 1, "buyer.full_name": "Ann Lee", "buyer.email": "ann@example.com", products: [{ name: "Кружка", price: 250.5, quantity: 2 }] });
    expect(created.fields).toMatchObject({ grand_total: 501, payment_status: "not_paid", payments: [], "status.alias": "new", "buyer.email": "ann@example.com" });
    await ctx.request({ method: "POST", url: `/order/${created.externalId}/payment`, json: { payment_method_id: 1, amount: 501, status: "paid" } });
    const paid = await orders().get(created.externalId);
    expect(paid?.fields).toMatchObject({ payment_status: "paid", payments: [expect.objectContaining({ amount: 501, status: "paid" })] });
    const shipped = await orders().update(created.externalId, { status_id: 3, "shipping.tracking_code": "20450000000001", "shipping.delivery_service_id": 1 });
    expect(shipped.fields).toMatchObject({ "status.alias": "shipped", "shipping.tracking_code": "20450000000001", "shipping.delivery_service_name": "Нова Пошта" });
  });

  it("sends order webhooks to the automation URL, verified by the URL secret; parse fetches the full order", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "keycrm", accountId: account.id, url: receiver.url("/api/webhooks/keycrm/c1?secret=url-secret-1") });
      const [order] = await listRecords(account.id, "orders");
      const nextStatus = order!.data.status_id === 4 ? 3 : 4;
      await orders().update(order!.externalId, { status_id: nextStatus });
      const [delivery] = await receiver.waitFor(1);
      const input = {
        environment: "sandbox" as const, method: "POST", url: delivery!.url, headers: delivery!.headers, rawBody: delivery!.body, now: new Date(),
        connectionSecret: "url-secret-1", appSecret: null, config: {}, credentials: { apiKey: "unused" }, metadata: {},
      };
      expect(await keycrm.webhookHandler.verify(input)).toEqual({ ok: true });
      expect((await keycrm.webhookHandler.verify({ ...input, connectionSecret: "other" })).ok).toBe(false);
      expect(JSON.parse(delivery!.body)).toMatchObject({ event: "order.change_order_status", context: { status_id: nextStatus } });
      const changes = await keycrm.webhookHandler.parse({ rawBody: delivery!.body, headers: delivery!.headers, config: {}, metadata: {}, client });
      expect(changes).toMatchObject([
        { object: "orders", action: "updated", externalId: order!.externalId, fields: { status_id: nextStatus }, record: { externalId: order!.externalId, fields: { status_id: nextStatus, "buyer.full_name": expect.any(String) } } },
      ]);
    } finally {
      await receiver.close();
    }
  });

  describe("offers: stock and price", () => {
    const stockClient = () => def.createClient(sandboxConnectionContext({ provider: keycrm, origin: server.origin, authKind: "api_key", config: { warehouseId: 1 }, credentials: { apiKey: account.apiKey } }));
    const offersOf = (c: ProviderClient) => c.objects.offers as Required<ObjectApi>;
    const stocksOf = async (apiKey: string, ids: string[]) => {
      const res = await fetch(`${server.origin}/sandbox/keycrm/v1/offers/stocks?filter[details]=true&filter[offers_id]=${ids.join(",")}`, { headers: { authorization: `Bearer ${apiKey}` } });
      return ((await res.json()) as { data: { id: number; quantity: number; warehouse: { id: number; quantity: number }[] }[] }).data;
    };

    it("sets the stock in the connection's warehouse and the price, for many offers in one call each, and reads them back", async () => {
      const [a, b] = (await listRecords(account.id, "offers")).sort((x, y) => Number(x.externalId) - Number(y.externalId));
      const results = await offersOf(stockClient()).updateMany([
        { externalId: a!.externalId, fields: { quantity: 12, price: 199.9 } },
        { externalId: b!.externalId, fields: { quantity: 0 } },
        { externalId: "999999", fields: { quantity: 4 } },
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, true, false]);
      expect(results[0]).toMatchObject({ ok: true, record: { externalId: a!.externalId, fields: { quantity: 12, price: 199.9, sku: a!.data.sku } } });
      expect(results[2]).toMatchObject({ ok: false, error: { code: "PROVIDER_NOT_FOUND" } });
      const stocks = await stocksOf(account.apiKey, [a!.externalId, b!.externalId]);
      expect(stocks).toEqual([
        expect.objectContaining({ id: Number(a!.externalId), quantity: 12, warehouse: [expect.objectContaining({ id: 1, quantity: 12 })] }),
        expect.objectContaining({ id: Number(b!.externalId), quantity: 0 }),
      ]);
    });

    it("refuses stock without a warehouse, a negative count, and a warehouse KeyCRM does not have (its 422 body kept)", async () => {
      const [offer] = await listRecords(account.id, "offers");
      const noWarehouse = await caught(offers().update(offer!.externalId, { quantity: 5 }));
      expect(noWarehouse).toMatchObject({ code: "PROVIDER_VALIDATION", message: expect.stringContaining("warehouse id") });
      const negative = await caught(offersOf(stockClient()).update(offer!.externalId, { quantity: -2 }));
      expect(negative).toMatchObject({ code: "PROVIDER_VALIDATION" });
      const elsewhere = def.createClient(sandboxConnectionContext({ provider: keycrm, origin: server.origin, authKind: "api_key", config: { warehouseId: 77 }, credentials: { apiKey: account.apiKey } }));
      const refused = await caught(offersOf(elsewhere).update(offer!.externalId, { quantity: 5 }));
      expect(refused).toMatchObject({ code: "PROVIDER_VALIDATION" });
      expect(JSON.stringify(refused)).toContain("The selected warehouse id is invalid.");
      // nothing moved
      expect((await stocksOf(account.apiKey, [offer!.externalId]))[0]!.quantity).toBe(offer!.data.quantity);
    });

    it("validates the stocks body like KeyCRM and keeps each account's offers to itself", async () => {
      const other = (await createTestSandbox("keycrm", { key: "t2", count: 2 })).account;
      const [mine] = (await listRecords(account.id, "offers")).sort((x, y) => Number(x.externalId) - Number(y.externalId));
      const put = (apiKey: string, body: unknown) =>
        fetch(`${server.origin}/sandbox/keycrm/v1/offers/stocks`, { method: "PUT", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      const missing = await put(account.apiKey, { stocks: [{ quantity: 1 }] });
      expect(missing.status).toBe(422);
      expect(await missing.json()).toEqual({
        message: "The given data was invalid.",
        errors: { warehouse_id: ["The warehouse id field is required."], "stocks.0.sku": ["The stocks.0.sku field is required when stocks.0.id is not present."] },
      });
      const unknownSku = await put(account.apiKey, { warehouse_id: 1, stocks: [{ sku: "NO-SUCH-SKU", quantity: 1 }] });
      expect(await unknownSku.json()).toMatchObject({ errors: { "stocks.0.sku": ["The selected stocks.0.sku is invalid."] } });
      // another account (2 offers) cannot reach an offer only this one (8 offers) has, by id or SKU; and
      // writing its own offer with the same id leaves this account's alone
      const onlyMine = (await listRecords(account.id, "offers")).sort((x, y) => Number(y.externalId) - Number(x.externalId))[0]!;
      const foreign = await put(other.apiKey, { warehouse_id: 1, stocks: [{ id: Number(onlyMine.externalId), quantity: 999 }] });
      expect(foreign.status).toBe(422);
      const foreignSku = await put(other.apiKey, { warehouse_id: 1, stocks: [{ sku: onlyMine.data.sku, quantity: 999 }] });
      expect(foreignSku.status).toBe(422);
      const [theirs] = await listRecords(other.id, "offers");
      const own = await put(other.apiKey, { warehouse_id: 1, stocks: [{ id: Number(theirs!.externalId), quantity: 999 }] });
      expect(own.status).toBe(200);
      expect((await stocksOf(other.apiKey, [theirs!.externalId]))[0]!.quantity).toBe(999);
      expect((await stocksOf(account.apiKey, [mine!.externalId, onlyMine.externalId, theirs!.externalId])).map((o) => o.quantity)).not.toContain(999);
      // KeyCRM's prose names the key offer_id; its schema says id: both are taken
      const byOfferId = await put(account.apiKey, { warehouse_id: 2, stocks: [{ offer_id: Number(mine!.externalId), quantity: 6 }] });
      expect(byOfferId.status).toBe(200);
      expect(await byOfferId.json()).toEqual({ status: true });
      const after = (await stocksOf(account.apiKey, [mine!.externalId]))[0]!;
      expect(after.warehouse.find((w) => w.id === 2)?.quantity).toBe(6);
      expect(after.quantity).toBe(after.warehouse.reduce((s, w) => s + w.quantity, 0));
    });
  });
});

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}
