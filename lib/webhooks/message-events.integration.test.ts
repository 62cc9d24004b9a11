// GoHighLevel InboundMessage / OutboundMessage webhooks are messages, not records: the sandbox delivers
// them Ed25519-signed to the app URL (a message added in its panel, or sent through its Conversations
// API), the inbox stores and processes them, and each becomes an outbound `message.inbound` /
// `message.outbound` event on the workspace's subscribed endpoints, verified here with the
// standardwebhooks library. No hub record changes; a replay sends nothing twice.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { addPanelSubscription, getRecordForm, savePanelRecord } from "@/lib/integrations/sandbox/panel";
import { listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { type RunningServer } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import { createEndpoint } from "@/lib/webhooks/outbound/outbound-endpoints";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { replayDelivery } from "@/lib/webhooks/replay-deliveries";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";

await isolateDatabase();

type Received = { path: string; headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let hookOrigin = "";
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString("utf8")));
  req.on("end", () => {
    received.push({ path: req.url ?? "", headers: req.headers, body });
    res.end("ok");
  });
});

let app: RunningServer;
let access: WorkspaceAccess;
let sbx: TestSandbox;
let connectionId: string;
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await startAppServer({ env: { OUTBOUND_WEBHOOK_ALLOWED_ORIGINS: hookOrigin } });
  resetEnvCache();
  await h.executor.sync();

  access = await createTestWorkspace();
  sbx = await createTestSandbox("gohighlevel", { workspaceId: access.workspace.id, userId: access.user.id, key: "messages", count: 2 });
  connectionId = (
    await connectApiKey(access, {
      provider: "gohighlevel",
      name: "GHL messages",
      environment: "sandbox",
      config: { locationId: sbx.account.externalId },
      credentials: { privateIntegrationToken: sbx.apiKey },
    })
  ).id;
  await addPanelSubscription({ workspaceId: access.workspace.id, accountId: sbx.account.id, url: `${app.origin}/api/webhooks/gohighlevel`, events: [] });
  await h.advanceUntilIdle();
});

afterAll(async () => {
  await app.close();
  await new Promise((r) => receiver.close(r));
  resetEnvCache();
});

function verified(r: Received, secret: string): { type: string; timestamp: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(r.body, {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  }) as { type: string; timestamp: string; data: Record<string, unknown> };
}

describe("GoHighLevel messages -> outbound message events", () => {
  it("an InboundMessage delivery becomes a signed message.inbound on the subscribed endpoint, and the inbox row is processed", async () => {
    const messages = await createEndpoint(access, { url: `${hookOrigin}/messages`, eventTypes: ["message.inbound", "message.outbound"] });
    await createEndpoint(access, { url: `${hookOrigin}/contacts`, eventTypes: ["contact.updated"] });
    // a contact the hub knows (its edit in GHL came in through a ContactUpdate webhook)
    const contact = (await listRecords(sbx.account.id, "contacts"))[0]!;
    const { form } = await getRecordForm(access.workspace.id, sbx.account.id, "contacts", contact.externalId);
    await savePanelRecord({ workspaceId: access.workspace.id, accountId: sbx.account.id, objectType: "contacts", externalId: contact.externalId, values: { ...form.values, firstName: "Mira" } });
    await h.advanceUntilIdle();
    const hubContact = await db.recordLink.findFirstOrThrow({ where: { connectionId, object: "contact", externalId: contact.externalId } });
    const versionBefore = (await db.hubRecord.findUniqueOrThrow({ where: { id: hubContact.recordId } })).version;
    const sentBefore = await db.sandboxWebhookDelivery.count({ where: { accountId: sbx.account.id } });
    received.length = 0;

    // the contact writes in (added in the sandbox's panel, as GHL shows an inbound SMS)
    const messageId = await savePanelRecord({
      workspaceId: access.workspace.id,
      accountId: sbx.account.id,
      objectType: "messages",
      externalId: null,
      values: { contactId: contact.externalId, direction: "inbound", messageType: "SMS", body: "Is my order on its way?" },
    });
    const [delivery] = await db.sandboxWebhookDelivery.findMany({ where: { accountId: sbx.account.id }, orderBy: { createdAt: "asc" }, skip: sentBefore });
    expect(delivery).toMatchObject({ status: "sent", responseStatus: 200 });
    expect((delivery!.headers as Record<string, string>)["x-ghl-signature"]).toBeTruthy();
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: "InboundMessage",
      locationId: sbx.account.externalId,
      messageId,
      contactId: contact.externalId,
      direction: "inbound",
      messageType: "SMS",
      body: "Is my order on its way?",
    });

    await h.advanceUntilIdle();
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { connectionId, rawBody: { contains: messageId } } });
    expect(row).toMatchObject({ status: "processed", eventType: "InboundMessage" });
    expect(JSON.stringify(row.log)).toContain("message.inbound sent on to 1 outbound endpoint");

    expect(received.map((r) => r.path)).toEqual(["/messages"]);
    const event = verified(received[0]!, messages.secret);
    expect(event).toMatchObject({
      type: "message.inbound",
      data: {
        message_id: messageId,
        contact_external_id: contact.externalId,
        contact_id: hubContact.recordId,
        channel: "SMS",
        direction: "inbound",
        body: "Is my order on its way?",
        connection: { id: connectionId, provider: "gohighlevel", name: "GHL messages" },
        webhook_delivery_id: row.id,
      },
    });
    // a message is not a record: the contact did not change
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: hubContact.recordId } })).version).toBe(versionBefore);

    // replayed from the inbox: processed again, nothing sent twice
    received.length = 0;
    await replayDelivery(access, row.id);
    await h.advanceUntilIdle();
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "processed", replayCount: 1 });
    expect(received).toHaveLength(0);
    expect(await db.outboundDelivery.count({ where: { endpointId: messages.endpoint.id } })).toBe(1);
  });

  it("a message sent through GHL's Conversations API arrives as message.outbound", async () => {
    const contact = (await listRecords(sbx.account.id, "contacts"))[1]!;
    received.length = 0;
    const res = await fetch(`${app.origin}/sandbox/gohighlevel/conversations/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${sbx.apiKey}`, version: "2021-07-28", "content-type": "application/json" },
      body: JSON.stringify({ type: "Email", contactId: contact.externalId, message: "Your order shipped today." }),
    });
    expect(res.status).toBe(201);
    const sent = (await res.json()) as { messageId: string; conversationId: string };
    await flushSandboxWebhooks();
    await h.advanceUntilIdle();
    const endpoint = await db.outboundEndpoint.findFirstOrThrow({ where: { workspaceId: access.workspace.id, url: `${hookOrigin}/messages` } });
    const delivery = await db.outboundDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id, eventType: "message.outbound" } });
    expect(delivery.status).toBe("succeeded");
    expect(received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> })).toEqual([
      expect.objectContaining({
        type: "message.outbound",
        data: expect.objectContaining({ message_id: sent.messageId, conversation_id: sent.conversationId, channel: "Email", direction: "outbound" }),
      }),
    ]);
  });
});
