// The inbound webhook receiver and its processing, end to end on a real database with the embedded job
// runner: a Loops connection (Standard Webhooks, per-connection URL) receives hand-signed deliveries
// (valid, forged, stale, replayed, oversized, malformed, wrong type, duplicate, out of order, from a
// sender outside the allow-list), and only verified ones are stored and applied, once, newest wins.
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
import { PEER_HEADER } from "@/lib/http/peer-address";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";
import { receiveWebhookRequest } from "@/lib/webhooks/receive-webhook";
import { deliveryEventsSettled } from "@/lib/webhooks/send-delivery-events";
import { replayDelivery, replayFailedDeliveries } from "@/lib/webhooks/replay-deliveries";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";

await isolateDatabase();

let server: Awaited<ReturnType<typeof startAppServer>>;
let access: WorkspaceAccess;
let connectionId: string;
const secret = `whsec_${randomBytes(24).toString("base64")}`;
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  server = await startAppServer();
  await h.executor.sync();
  access = await createTestWorkspace();
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

function sign(id: string, ts: number, body: string, key = secret): string {
  const mac = createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64"))
    .update(`${id}.${ts}.${body}`)
    .digest("base64");
  return `v1,${mac}`;
}

type Post = { body: string; id?: string; ts?: number; headers?: Record<string, string>; path?: string; signature?: string; peer?: string };

async function post(p: Post): Promise<Response> {
  const id = p.id ?? `msg_${randomBytes(8).toString("hex")}`;
  const ts = p.ts ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": p.signature ?? sign(id, ts, p.body),
    [PEER_HEADER]: p.peer ?? "203.0.113.7",
    ...p.headers,
  };
  const path = p.path ?? `/api/webhooks/loops/${connectionId}`;
  const [, , , provider, conn] = path.split("/");
  const res = await receiveWebhookRequest(new Request(`http://hooks.test${path}`, { method: "POST", headers, body: p.body }), {
    provider: provider!,
    connectionId: conn ?? null,
  });
  await deliveryEventsSettled(); // the answer does not wait for the job runner to have the event
  return res;
}

const contactEvent = (eventName: string, contactId: string, eventTime: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventName,
    eventTime,
    webhookSchemaVersion: "1.0.0",
    contactIdentity: { id: contactId, email: `${contactId}@example.test`, userId: null },
    ...extra,
  });

const created = (contactId: string, eventTime: number, firstName: string) =>
  contactEvent("contact.created", contactId, eventTime, {
    contact: {
      id: contactId,
      email: `${contactId}@example.test`,
      firstName,
      lastName: "Lovelace",
      source: "api",
      subscribed: true,
      userGroup: "",
      userId: null,
      mailingLists: {},
    },
  });

async function deliveriesOf(contactIdPart: string) {
  return db.webhookDelivery.findMany({ where: { connectionId, rawBody: { contains: contactIdPart } }, orderBy: { receivedAt: "asc" } });
}

async function hubContact(contactId: string) {
  const link = await db.recordLink.findFirst({ where: { connectionId, externalId: contactId } });
  if (!link) return null;
  return db.hubRecord.findUniqueOrThrow({ where: { id: link.recordId } });
}

