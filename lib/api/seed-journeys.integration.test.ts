// The seed journeys end to end over real HTTP: a tenant's app calls /api/v1 on an "app" server that also
// mounts the provider sandboxes and the inbound webhook routes (APP_URL), the embedded executor runs the
// real functions, and the tenant's own endpoint receives the outbound webhooks, verified with the
// standardwebhooks library as a tenant would.
//  - Signup form / CRM API -> Loops: a contact reaches Loops with the configured source and userId;
//    an update and a delete follow.
//  - Badge maker -> ActiveCampaign: custom field values and the event tag arrive.
//  - Warehouse -> KeyCRM: a buyer, an order and a stock change arrive; a status change and a payment
//    made in KeyCRM come back to the warehouse as signed order.updated webhooks.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { createApiKey } from "@/lib/api/api-keys";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { webhookUrl } from "@/lib/connections/rotate-webhook-secret";
import { openWebhookSecret } from "@/lib/connections/webhook-secret";
import { loadCurrentMapping, saveMapping } from "@/lib/mappings/mapping-versions";
import { mappingTarget } from "@/lib/mappings/mapping-target";
import { createProviderField } from "@/lib/mappings/provider-fields";
import type { FieldMappingRule } from "@/lib/integrations/field-mapping";
import { activecampaign } from "@/lib/integrations/activecampaign/definition";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/subscriptions";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { serveFetchHandler, type RunningServer } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import { withUrlSecret } from "@/lib/integrations/url-secret";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { createEndpoint } from "@/lib/webhooks/outbound/outbound-endpoints";
import * as contactsRoute from "@/app/api/v1/contacts/route";
import * as contactRoute from "@/app/api/v1/contacts/[id]/route";
import * as ordersRoute from "@/app/api/v1/orders/route";
import * as orderRoute from "@/app/api/v1/orders/[id]/route";
import * as productsRoute from "@/app/api/v1/products/route";
import * as productRoute from "@/app/api/v1/products/[id]/route";

await isolateDatabase();

type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;
const v1: [RegExp, RouteModule][] = [
  [/^\/api\/v1\/contacts$/, contactsRoute as unknown as RouteModule],
  [/^\/api\/v1\/contacts\/([^/]+)$/, contactRoute as unknown as RouteModule],
  [/^\/api\/v1\/orders$/, ordersRoute as unknown as RouteModule],
  [/^\/api\/v1\/orders\/([^/]+)$/, orderRoute as unknown as RouteModule],
  [/^\/api\/v1\/products$/, productsRoute as unknown as RouteModule],
  [/^\/api\/v1\/products\/([^/]+)$/, productRoute as unknown as RouteModule],
];

let app: RunningServer;
let tenant: RunningServer;
const received: { headers: Headers; body: string }[] = [];
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  // the tenant's own app: records every webhook it is sent
  tenant = await serveFetchHandler(async (req) => {
    received.push({ headers: req.headers, body: await req.text() });
    return new Response("ok", { status: 200 });
  });
  // the app: sandboxes, the webhook route and the public API's routes
  app = await startAppServer({
    routes: (req, url) => {
      for (const [pattern, mod] of v1) {
        const m = pattern.exec(url.pathname);
        const handler = m ? mod[req.method as keyof RouteModule] : undefined;
        if (m && handler) return handler(req, { params: Promise.resolve({ id: decodeURIComponent(m[1] ?? "") }) });
      }
      return null;
    },
    env: { OUTBOUND_WEBHOOK_ALLOWED_ORIGINS: tenant.origin },
  });
  resetEnvCache();
  await h.executor.sync();
});

afterAll(async () => {
  await h.executor.stop();
  await app.close();
  await tenant.close();
  resetEnvCache();
});

