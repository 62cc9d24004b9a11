// The control panel's domain functions, always inside one workspace: each workspace gets its own seeded
// sandboxes (same data, its own random credentials), edits "as if in the provider" land in the store and
// send the provider's signed webhooks, fault settings persist, deliveries are shown without credentials,
// and another workspace's account reads as missing. Assertions are scoped to rows these tests created.
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hubspotWebhook } from "@/lib/integrations/hubspot/webhook";
import { noFaults } from "@/lib/integrations/sandbox/accounts";
import {
  addPanelAccount,
  addPanelSubscription,
  deletePanelRecord,
  getAccountView,
  getConnectionDetails,
  getRecordForm,
  getWebhookView,
  listSandboxOverview,
  savePanelRecord,
  setPanelFaults,
} from "@/lib/integrations/sandbox/panel";
import { getRecord, listRecords } from "@/lib/integrations/sandbox/record-store";
import { sandboxes } from "@/lib/integrations/sandbox/registry";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { createTestWorkspace } from "@/lib/testing/factories";

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

type HubspotEvent = { subscriptionType: string; objectId: number };
const hubspotEvents = (body: string) => JSON.parse(body) as HubspotEvent[];

describe("sandboxes per workspace", () => {
  it("gives a workspace one seeded account per provider on first use, once", async () => {
    const { workspace } = await createTestWorkspace();
    const overview = await listSandboxOverview(workspace.id);
    expect(overview.map((p) => p.slug).sort()).toEqual(sandboxes.map((s) => s.slug).sort());
    expect(overview.every((p) => p.accounts.length === 1)).toBe(true);
    const hubspot = overview.find((p) => p.slug === "hubspot")!.accounts[0]!;
    expect(hubspot.records).toBe(sandboxes.find((s) => s.slug === "hubspot")!.objects[0]!.seedCount);
    // Opening the panel again creates nothing.
    const again = await listSandboxOverview(workspace.id);
    expect(again.flatMap((p) => p.accounts.map((a) => a.id)).sort()).toEqual(overview.flatMap((p) => p.accounts.map((a) => a.id)).sort());
    expect(await db.sandboxRecord.count({ where: { accountId: hubspot.id } })).toBe(hubspot.records);
  });

  it("seeds every workspace with the same data but random, sealed, different credentials", async () => {
    // Seeded times are relative to `now`; the same instant gives the same records.
    const now = new Date("2026-11-30T12:00:00Z");
    const a = await createTestSandbox("hubspot", { count: 5, now });
    const b = await createTestSandbox("hubspot", { count: 5, now });
    const people = async (accountId: string) => (await listRecords(accountId, "contacts")).map((r) => r.data.properties);
    const fromA = await people(a.account.id);
    expect(fromA).toHaveLength(5);
    expect(await people(b.account.id)).toEqual(fromA);
    // ... and the data is not the same for a different account key (the seed really depends on its input).
    const other = await createTestSandbox("hubspot", { workspaceId: a.workspaceId, userId: a.userId, key: "second", count: 5, now });
    expect(await people(other.account.id)).not.toEqual(fromA);

    expect(a.account.externalId).not.toBe(b.account.externalId);
    expect(a.apiKey).not.toBe(b.apiKey);
    expect(a.app!.clientId).not.toBe(b.app!.clientId);
    expect(a.app!.clientSecret).not.toBe(b.app!.clientSecret);
    expect(a.app!.developerApiKey).not.toBe(b.app!.developerApiKey);
    expect(a.apiKey).toMatch(/^sbx_hubspot_[A-Za-z0-9_-]{43}$/);
    const row = await db.sandboxAccount.findUniqueOrThrow({ where: { id: a.account.id } });
    expect(row.apiKeyHash).toBe(createHash("sha256").update(a.apiKey).digest("hex"));
    expect(row.apiKeySealed).not.toContain(a.apiKey);
    const app = await db.sandboxOAuthApp.findUniqueOrThrow({ where: { id: a.app!.id } });
    expect(app.workspaceId).toBe(a.workspaceId);
    expect(app.clientSecretSealed).not.toContain(a.app!.clientSecret);
  });

  it("generates GoHighLevel webhook key pairs per workspace", async () => {
    const a = await createTestSandbox("gohighlevel", { count: 1 });
    const b = await createTestSandbox("gohighlevel", { count: 1 });
    expect(Object.keys(a.webhookPublicKeys ?? {}).sort()).toEqual(["ed25519", "rsa"]);
    expect(a.webhookPublicKeys!.ed25519).toContain("BEGIN PUBLIC KEY");
    expect(a.webhookPublicKeys!.ed25519).not.toBe(b.webhookPublicKeys!.ed25519);
    const details = await getConnectionDetails(a.workspaceId, a.account.id, "http://app.example");
    expect(details.webhookPublicKeys.map((k) => k.scheme).sort()).toEqual(["ed25519", "rsa"]);
    expect(details).toMatchObject({ baseUrl: "http://app.example/sandbox/gohighlevel", apiKey: a.apiKey, oauth: { clientId: a.app!.clientId, clientSecret: a.app!.clientSecret, defaultRedirectUri: "http://app.example/api/oauth/callback" } });
  });

  it("treats another workspace's account as missing", async () => {
    const a = await createTestSandbox("hubspot", { count: 2 });
    const { workspace: other } = await createTestWorkspace();
    const recordId = (await listRecords(a.account.id, "contacts"))[0]!.externalId;
    const before = await getRecord(a.account.id, "contacts", recordId);
    for (const attempt of [
      () => getAccountView(other.id, a.account.id, undefined, 0),
      () => getConnectionDetails(other.id, a.account.id, "http://app.example"),
      () => getWebhookView(other.id, a.account.id),
      () => savePanelRecord({ workspaceId: other.id, accountId: a.account.id, objectType: "contacts", externalId: recordId, values: { firstname: "Mallory" } }),
      () => deletePanelRecord({ workspaceId: other.id, accountId: a.account.id, objectType: "contacts", externalId: recordId }),
      () => setPanelFaults(other.id, a.account.id, { ...noFaults, forceRateLimit: true }),
    ]) {
      expect((await caughtAppError(attempt())).code).toBe("NOT_FOUND");
    }
    expect(await getRecord(a.account.id, "contacts", recordId)).toEqual(before);
    expect((await db.sandboxAccount.findUniqueOrThrow({ where: { id: a.account.id } })).forceRateLimit).toBe(false);
    expect((await listSandboxOverview(other.id)).flatMap((p) => p.accounts.map((x) => x.id))).not.toContain(a.account.id);
  });

  it("adds more accounts per provider, seeded, in the same workspace only", async () => {
    const a = await createTestSandbox("gohighlevel", { count: 1 });
    const added = await addPanelAccount(a.workspaceId, "gohighlevel", "Second location");
    expect(added).toMatchObject({ provider: "gohighlevel", name: "Second location" });
    expect(added.records).toBeGreaterThan(0);
    const row = await db.sandboxAccount.findUniqueOrThrow({ where: { id: added.id } });
    expect(row.workspaceId).toBe(a.workspaceId);
    expect(row.externalId).not.toBe(a.account.externalId);
  });

  it("goes away with its workspace", async () => {
    const a = await createTestSandbox("pipedrive", { count: 1 });
    await db.workspace.delete({ where: { id: a.workspaceId } });
    expect(await db.sandboxAccount.findUnique({ where: { id: a.account.id } })).toBeNull();
    expect(await db.sandboxOAuthApp.findUnique({ where: { id: a.app!.id } })).toBeNull();
    expect(await db.sandboxRecord.count({ where: { accountId: a.account.id } })).toBe(0);
  });
});

