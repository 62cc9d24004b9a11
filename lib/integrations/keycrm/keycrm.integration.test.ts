// Contract tests: the KeyCRM adapter against its sandbox over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeycrmClient } from "@/lib/integrations/keycrm/client";
import { keycrm } from "@/lib/integrations/keycrm/definition";
import { toKeycrmDate } from "@/lib/integrations/keycrm/map";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { getRecord, listRecords, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import { caughtAppError } from "@/lib/testing/caught-app-error";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let client: ReturnType<typeof createKeycrmClient>;

const clientFor = (apiKey: string) =>
  createKeycrmClient(sandboxConnectionContext({ provider: keycrm, origin: server.origin, authKind: "api_key", credentials: { apiKey } }));

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("keycrm", { key: "t1", count: 27 })).account;
  client = clientFor(account.apiKey);
});

afterAll(async () => {
  await server.close();
});

describe("KeyCRM adapter <-> sandbox", () => {
  it("verifies the key and rejects a bad one with 401 Unauthenticated", async () => {
    await expect(client.verifyCredentials()).resolves.toMatchObject({ accountId: expect.stringMatching(/^key-[0-9a-f]{12}$/) });
    const err = await caughtAppError(clientFor("nope").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.providerError).toEqual({ message: "Unauthenticated." });
  });

  it("pages buyers to the end (50 max per page) in updated_at order", async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await client.contacts.listChangedSince({ since: null, cursor, limit: 10 });
      ids.push(...page.items.map((i) => i.externalId));
      const times = page.items.map((i) => i.remoteUpdatedAt ?? "");
      expect([...times].sort()).toEqual(times);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe((await listRecords(account.id, "buyers")).length);
  });

  it("filters by filter[updated_between]", async () => {
    const [target] = await listRecords(account.id, "buyers");
    const now = new Date(Date.now() + 20_000); // inside the client's window (now + 60 s)
    await updateRecord({ account, objectType: "buyers", externalId: target!.externalId, data: { ...target!.data, note: "changed", updated_at: toKeycrmDate(now) }, now, source: { kind: "panel" } });
    const page = await client.contacts.listChangedSince({ since: new Date(now.getTime() - 1000).toISOString(), cursor: null });
    expect(page.items.map((i) => i.externalId)).toEqual([target!.externalId]);
  });

  it("creates, gets, updates (keeping other e-mails), upserts and searches buyers", async () => {
    const created = await client.contacts.create({ firstName: "Іван", lastName: "Петренко", email: "ivan@example.com", phone: "+380501234567", customFields: { CT_1001: "VIP" } });
    expect(created.fields).toMatchObject({ firstName: "Іван", lastName: "Петренко", email: "ivan@example.com", phone: "+380501234567", customFields: { CT_1001: "VIP" } });
    const stored = await getRecord(account.id, "buyers", created.externalId);
    expect(stored?.data).toMatchObject({ full_name: "Іван Петренко", email: ["ivan@example.com"], phone: ["+380501234567"] });

    const updated = await client.contacts.update(created.externalId, { email: "ivan.new@example.com", lastName: "Коваль" });
    expect(updated.fields).toMatchObject({ email: "ivan.new@example.com", lastName: "Коваль", firstName: "Іван" });
    expect((await getRecord(account.id, "buyers", created.externalId))?.data.email).toEqual(["ivan.new@example.com", "ivan@example.com"]);

    const up = await client.contacts.upsert({ email: "ivan.new@example.com", firstName: "Ivan" });
    expect(up).toMatchObject({ created: false, contact: { externalId: created.externalId } });
    const fresh = await client.contacts.upsert({ email: "olena@example.com", firstName: "Олена" });
    expect(fresh.created).toBe(true);
    expect((await client.contacts.searchByEmail("OLENA@example.com"))?.externalId).toBe(fresh.contact.externalId);
    expect(await client.contacts.get("999999")).toBeNull();
    await expect(client.contacts.delete(created.externalId)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reports the 422 and 404 bodies", async () => {
    const err = await caughtAppError(client.contacts.create({ email: "not-an-email" } as never));
    expect(err.code).toBe("PROVIDER_VALIDATION");
    expect(err.details?.providerError).toMatchObject({ message: "The given data was invalid.", errors: { "email.0": expect.any(Array) } });
    const missing = await caughtAppError(client.contacts.update("999999", { firstName: "X" }));
    expect(missing.code).toBe("PROVIDER_NOT_FOUND");
  });

  it("pulls orders with status and payments, and offers with stock", async () => {
    const orders: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.objects.orders.listChangedSince!({ since: null, cursor, limit: 50 });
      orders.push(...page.items.map((o) => o.externalId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(orders.length).toBe(27);
    const one = await client.objects.orders.get!(orders[0]!);
    expect(one).toMatchObject({ statusName: expect.any(String), grandTotalMinor: expect.any(Number), buyer: { email: expect.stringContaining("@") } });
    const offers = await client.objects.offers.listChangedSince!({ since: null, cursor: null });
    expect(offers.items[0]).toMatchObject({ sku: expect.stringMatching(/^SKU-/), currency: "UAH", stock: expect.any(Number) });
  });

  it("sends X-RateLimit headers and 429 Too Many Attempts with Retry-After", async () => {
    await updateSandboxFaults(account.id, { forceRateLimit: true, retryAfterSeconds: 30 });
    try {
      const err = await caughtAppError(client.contacts.get("1001"));
      expect(err.code).toBe("RATE_LIMITED");
      expect(err.details?.retryAfterMs).toBe(30_000);
      expect(err.details?.providerError).toEqual({ message: "Too Many Attempts." });
    } finally {
      await updateSandboxFaults(account.id, { forceRateLimit: false });
    }
  });

  it("sends order webhooks to the automation URL, verified by the URL secret", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "keycrm", accountId: account.id, url: receiver.url("/api/webhooks/keycrm/c1?secret=url-secret-1") });
      const [order] = await listRecords(account.id, "orders");
      const ctx = sandboxConnectionContext({ provider: keycrm, origin: server.origin, authKind: "api_key", credentials: { apiKey: account.apiKey } });
      const nextStatus = order!.data.status_id === 4 ? 3 : 4;
      await ctx.http.request({ method: "PUT", url: `${ctx.baseUrl}/order/${order!.externalId}`, headers: { authorization: `Bearer ${account.apiKey}` }, json: { status_id: nextStatus } });
      const [delivery] = await receiver.waitFor(1);
      const input = {
        environment: "sandbox" as const, method: "POST", url: delivery!.url, headers: delivery!.headers, rawBody: delivery!.body, now: new Date(),
        connectionSecret: "url-secret-1", appSecret: null, config: {}, credentials: {}, metadata: {},
      };
      expect(await keycrm.webhookHandler.verify(input)).toEqual({ ok: true });
      expect((await keycrm.webhookHandler.verify({ ...input, connectionSecret: "other" })).ok).toBe(false);
      expect(keycrm.webhookHandler.parse(delivery!.body)).toMatchObject([{ object: "order", action: "status_changed", externalId: order!.externalId }]);
      expect(JSON.parse(delivery!.body)).toMatchObject({ event: "order.change_order_status", context: { status_id: nextStatus } });
    } finally {
      await receiver.close();
    }
  });
});