describe("webhook receiver", () => {
  it("stores a verified delivery once, answers at once, and applies it through the sync engine", async () => {
    const t = Math.floor(Date.now() / 1000);
    const res = await post({ body: created("c-valid", t, "Ada") });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { deliveries: { id: string; duplicate: boolean }[] };
    expect(body.deliveries).toHaveLength(1);
    const [row] = await deliveriesOf("c-valid");
    expect(row).toMatchObject({ id: body.deliveries[0]!.id, status: "received", eventType: "contacts.created", provider: "loops" });
    expect((row!.headers as Record<string, string>)[PEER_HEADER]).toBeUndefined();
    await h.advanceUntilIdle();
    const done = await db.webhookDelivery.findUniqueOrThrow({ where: { id: row!.id } });
    expect(done.status).toBe("processed");
    const rec = await hubContact("c-valid");
    expect(rec?.data).toMatchObject({ firstName: "Ada", email: "c-valid@example.test" });
    expect(done.touched).toEqual([
      expect.objectContaining({ externalId: "c-valid", recordId: rec!.id, action: "create", outcome: "succeeded" }),
    ]);
  });

  it("refuses forged, stale, replayed, oversized, malformed and mistyped deliveries, storing and applying nothing", async () => {
    const t = Math.floor(Date.now() / 1000);
    const before = await db.webhookEndpoint.findUnique({ where: { connectionId } });
    const forged = await post({ body: created("c-bad", t, "Eve"), signature: sign("x", t, "other body") });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const wrongKey = await post({
      body: created("c-bad", t, "Eve"),
      signature: sign("m1", t, created("c-bad", t, "Eve"), `whsec_${randomBytes(24).toString("base64")}`),
      id: "m1",
    });
    expect(wrongKey.status).toBe(401);
    const stale = await post({ body: created("c-bad", t - 3600, "Eve"), ts: t - 3600 });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_TIMESTAMP_EXPIRED");
    const missing = await post({ body: created("c-bad", t, "Eve"), headers: { "webhook-signature": "" } });
    expect(missing.status).toBe(401);
    const big = await post({ body: JSON.stringify({ eventName: "contact.created", pad: "x".repeat(1024 * 1024 + 10) }) });
    expect(big.status).toBe(413);
    const wrongType = await post({ body: created("c-bad", t, "Eve"), headers: { "content-type": "text/plain" } });
    expect(wrongType.status).toBe(415);
    const malformed = await post({ body: "{not json" });
    expect(malformed.status).toBe(422);
    const notLoops = await post({ body: JSON.stringify({ hello: "world" }) });
    expect(notLoops.status).toBe(422);

    // replay: the very same signed request twice
    const once = { body: created("c-replay", t, "Rita"), id: "msg_replay_1", ts: t };
    expect((await post(once)).status).toBe(200);
    const again = await post(once);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { code: string; details?: { reason?: string } } }).error.details?.reason).toBe("replayed");

    expect(await deliveriesOf("c-bad")).toHaveLength(0);
    expect(await deliveriesOf("c-replay")).toHaveLength(1);
    const after = await db.webhookEndpoint.findUniqueOrThrow({ where: { connectionId } });
    // forged, wrong key, stale, missing header, replay: counted for the tenant
    expect(after.signatureFailures - (before?.signatureFailures ?? 0)).toBe(5);
    expect(after.lastRejectedCode).toBe("WEBHOOK_SIGNATURE_INVALID");
    await h.advanceUntilIdle();
    expect(await hubContact("c-bad")).toBeNull();
  });

  it("answers 404 for unknown, deleted or disabled connections and only counts them", async () => {
    const day = new Date().toISOString().slice(0, 10);
    const before = (await db.webhookUnroutedCount.findUnique({ where: { provider_day: { provider: "loops", day } } }))?.count ?? 0;
    const t = Math.floor(Date.now() / 1000);
    const res = await post({ body: created("c-nobody", t, "No"), path: "/api/webhooks/loops/clnotaconnection0000000000" });
    expect(res.status).toBe(404);
    await db.connection.update({ where: { id: connectionId }, data: { status: "disabled" } });
    try {
      expect((await post({ body: created("c-nobody", t, "No") })).status).toBe(404);
    } finally {
      await db.connection.update({ where: { id: connectionId }, data: { status: "active" } });
    }
    expect((await post({ body: "{}", path: "/api/webhooks/no-such-provider/x" })).status).toBe(404);
    const after = (await db.webhookUnroutedCount.findUniqueOrThrow({ where: { provider_day: { provider: "loops", day } } })).count;
    expect(after - before).toBe(2);
    expect(await deliveriesOf("c-nobody")).toHaveLength(0);
  });

  it("refuses senders outside the connection's allow-list with 403", async () => {
    await db.webhookEndpoint.upsert({
      where: { connectionId },
      create: { connectionId, workspaceId: access.workspace.id, allowedCidrs: ["198.51.100.0/24"] },
      update: { allowedCidrs: ["198.51.100.0/24"] },
    });
    try {
      const t = Math.floor(Date.now() / 1000);
      expect((await post({ body: created("c-ip", t, "Ip"), peer: "203.0.113.7" })).status).toBe(403);
      expect(await deliveriesOf("c-ip")).toHaveLength(0);
      expect((await post({ body: created("c-ip", t, "Ip"), peer: "198.51.100.20" })).status).toBe(200);
      expect(await deliveriesOf("c-ip")).toHaveLength(1);
    } finally {
      await db.webhookEndpoint.update({ where: { connectionId }, data: { allowedCidrs: [] } });
    }
  });

  it("a duplicate (the provider's retry, re-signed) answers 2xx, is counted, and has one effect", async () => {
    const t = Math.floor(Date.now() / 1000);
    const body = created("c-dup", t, "Dora");
    const first = await post({ body, id: "msg_dup" });
    const second = await post({ body, id: "msg_dup", ts: t + 1 });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { deliveries: { duplicate: boolean }[] }).deliveries[0]!.duplicate).toBe(true);
    const rows = await deliveriesOf("c-dup");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.duplicateCount).toBe(1);
    await h.advanceUntilIdle();
    const rec = await hubContact("c-dup");
    expect(rec?.version).toBe(1);
    expect(await db.recordChange.count({ where: { recordId: rec!.id } })).toBe(1);
  });

  it("an older event arriving after a newer one never overwrites it", async () => {
    const t = Math.floor(Date.now() / 1000);
    expect((await post({ body: created("c-order", t - 60, "Olga") })).status).toBe(200);
    await h.advanceUntilIdle();
    // resubscribed at t, unsubscribed at t-30: delivered newest first, each processed on its own
    expect((await post({ body: contactEvent("email.resubscribed", "c-order", t) })).status).toBe(200);
    await h.advanceUntilIdle();
    expect((await hubContact("c-order"))?.data).toMatchObject({ subscribed: true });
    expect((await post({ body: contactEvent("email.unsubscribed", "c-order", t - 30) })).status).toBe(200);
    await h.advanceUntilIdle();
    expect((await hubContact("c-order"))?.data).toMatchObject({ subscribed: true });
    const late = (await deliveriesOf("c-order")).find((d) => d.rawBody.includes("email.unsubscribed"))!;
    expect(late.status).toBe("processed");
    expect(late.touched).toEqual([expect.objectContaining({ outcome: "skipped", message: expect.stringContaining("Older than") })]);
  });

  it("an unknown event type is stored and marked skipped with the reason", async () => {
    const t = Math.floor(Date.now() / 1000);
    const res = await post({
      body: JSON.stringify({
        eventName: "campaign.email.opened",
        eventTime: t,
        contactIdentity: { id: "c-open", email: "c-open@example.test" },
      }),
    });
    expect(res.status).toBe(200);
    await h.advanceUntilIdle();
    const [row] = await deliveriesOf("c-open");
    expect(row).toMatchObject({ status: "skipped", eventType: "campaign.email.opened" });
    expect(row!.statusReason).toContain("No record changes");
  });

  it("a failing delivery is retried, then failed, and a replay applies it", async () => {
    const t = Math.floor(Date.now() / 1000);
    expect((await post({ body: created("c-fail", t, "Fay") })).status).toBe(200);
    const [row] = await deliveriesOf("c-fail");
    // the credentials cannot be opened any more while it is processed: every attempt fails
    const original = (await db.connection.findUniqueOrThrow({ where: { id: connectionId } })).credentialsSealed;
    await db.connection.update({ where: { id: connectionId }, data: { credentialsSealed: "broken" } });
    try {
      await h.advanceUntilIdle();
    } finally {
      await db.connection.update({ where: { id: connectionId }, data: { credentialsSealed: original } });
    }
    const failed = await db.webhookDelivery.findUniqueOrThrow({ where: { id: row!.id } });
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(4);
    expect(failed.statusReason).toBeTruthy();
    expect(await hubContact("c-fail")).toBeNull();

    const replayed = await replayFailedDeliveries(access, { from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) });
    expect(replayed).toBe(1);
    await h.advanceUntilIdle();
    const done = await db.webhookDelivery.findUniqueOrThrow({ where: { id: row!.id } });
    expect(done).toMatchObject({ status: "processed", replayCount: 1 });
    expect((await hubContact("c-fail"))?.data).toMatchObject({ firstName: "Fay" });
    // one more replay of a processed delivery applies nothing new
    await replayDelivery(access, row!.id);
    await h.advanceUntilIdle();
    expect((await hubContact("c-fail"))?.version).toBe(1);
  });
});