describe("panel edits and deliveries", () => {
  it("creates, edits and deletes records as a person would, sending signed webhooks", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 5 });
    const ws = sbx.workspaceId;
    // An account-level target added in the panel; HubSpot signs with the workspace app's secret.
    await addPanelSubscription({ workspaceId: ws, accountId: sbx.account.id, url: receiver.url("/panel"), events: [] });
    const id = await savePanelRecord({ workspaceId: ws, accountId: sbx.account.id, objectType: "contacts", externalId: null, values: { firstname: "Pat", lastname: "Panel", email: "Pat@Panel.example" } });
    const rec = await getRecord(sbx.account.id, "contacts", id);
    expect((rec!.data.properties as Record<string, string>).email).toBe("pat@panel.example");
    await savePanelRecord({ workspaceId: ws, accountId: sbx.account.id, objectType: "contacts", externalId: id, values: { firstname: "Patricia" } });
    await deletePanelRecord({ workspaceId: ws, accountId: sbx.account.id, objectType: "contacts", externalId: id });
    const got = (await receiver.waitFor(3)).filter((d) => d.url.endsWith("/panel"));
    expect(got.flatMap((d) => hubspotEvents(d.body).map((e) => [e.subscriptionType, String(e.objectId)]))).toEqual([
      ["contact.creation", id],
      ["contact.propertyChange", id],
      ["contact.deletion", id],
    ]);
    for (const d of got) {
      const v = await hubspotWebhook.verify({ method: "POST", url: d.url, headers: d.headers, rawBody: d.body, now: new Date(), environment: "sandbox", connectionSecret: null, appSecret: sbx.app!.clientSecret, config: {}, credentials: {}, metadata: {} });
      expect(v).toEqual({ ok: true });
    }
    const view = await getWebhookView(ws, sbx.account.id);
    expect(view.deliveries).toHaveLength(got.length);
    expect(view.deliveries.every((d) => d.status === "sent")).toBe(true);
    const form = await getRecordForm(ws, sbx.account.id, "contacts", (await getAccountView(ws, sbx.account.id, "contacts", 0)).rows[0]!.externalId);
    expect(form.form.fields.map((f) => f.name)).toContain("email");
  });

  it("seals webhook target secrets and signs with them", async () => {
    const sbx = await createTestSandbox("custom-rest", { count: 1 });
    await addPanelSubscription({ workspaceId: sbx.workspaceId, accountId: sbx.account.id, url: receiver.url("/sealed"), events: [], secret: "whk_sealed_secret_123" });
    const row = await db.sandboxWebhookSubscription.findFirstOrThrow({ where: { accountId: sbx.account.id } });
    expect(row.secretSealed).toMatch(/^sb1\./);
    expect(row.secretSealed).not.toContain("whk_sealed_secret_123");
    const before = receiver.received.length;
    await savePanelRecord({ workspaceId: sbx.workspaceId, accountId: sbx.account.id, objectType: "contacts", externalId: null, values: { email: "sealed@example.test", first_name: "Sealed" } });
    const got = (await receiver.waitFor(before + 1)).slice(before).filter((d) => d.url.endsWith("/sealed"));
    expect(got.length).toBeGreaterThan(0);
    expect(got[0]!.headers.get("x-signature")).toBeTruthy();
    // The panel lists the target without its secret.
    expect(JSON.stringify(await getWebhookView(sbx.workspaceId, sbx.account.id))).not.toContain("whk_sealed_secret_123");
  });

  it("adds a Loops endpoint with a generated signing secret that signs its deliveries", async () => {
    const sbx = await createTestSandbox("loops", { count: 1 });
    const { signingSecret } = await addPanelSubscription({ workspaceId: sbx.workspaceId, accountId: sbx.account.id, url: receiver.url("/loops"), events: [] });
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect((await getWebhookView(sbx.workspaceId, sbx.account.id)).generatesSigningSecret).toBe(true);
    const before = receiver.received.length;
    await savePanelRecord({ workspaceId: sbx.workspaceId, accountId: sbx.account.id, objectType: "contacts", externalId: null, values: { email: "loops-panel@example.test" } });
    const [d] = (await receiver.waitFor(before + 1)).slice(before).filter((r) => r.url.endsWith("/loops"));
    // Standard Webhooks, computed by hand: v1,base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")).
    const expected = createHmac("sha256", Buffer.from(signingSecret!.slice("whsec_".length), "base64"))
      .update(`${d!.headers.get("webhook-id")}.${d!.headers.get("webhook-timestamp")}.${d!.body}`)
      .digest("base64");
    expect(d!.headers.get("webhook-signature")).toBe(`v1,${expected}`);
  });

  it("never shows credentials inside recorded deliveries", async () => {
    const sbx = await createTestSandbox("pipedrive", { count: 1 });
    const basic = `Basic ${Buffer.from("hook-user:hook-password-123").toString("base64")}`;
    await db.sandboxWebhookDelivery.create({
      data: {
        accountId: sbx.account.id,
        url: `${receiver.url("/pd")}?secret=url-secret-value-42`,
        headers: { authorization: basic, cookie: "session=abcdef123456", "x-api-key": "key-value-123456", "content-type": "application/json", "x-pipedrive-signature": "sig" },
        body: JSON.stringify({ meta: { action: "updated" }, token: "Bearer abcdefghijklmnop" }),
        status: "sent",
      },
    });
    const [shown] = (await getWebhookView(sbx.workspaceId, sbx.account.id)).deliveries;
    const text = JSON.stringify(shown);
    for (const secret of ["hook-password-123", basic.slice(6), "abcdef123456", "key-value-123456", "url-secret-value-42", "abcdefghijklmnop"]) {
      expect(text).not.toContain(secret);
    }
    expect(shown!.headers).toMatchObject({ authorization: "[REDACTED]", cookie: "[REDACTED]", "x-api-key": "[REDACTED]", "content-type": "application/json", "x-pipedrive-signature": "sig" });
  });

  it("persists fault settings and out-of-order delivery", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 1 });
    const ws = sbx.workspaceId;
    await setPanelFaults(ws, sbx.account.id, { ...noFaults, latencyMs: 5, webhookOutOfOrder: true });
    expect((await getAccountView(ws, sbx.account.id, undefined, 0)).faults).toMatchObject({ latencyMs: 5, webhookOutOfOrder: true });
    await addPanelSubscription({ workspaceId: ws, accountId: sbx.account.id, url: receiver.url("/ooo"), events: [] });
    const before = receiver.received.length;
    const a = await savePanelRecord({ workspaceId: ws, accountId: sbx.account.id, objectType: "contacts", externalId: null, values: { email: "first@o.example" } });
    const b = await savePanelRecord({ workspaceId: ws, accountId: sbx.account.id, objectType: "contacts", externalId: null, values: { email: "second@o.example" } });
    await receiver.waitFor(before + 2);
    const order = receiver.received.slice(before).filter((d) => d.url.endsWith("/ooo")).map((d) => String(hubspotEvents(d.body)[0]!.objectId));
    expect(order).toEqual([b, a]);
  });
});
