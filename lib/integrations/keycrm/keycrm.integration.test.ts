// What only KeyCRM has, against its sandbox over real HTTP (the shared contract suite covers the rest):
// orders with payments and shipping tracking as raw records, and the order webhooks a trigger automation
// sends, verified by the URL secret and parsed with the full order fetched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