/** Deliver what the sandboxes queued, then run the job runner until nothing is left. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushSandboxWebhooks();
    await h.advanceUntilIdle();
  }
}

/** The tenant's app calling the public API over HTTP. */
async function api(key: string, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<{ status: number; body: { data?: { id: string; fields: Record<string, unknown> }; result?: string } & Record<string, unknown> }> {
  const res = await fetch(`${app.origin}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as never) : ({} as never) };
}

/** A provider sandbox's own API, as the provider's UI or another app would use it. */
async function sandboxCall(slug: string, apiKey: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(`${app.origin}/sandbox/${slug}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

async function tenantSetup(scopes: string[]): Promise<{ access: WorkspaceAccess; key: string }> {
  const access = await createTestWorkspace();
  const { key } = await createApiKey(access, { name: "tenant app", scopes: scopes as never });
  return { access, key };
}

async function rulesOf(access: WorkspaceAccess, connectionId: string): Promise<FieldMappingRule[]> {
  return (await loadCurrentMapping(await mappingTarget(access, connectionId, "contact"))).mapping.rules;
}

async function linkOf(connectionId: string, recordId: string) {
  return db.recordLink.findFirst({ where: { connectionId, recordId } });
}

describe("signup form / CRM API -> Loops", () => {
  it("a contact POSTed to the API reaches Loops with the configured source and userId; updates and deletes follow", async () => {
    const { access, key } = await tenantSetup(["contacts:read", "contacts:write"]);
    const sbx: TestSandbox = await createTestSandbox("loops", { workspaceId: access.workspace.id, userId: access.user.id, count: 0 });
    const { id: connectionId } = await connectApiKey(access, {
      provider: "loops",
      name: "Loops",
      environment: "sandbox",
      credentials: { apiKey: sbx.apiKey, webhookSigningSecret: `whsec_${randomBytes(24).toString("base64")}` },
    });
    // the connection is configured: every contact from this workspace is "crm-api" in Loops, and its
    // userId is the CRM's own client id (a custom field the CRM sends)
    const rules = (await rulesOf(access, connectionId)).filter((r) => r.hubField !== "source");
    await saveMapping(access, connectionId, "contact", {
      rules: [
        ...rules,
        { hubField: "source", providerField: "source", direction: "push", transforms: [{ kind: "constant", value: "crm-api" }], conflictPolicy: "hub_wins" },
        { hubField: "customFields.crmClientId", providerField: "userId", direction: "push", conflictPolicy: "hub_wins" },
      ],
    });

    const made = await api(key, "POST", "/api/v1/contacts", { external_id: "client-42", fields: { firstName: "Ada", lastName: "Lovelace", email: "Ada.Lovelace@example.test", customFields: { crmClientId: "client-42" } } }, "signup-1");
    expect(made.status).toBe(201);
    const id = made.body.data!.id;
    await settle();
    const find = async () => (await sandboxCall("loops", sbx.apiKey, "GET", "/api/v1/contacts/find?email=ada.lovelace%40example.test")) as Record<string, unknown>[];
    expect(await find()).toMatchObject([{ email: "ada.lovelace@example.test", firstName: "Ada", lastName: "Lovelace", source: "crm-api", userId: "client-42" }]);
    expect(await linkOf(connectionId, id)).toMatchObject({ status: "synced" });

    expect((await api(key, "PATCH", `/api/v1/contacts/${id}`, { fields: { firstName: "Augusta Ada" } })).status).toBe(200);
    await settle();
    expect(await find()).toMatchObject([{ firstName: "Augusta Ada", lastName: "Lovelace", source: "crm-api", userId: "client-42" }]);

    expect((await api(key, "DELETE", `/api/v1/contacts/${id}`)).status).toBe(204);
    await settle();
    expect(await find()).toEqual([]);
    expect(await linkOf(connectionId, id)).toMatchObject({ status: "synced", lastErrorCode: null });
  });
});

describe("badge maker -> ActiveCampaign", () => {
  it("a contact with custom fields and an event tag reaches ActiveCampaign with its field values and tag", async () => {
    const { access, key } = await tenantSetup(["contacts:read", "contacts:write"]);
    const sbx = await createTestSandbox("activecampaign", { workspaceId: access.workspace.id, userId: access.user.id, count: 0 });
    const config = { accountUrl: "https://sandbox.api-us1.com", listId: "1" };
    const { id: connectionId } = await connectApiKey(access, { provider: "activecampaign", name: "ActiveCampaign", environment: "sandbox", config, credentials: { apiToken: sbx.apiKey } });
    const badge = await createProviderField(access, connectionId, "contact", { key: "badge_type", label: "Badge type", type: "string" });
    const company = await createProviderField(access, connectionId, "contact", { key: "badge_company", label: "Badge company", type: "string" });
    const rules = (await rulesOf(access, connectionId)).map((r) =>
      r.hubField === "tags" ? { ...r, transforms: [...(r.transforms ?? []), { kind: "addTags" as const, tags: ["devconf-2026"] }] } : r,
    );
    await saveMapping(access, connectionId, "contact", {
      rules: [
        ...rules,
        { hubField: "customFields.badgeType", providerField: badge.key, direction: "both", conflictPolicy: "hub_wins" },
        { hubField: "company", providerField: company.key, direction: "push", conflictPolicy: "hub_wins" },
      ],
    });

    const made = await api(key, "POST", "/api/v1/contacts", {
      external_id: "badge-7",
      fields: { firstName: "Grace", lastName: "Hopper", email: "grace@example.test", company: "Navy", tags: ["speaker"], customFields: { badgeType: "Speaker" } },
    });
    expect(made.status).toBe(201);
    await settle();
    const link = await linkOf(connectionId, made.body.data!.id);
    expect(link).toMatchObject({ status: "synced" });
    const ctx = sandboxConnectionContext({ provider: activecampaign, origin: app.origin, authKind: "api_key", credentials: { apiToken: sbx.apiKey }, config });
    const remote = await activecampaign.createClient(ctx).objects.contacts!.get!(link!.externalId!);
    expect(remote?.fields).toMatchObject({ email: "grace@example.test", firstName: "Grace", lastName: "Hopper", [badge.key]: "Speaker", [company.key]: "Navy" });
    expect([...((remote?.fields.tags as string[]) ?? [])].sort()).toEqual(["devconf-2026", "speaker"]);
  });
});

describe("warehouse -> KeyCRM, and back as signed webhooks", () => {
  it("a buyer and an order reach KeyCRM; a status change and a payment made in KeyCRM come back to the app signed", async () => {
    const { access, key } = await tenantSetup(["contacts:write", "orders:read", "orders:write", "products:read", "products:write", "webhooks:write"]);
    const sbx = await createTestSandbox("keycrm", { workspaceId: access.workspace.id, userId: access.user.id, count: 3 });
    // KeyCRM files every order under a sales source: the warehouse's, set in the connection's settings
    const { id: connectionId } = await connectApiKey(access, { provider: "keycrm", name: "KeyCRM", environment: "sandbox", config: { orderSourceId: 1 }, credentials: { apiKey: sbx.apiKey } });
    // the trigger automation a person sets up in KeyCRM: status and payment changes -> the connection's URL
    const connection = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    await createSandboxSubscription({
      provider: "keycrm",
      accountId: sbx.account.id,
      url: withUrlSecret(webhookUrl(app.origin, "keycrm", connectionId), (await openWebhookSecret(connection))!),
      events: ["order.change_order_status", "order.change_payment_status"],
    });
    // the warehouse app registers its endpoint for order changes
    const { secret } = await createEndpoint(access, { url: `${tenant.origin}/hooks/switchboard`, eventTypes: ["order.updated"] });
    received.length = 0;

    const buyer = await api(key, "POST", "/api/v1/contacts", { external_id: "wh-buyer-9", fields: { firstName: "Taras", lastName: "Shevchenko", email: "taras@example.test", phone: "+380501112233" } });
    expect(buyer.status).toBe(201);
    const order = await api(key, "POST", "/api/v1/orders", {
      external_id: "wh-order-1001",
      fields: { number: "WH-1001", buyerName: "Taras Shevchenko", buyerEmail: "taras@example.test", status: "pending", currency: "UAH", total: 45000 },
    });
    expect(order.status).toBe(201);
    await settle();

    const buyerLink = await linkOf(connectionId, buyer.body.data!.id);
    expect(buyerLink).toMatchObject({ status: "synced" });
    const remoteBuyer = (await sandboxCall("keycrm", sbx.apiKey, "GET", `/v1/buyer/${buyerLink!.externalId}`)) as Record<string, unknown>;
    expect(remoteBuyer).toMatchObject({ full_name: "Taras Shevchenko", email: ["taras@example.test"], phone: ["+380501112233"] });
    const orderLink = await linkOf(connectionId, order.body.data!.id);
    expect(orderLink).toMatchObject({ status: "synced" });
    const remoteOrder = (await sandboxCall("keycrm", sbx.apiKey, "GET", `/v1/order/${orderLink!.externalId}?include=buyer`)) as Record<string, unknown>;
    expect(remoteOrder).toMatchObject({ source_uuid: "WH-1001", buyer: { full_name: "Taras Shevchenko" } });

    // a manager ships the order in KeyCRM, then a payment arrives there
    const statuses = (await sandboxCall("keycrm", sbx.apiKey, "GET", "/v1/order/status")) as { data: { id: number; alias: string }[] };
    const shipped = statuses.data.find((s) => s.alias === "shipped")!;
    await sandboxCall("keycrm", sbx.apiKey, "PUT", `/v1/order/${orderLink!.externalId}`, { status_id: shipped.id });
    await settle();
    const wh = new Webhook(secret);
    const verified = () =>
      received.map((r) =>
        wh.verify(r.body, { "webhook-id": r.headers.get("webhook-id")!, "webhook-timestamp": r.headers.get("webhook-timestamp")!, "webhook-signature": r.headers.get("webhook-signature")! }),
      ) as { type: string; data: { id: string; external_id: string | null; fields: Record<string, unknown> } }[];
    expect(verified().map((e) => [e.type, e.data.id, e.data.external_id, e.data.fields.status])).toContainEqual(["order.updated", order.body.data!.id, "wh-order-1001", "shipped"]);

    const before = received.length;
    await sandboxCall("keycrm", sbx.apiKey, "POST", `/v1/order/${orderLink!.externalId}/payment`, { payment_method_id: 1, amount: 450, status: "paid", description: "card" });
    await settle();
    expect(received.length).toBeGreaterThan(before);
    expect(verified().at(-1)).toMatchObject({ type: "order.updated", data: { id: order.body.data!.id, fields: { paymentStatus: "paid", status: "shipped" } } });
    // a body changed in transit does not verify
    const last = received.at(-1)!;
    expect(() => wh.verify(last.body.replace("paid", "free"), { "webhook-id": last.headers.get("webhook-id")!, "webhook-timestamp": last.headers.get("webhook-timestamp")!, "webhook-signature": last.headers.get("webhook-signature")! })).toThrow();
  });

  it("a stock count POSTed by the warehouse reaches the KeyCRM offer with that SKU", async () => {
    const { access, key } = await tenantSetup(["products:read", "products:write"]);
    const sbx = await createTestSandbox("keycrm", { workspaceId: access.workspace.id, userId: access.user.id, count: 3 });
    // stock counts are written to the connection's warehouse (KeyCRM's main warehouse here)
    const { id: connectionId } = await connectApiKey(access, { provider: "keycrm", name: "KeyCRM", environment: "sandbox", config: { warehouseId: 1 }, credentials: { apiKey: sbx.apiKey } });
    // the warehouse counts an offer KeyCRM already sells (pulled by SKU) and POSTs the new stock
    await h.executor.send({ name: "switchboard/sync.pull-requested", data: { connectionId, object: "product", mode: "full", trigger: "manual" } });
    await settle();
    const offers = (await sandboxCall("keycrm", sbx.apiKey, "GET", "/v1/offers/stocks")) as { data: { id: number; sku: string; quantity: number }[] };
    const offer = offers.data[0]!;
    const stocked = await api(key, "POST", "/api/v1/products", { external_id: "wh-sku-1", fields: { sku: offer.sku, stock: offer.quantity + 7 } });
    expect(stocked.status).toBe(200); // matched by SKU: an update
    await settle();
    const after = (await sandboxCall("keycrm", sbx.apiKey, "GET", "/v1/offers/stocks?filter[details]=true")) as {
      data: { id: number; quantity: number; warehouse: { id: number; quantity: number }[] }[];
    };
    const counted = after.data.find((o) => o.id === offer.id)!;
    expect(counted.quantity).toBe(offer.quantity + 7);
    expect(counted.warehouse).toEqual([expect.objectContaining({ id: 1, quantity: offer.quantity + 7 })]);
    const link = await linkOf(connectionId, stocked.body.data!.id);
    expect(link).toMatchObject({ status: "synced", externalId: String(offer.id) });

    // a later count and a new price PATCHed on the product: KeyCRM's offer follows (stock and price)
    const patched = await api(key, "PATCH", `/api/v1/products/${stocked.body.data!.id}`, { fields: { stock: 3, price: 27_550 } });
    expect(patched.status).toBe(200);
    await settle();
    const offerNow = (await sandboxCall("keycrm", sbx.apiKey, "GET", `/v1/offers?filter[id]=${offer.id}`)) as { data: { id: number; quantity: number; price: number }[] };
    expect(offerNow.data[0]).toMatchObject({ id: offer.id, quantity: 3, price: 275.5 });
  });
});
