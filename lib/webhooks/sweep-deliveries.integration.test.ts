// Inbox housekeeping. The sweeper recovers a stored delivery whose event the job runner accepted but never ran: here the
// delivery arrives before the executor has synced its functions (a first start; Inngest before the app
// is synced), so the event is stored and routed nowhere. Re-sending it under the same id is a duplicate
// the runner drops; the sweeper's own id gets it applied, once. Retention deletes finished deliveries
// past the period and keeps the ones still waiting.
import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";
import { receiveWebhookRequest } from "@/lib/webhooks/receive-webhook";
import { deliveryEventsSettled, sweepUnsentDeliveries } from "@/lib/webhooks/send-delivery-events";
import { pruneDeliveries } from "@/lib/webhooks/prune-deliveries";

await isolateDatabase();

let server: Awaited<ReturnType<typeof startAppServer>>;
let connectionId: string;
const secret = `whsec_${randomBytes(24).toString("base64")}`;
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  server = await startAppServer();
  // no h.executor.sync() yet: the job runner knows no functions
  const access = await createTestWorkspace();
  const sbx = await createTestSandbox("loops", { workspaceId: access.workspace.id, userId: access.user.id, count: 0 });
  connectionId = (
    await connectApiKey(access, {
      provider: "loops",
      name: "Loops",
      environment: "sandbox",
      credentials: { apiKey: sbx.apiKey, webhookSigningSecret: secret },
    })
  ).id;
});

afterAll(async () => {
  await server.close();
  resetEnvCache();
});

async function post(contactId: string): Promise<Response> {
  const t = Math.floor(Date.now() / 1000);
  const id = `msg_${randomBytes(8).toString("hex")}`;
  const body = JSON.stringify({
    eventName: "contact.created",
    eventTime: t,
    webhookSchemaVersion: "1.0.0",
    contactIdentity: { id: contactId, email: `${contactId}@example.test`, userId: null },
    contact: {
      id: contactId,
      email: `${contactId}@example.test`,
      firstName: "Swept",
      lastName: "Up",
      source: "api",
      subscribed: true,
      userGroup: "",
      userId: null,
      mailingLists: {},
    },
  });
  const mac = createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64"))
    .update(`${id}.${t}.${body}`)
    .digest("base64");
  const headers = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(t),
    "webhook-signature": `v1,${mac}`,
  };
  const res = await receiveWebhookRequest(new Request(`http://hooks.test/api/webhooks/loops/${connectionId}`, { method: "POST", headers, body }), {
    provider: "loops",
    connectionId,
  });
  await deliveryEventsSettled(); // the answer does not wait for the job runner to have the event
  return res;
}

describe("webhook sweeper", () => {
  it("applies a delivery whose event was accepted but never ran, exactly once", async () => {
    const res = await post("c-swept");
    expect(res.status).toBe(200);
    const { deliveries } = (await res.json()) as { deliveries: { id: string }[] };
    const id = deliveries[0]!.id;
    expect(await db.executorEvent.findUnique({ where: { id } })).not.toBeNull();

    await h.executor.sync();
    await h.advanceUntilIdle();
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id } })).status).toBe("received");

    const later = new Date(Date.now() + 2 * 60_000);
    expect(await sweepUnsentDeliveries(later)).toBeGreaterThanOrEqual(1);
    await h.advanceUntilIdle();
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "processed", attempts: 1 });
    const link = await db.recordLink.findFirstOrThrow({ where: { connectionId, externalId: "c-swept" } });
    const version = (await db.hubRecord.findUniqueOrThrow({ where: { id: link.recordId } })).version;

    // a later sweep (another window) finds nothing waiting; the record is not written again
    await sweepUnsentDeliveries(new Date(later.getTime() + 20 * 60_000));
    await h.advanceUntilIdle();
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: link.recordId } })).version).toBe(version);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);
  });
});

describe("inbox retention", () => {
  it("deletes finished deliveries older than the period, keeps recent and waiting ones", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 31 * 86_400_000);
    const row = async (status: "processed" | "skipped" | "failed" | "received", receivedAt: Date) => {
      const conn = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
      const created = await db.webhookDelivery.create({
        data: {
          workspaceId: conn.workspaceId,
          connectionId,
          provider: "loops",
          dedupKey: `body:${randomBytes(8).toString("hex")}`,
          providerEventIds: [],
          eventType: "contacts.created",
          rawBody: "{}",
          bodyBytes: 2,
          receivedAt,
          status,
        },
      });
      return created.id;
    };
    const gone = [await row("processed", old), await row("skipped", old), await row("failed", old)];
    const kept = [await row("received", old), await row("processed", now)];
    const res = await pruneDeliveries(30, now);
    expect(res.deliveries).toBeGreaterThanOrEqual(3);
    const left = await db.webhookDelivery.findMany({ where: { id: { in: [...gone, ...kept] } }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([...kept].sort());
  });
});
