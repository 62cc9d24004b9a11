// The connection page's webhook setup card promises only what the receiver does: the URL it gives is
// pasted into the provider's sandbox (as a person would) and the deliveries sent there are accepted and
// applied. KeyCRM's URL carries Switchboard's secret (the bare URL is refused, and only admins can see the
// full one); Custom REST's plain URL works with the CRM's own signing secret; Pipedrive's is the one
// Switchboard registered; HubSpot's is the app's, with nothing per connection.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { webhookUrl } from "@/lib/connections/rotate-webhook-secret";
import { addPanelSubscription, getRecordForm, removePanelSubscription, savePanelRecord } from "@/lib/integrations/sandbox/panel";
import { listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";
import { type RunningServer } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { webhookSetup, webhookSetupUrl } from "@/lib/webhooks/webhook-setup";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";

await isolateDatabase();

let app: RunningServer;
let access: WorkspaceAccess;
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  app = await startAppServer();
  resetEnvCache();
  await h.executor.sync();
  access = await createTestWorkspace();
});

afterAll(async () => {
  await app.close();
  resetEnvCache();
});

/** What the sandbox answered for the deliveries it sent to `url` (the provider's delivery log). */
async function sentTo(accountId: string, url: string) {
  const subs = await db.sandboxWebhookSubscription.findMany({ where: { accountId, url }, select: { id: true } });
  return db.sandboxWebhookDelivery.findMany({ where: { subscriptionId: { in: subs.map((s) => s.id) } }, orderBy: { createdAt: "asc" } });
}

describe("KeyCRM: the URL carries Switchboard's secret", () => {
  it("the card shows no bare URL; the revealed one is accepted and applied, the bare one refused", async () => {
    const sbx = await createTestSandbox("keycrm", { workspaceId: access.workspace.id, userId: access.user.id, count: 2 });
    const { id } = await connectApiKey(access, {
      provider: "keycrm",
      name: "KeyCRM",
      environment: "sandbox",
      credentials: { apiKey: sbx.apiKey },
    });
    const setup = await webhookSetup(access.workspace.id, id, app.origin);
    expect(setup).toMatchObject({ mode: "url-secret", url: null, secretOwner: "switchboard", rotatable: true });

    const member = await addTestMember(access, "member");
    expect((await caughtAppError(webhookSetupUrl(member, id, app.origin))).code).toBe("FORBIDDEN");
    const full = await webhookSetupUrl(access, id, app.origin);
    expect(full.startsWith(`${webhookUrl(app.origin, "keycrm", id)}?secret=`)).toBe(true);

    const order = (await listRecords(sbx.account.id, "orders"))[0]!;
    const editStatus = async (status: string) => {
      const { form } = await getRecordForm(access.workspace.id, sbx.account.id, "orders", order.externalId);
      await savePanelRecord({
        workspaceId: access.workspace.id,
        accountId: sbx.account.id,
        objectType: "orders",
        externalId: order.externalId,
        values: { ...form.values, status_id: status },
      });
      await flushSandboxWebhooks();
    };

    // pasted without the secret (what the page used to show): refused, nothing stored
    const bare = webhookUrl(app.origin, "keycrm", id);
    await addPanelSubscription({ workspaceId: access.workspace.id, accountId: sbx.account.id, url: bare, events: [] });
    await editStatus(order.data["status_id"] === 2 ? "3" : "2");
    expect((await sentTo(sbx.account.id, bare)).map((d) => d.responseStatus)).toEqual([401]);
    expect(await db.webhookDelivery.count({ where: { connectionId: id } })).toBe(0);
    const bareSub = await db.sandboxWebhookSubscription.findFirstOrThrow({ where: { accountId: sbx.account.id, url: bare } });
    await removePanelSubscription(access.workspace.id, sbx.account.id, bareSub.id);

    // the URL the card reveals: accepted, stored and applied
    await addPanelSubscription({ workspaceId: access.workspace.id, accountId: sbx.account.id, url: full, events: [] });
    await editStatus("4");
    expect((await sentTo(sbx.account.id, full)).map((d) => d.responseStatus)).toEqual([200]);
    await h.advanceUntilIdle();
    const rows = await db.webhookDelivery.findMany({ where: { connectionId: id } });
    expect(rows.map((r) => [r.eventType, r.status])).toEqual([["orders.updated", "processed"]]);
  });
});

describe("Custom REST: the plain URL, checked with the CRM's own secret", () => {
  it("the card's URL, pasted with the secret the connection holds, is accepted", async () => {
    const sbx = await createTestSandbox("custom-rest", { workspaceId: access.workspace.id, userId: access.user.id, count: 1 });
    const signing = `whk_${randomBytes(12).toString("hex")}`;
    const { id } = await connectApiKey(access, {
      provider: "custom-rest",
      name: "Generic CRM",
      environment: "sandbox",
      config: { template: exampleTemplate(`${app.origin}/sandbox/custom-rest/api`) },
      credentials: { apiSecret: sbx.apiKey, webhookSecret: signing },
    });
    const setup = await webhookSetup(access.workspace.id, id, app.origin);
    expect(setup).toMatchObject({
      mode: "provider-secret",
      secretOwner: "provider",
      rotatable: false,
      providerSecret: { label: "Webhook signing secret", saved: true },
    });
    expect(setup.url).toBe(webhookUrl(app.origin, "custom-rest", id));
    await addPanelSubscription({
      workspaceId: access.workspace.id,
      accountId: sbx.account.id,
      url: setup.url!,
      events: [],
      secret: signing,
    });
    const contact = (await listRecords(sbx.account.id, "contacts"))[0]!;
    const { form } = await getRecordForm(access.workspace.id, sbx.account.id, "contacts", contact.externalId);
    await savePanelRecord({
      workspaceId: access.workspace.id,
      accountId: sbx.account.id,
      objectType: "contacts",
      externalId: contact.externalId,
      values: { ...form.values, first_name: "Pasted" },
    });
    await flushSandboxWebhooks();
    expect((await sentTo(sbx.account.id, setup.url!)).map((d) => d.responseStatus)).toEqual([200]);
    await h.advanceUntilIdle();
    const rows = await db.webhookDelivery.findMany({ where: { connectionId: id } });
    expect(rows.map((r) => r.status)).toEqual(["processed"]);
  });
});

describe("registered and app-level setups", () => {
  it("Pipedrive: the URL shown is the one registered; HubSpot: the app's URL, nothing to rotate", async () => {
    const pd = await createTestSandbox("pipedrive", { workspaceId: access.workspace.id, userId: access.user.id, count: 0 });
    const p = await connectApiKey(access, {
      provider: "pipedrive",
      name: "Pipedrive",
      environment: "sandbox",
      credentials: { apiToken: pd.apiKey },
    });
    const registered = await db.webhookEndpoint.findUniqueOrThrow({ where: { connectionId: p.id } });
    expect(await webhookSetup(access.workspace.id, p.id, app.origin)).toMatchObject({
      mode: "registered",
      url: registered.registrationTargetUrl,
      secretOwner: "switchboard",
    });

    const hs = await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, key: "hs-setup", count: 0 });
    const c = await connectApiKey(access, {
      provider: "hubspot",
      name: "HubSpot",
      environment: "sandbox",
      credentials: { accessToken: hs.apiKey },
    });
    expect(await webhookSetup(access.workspace.id, c.id, app.origin)).toMatchObject({
      mode: "app",
      url: `${app.origin}/api/webhooks/hubspot`,
      secretOwner: "app",
      rotatable: false,
    });
  });
});
