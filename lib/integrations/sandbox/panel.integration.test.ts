// The control panel's domain functions: edits "as if in the provider" land in the store and send the
// provider's signed webhooks; fault settings persist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hubspotSandbox } from "@/lib/integrations/hubspot/sandbox";
import { hubspotWebhook } from "@/lib/integrations/hubspot/webhook";
import { addPanelSubscription, deletePanelRecord, getAccountView, getRecordForm, getWebhookView, savePanelRecord, setPanelFaults } from "@/lib/integrations/sandbox/panel";
import { getRecord } from "@/lib/integrations/sandbox/record-store";
import { ensureSandboxSeeded, seedSandboxAccount } from "@/lib/integrations/sandbox/seed";
import { noFaults } from "@/lib/integrations/sandbox/accounts";
import { startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("sandbox seeding and panel", () => {
  it("seeds every provider's default account once, deterministically", async () => {
    await ensureSandboxSeeded();
    const first = await db.sandboxAccount.findMany({ where: { key: "default" }, orderBy: { provider: "asc" } });
    expect(first.map((a) => a.provider)).toEqual(expect.arrayContaining(["hubspot", "salesforce"]));
    expect(first.every((a) => a.seededAt)).toBe(true);
    const count = await db.sandboxRecord.count();
    await ensureSandboxSeeded();
    expect(await db.sandboxRecord.count()).toBe(count);
    const hs = first.find((a) => a.provider === "hubspot")!;
    expect(await db.sandboxRecord.count({ where: { accountId: hs.id } })).toBe(250);
    // Same seed -> same first person, on every machine.
    const again = await seedSandboxAccount(hubspotSandbox, "determinism", { count: 1 });
    const again2 = await seedSandboxAccount(hubspotSandbox, "determinism", { count: 1 });
    expect(again2.id).toBe(again.id);
  });

  it("creates, edits and deletes records as a person would, sending signed webhooks", async () => {
    const account = await seedSandboxAccount(hubspotSandbox, "panel", { count: 5 });
    // An account-level target (added by hand in the panel); HubSpot signs with the app secret.
    const app = await db.sandboxOAuthApp.findUniqueOrThrow({ where: { clientId: hubspotSandbox.oauthApp!.clientId } });
    await db.sandboxWebhookSubscription.create({ data: { provider: "hubspot", accountId: account.id, appId: app.id, url: receiver.url("/panel") } });
    const id = await savePanelRecord({ accountId: account.id, objectType: "contacts", externalId: null, values: { firstname: "Pat", lastname: "Panel", email: "Pat@Panel.example" } });
    const rec = await getRecord(account.id, "contacts", id);
    expect((rec!.data.properties as Record<string, string>).email).toBe("pat@panel.example");
    await savePanelRecord({ accountId: account.id, objectType: "contacts", externalId: id, values: { firstname: "Patricia" } });
    await deletePanelRecord({ accountId: account.id, objectType: "contacts", externalId: id });
    const got = await receiver.waitFor(3);
    const events = got.flatMap((d) => hubspotWebhook.parse(d.body));
    expect(events.map((e) => e.action)).toEqual(["created", "updated", "deleted"]);
    for (const d of got) {
      const v = await hubspotWebhook.verify({ method: "POST", url: d.url, headers: d.headers, rawBody: d.body, now: new Date(), environment: "sandbox", connectionSecret: null, appSecret: app.clientSecret, config: {}, credentials: {}, metadata: {} });
      expect(v).toEqual({ ok: true });
    }
    const view = await getWebhookView(account.id);
    expect(view.deliveries).toHaveLength(3);
    expect(view.deliveries.every((d) => d.status === "sent")).toBe(true);
    const form = await getRecordForm(account.id, "contacts", (await getAccountView(account.id, "contacts", 0)).rows[0]!.externalId);
    expect(form.form.fields.map((f) => f.name)).toContain("email");
  });

  it("persists fault settings and out-of-order delivery", async () => {
    const account = await seedSandboxAccount(hubspotSandbox, "faults", { count: 1 });
    await setPanelFaults(account.id, { ...noFaults, latencyMs: 5, webhookOutOfOrder: true });
    expect((await getAccountView(account.id, undefined, 0)).faults).toMatchObject({ latencyMs: 5, webhookOutOfOrder: true });
    const app = await db.sandboxOAuthApp.findUniqueOrThrow({ where: { clientId: hubspotSandbox.oauthApp!.clientId } });
    await addPanelSubscription({ accountId: account.id, url: receiver.url("/ooo"), events: [] });
    await db.sandboxWebhookSubscription.updateMany({ where: { accountId: account.id }, data: { appId: app.id } });
    const before = receiver.received.length;
    const a = await savePanelRecord({ accountId: account.id, objectType: "contacts", externalId: null, values: { email: "first@o.example" } });
    const b = await savePanelRecord({ accountId: account.id, objectType: "contacts", externalId: null, values: { email: "second@o.example" } });
    await receiver.waitFor(before + 2);
    const order = receiver.received.slice(before).map((d) => hubspotWebhook.parse(d.body)[0]!.externalId);
    expect(order).toEqual([b, a]);
  });
});
