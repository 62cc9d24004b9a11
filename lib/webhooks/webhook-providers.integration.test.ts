// Webhooks against the provider sandboxes, through an "app" server that mounts the sandboxes and the
// webhook routes on one origin (APP_URL), with the embedded job runner:
//  - Pipedrive (webhook API): connecting registers the target in the sandbox, person changes made there
//    arrive signed (Basic auth), are applied to the hub; duplicated, out-of-order and dropped deliveries
//    still converge (the next pull catches what a dropped one missed); deleting the connection unregisters.
//  - HubSpot (app-level URL, routed by portal id): a signed propertyChange is routed to the connection,
//    the full record is fetched; with the provider failing, the delivery is retried, failed, and a replay
//    applies it once the provider is back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { deleteConnection } from "@/lib/connections/delete-connection";
import { sandboxOAuthClient } from "@/lib/integrations/sandbox/sandbox-access";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { type RunningServer } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import { pipedrive } from "@/lib/integrations/pipedrive/definition";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { hubspotSignatureV3 } from "@/lib/integrations/hubspot/webhook";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { replayDelivery } from "@/lib/webhooks/replay-deliveries";
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

async function hubByExternal(connectionId: string, externalId: string) {
  const link = await db.recordLink.findFirst({ where: { connectionId, externalId } });
  return link ? db.hubRecord.findUniqueOrThrow({ where: { id: link.recordId } }) : null;
}

/** Deliver what the sandbox queued, then run the job runner until nothing is left. */
async function settle(): Promise<void> {
  await flushSandboxWebhooks();
  await h.advanceUntilIdle();
}

describe("Pipedrive: registered through its API, deliveries applied, faults converge", () => {
  let sbx: TestSandbox;
  let connectionId: string;
  const persons = () => {
    const ctx = sandboxConnectionContext({
      provider: pipedrive,
      origin: app.origin,
      authKind: "api_key",
      credentials: { apiToken: sbx.apiKey },
    });
    return pipedrive.createClient(ctx as Parameters<typeof pipedrive.createClient>[0]).objects.persons!;
  };

  it("connecting registers the webhook target in the sandbox", async () => {
    sbx = await createTestSandbox("pipedrive", { workspaceId: access.workspace.id, userId: access.user.id, count: 2 });
    connectionId = (
      await connectApiKey(access, {
        provider: "pipedrive",
        name: "Pipedrive",
        environment: "sandbox",
        credentials: { apiToken: sbx.apiKey },
      })
    ).id;
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { connectionId } });
    expect(endpoint).toMatchObject({
      registrationStatus: "registered",
      registrationTargetUrl: `${app.origin}/api/webhooks/pipedrive/${connectionId}`,
    });
    const subs = await db.sandboxWebhookSubscription.findMany({ where: { accountId: sbx.account.id, active: true } });
    expect(subs.map((s) => s.url)).toEqual([`${app.origin}/api/webhooks/pipedrive/${connectionId}`]);
  });

  it("a person changed in Pipedrive reaches the hub through the inbox", async () => {
    const p = await persons().create!({ first_name: "Grace", last_name: "Hopper", [emailKey()]: "grace@example.test", owner_id: null });
    await settle();
    const rec = await hubByExternal(connectionId, p.externalId);
    expect(rec?.data).toMatchObject({ firstName: "Grace", lastName: "Hopper" });
    await persons().update!(p.externalId, { first_name: "Gracie" });
    await settle();
    expect((await hubByExternal(connectionId, p.externalId))?.data).toMatchObject({ firstName: "Gracie" });
    const rows = await db.webhookDelivery.findMany({ where: { connectionId }, orderBy: { receivedAt: "asc" } });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.status === "processed")).toBe(true);
    expect((rows[0]!.headers as Record<string, string>).authorization).toBe("[REDACTED]");
  });

  it("oversized, malformed, wrongly authenticated and re-sent deliveries: the right status, nothing stored or applied", async () => {
    const last = (await db.sandboxWebhookDelivery.findMany({ where: { accountId: sbx.account.id, status: "sent" }, orderBy: { createdAt: "desc" }, take: 1 }))[0]!;
    const headers = last.headers as Record<string, string>;
    const count = await db.webhookDelivery.count({ where: { connectionId } });
    const failures = async () => (await db.webhookEndpoint.findUniqueOrThrow({ where: { connectionId } })).signatureFailures;
    const before = await failures();
    const post = (body: string, h: Record<string, string> = headers) => fetch(last.url, { method: "POST", headers: h, body });
    // Pipedrive's scheme has no timestamp: nothing can be stale
    expect((await post(last.body + " ".repeat(1024 * 1024))).status).toBe(413);
    expect((await post('{"meta":{"action":"change","entity":"person"},"data":')).status).toBe(422);
    const wrong = await post(last.body.replace("Gracie", "Forged"), { ...headers, authorization: `Basic ${Buffer.from("switchboard:wrong").toString("base64")}` });
    expect(wrong.status).toBe(401);
    // no delivery id in the scheme: the same bytes again are a duplicate (2xx, counted on the first row)
    expect((await post(last.body)).status).toBe(200);
    await settle();
    expect(await db.webhookDelivery.count({ where: { connectionId } })).toBe(count);
    expect((await failures()) - before).toBe(1);
    expect(await db.webhookDelivery.count({ where: { connectionId, rawBody: { contains: "Forged" } } })).toBe(0);
  });

  it("duplicated and out-of-order deliveries: one effect, newest wins", async () => {
    const p = await persons().create!({ first_name: "Dup", last_name: "Licate", [emailKey()]: "dup@example.test", owner_id: null });
    await settle();
    await updateSandboxFaults(sbx.account.id, { webhookDuplicateRate: 1, webhookOutOfOrder: true });
    try {
      await persons().update!(p.externalId, { first_name: "First" });
      await flushSandboxWebhooks({ releaseHeld: false });
      await persons().update!(p.externalId, { first_name: "Second" });
      await settle();
    } finally {
      await updateSandboxFaults(sbx.account.id, { webhookDuplicateRate: 0, webhookOutOfOrder: false });
    }
    const sent = await db.sandboxWebhookDelivery.findMany({
      where: { accountId: sbx.account.id, fault: { in: ["duplicate", "out_of_order"] } },
    });
    expect(sent.length).toBeGreaterThan(0);
    expect((await hubByExternal(connectionId, p.externalId))?.data).toMatchObject({ firstName: "Second" });
    const dups = await db.webhookDelivery.findMany({ where: { connectionId, duplicateCount: { gt: 0 } } });
    expect(dups.length).toBeGreaterThan(0);
  });

  it("a dropped delivery is caught by the next pull", async () => {
    const p = await persons().create!({ first_name: "Drop", last_name: "Ped", [emailKey()]: "drop@example.test", owner_id: null });
    await settle();
    await updateSandboxFaults(sbx.account.id, { webhookDropRate: 1 });
    try {
      await persons().update!(p.externalId, { first_name: "Missed" });
      await settle();
    } finally {
      await updateSandboxFaults(sbx.account.id, { webhookDropRate: 0 });
    }
    expect((await hubByExternal(connectionId, p.externalId))?.data).toMatchObject({ firstName: "Drop" });
    await h.executor.send({
      name: "switchboard/sync.pull-requested",
      data: { connectionId, object: "contact", mode: "incremental", trigger: "schedule" },
    });
    await h.advanceUntilIdle();
    expect((await hubByExternal(connectionId, p.externalId))?.data).toMatchObject({ firstName: "Missed" });
  });

  it("deleting the connection unregisters the target", async () => {
    await deleteConnection(access, connectionId, "Pipedrive");
    const subs = await db.sandboxWebhookSubscription.findMany({ where: { accountId: sbx.account.id, active: true } });
    expect(subs).toHaveLength(0);
  });
});

function emailKey(): string {
  const rule = pipedrive.objects[0]!.defaultMapping.rules.find((r) => r.hubField === "email");
  return rule!.providerField;
}

describe("HubSpot: app-level URL routed by portal id", () => {
  let sbx: TestSandbox;
  let connectionId: string;

  async function deliver(events: Record<string, unknown>[] | string, opts: { timestamp?: number; secret?: string } = {}): Promise<Response> {
    const secret = opts.secret ?? (await sandboxOAuthClient(access.workspace.id, "hubspot"))!.clientSecret;
    const body = typeof events === "string" ? events : JSON.stringify(events);
    const url = `${app.origin}/api/webhooks/hubspot`;
    const timestamp = String(opts.timestamp ?? Date.now());
    const signature = hubspotSignatureV3({ clientSecret: secret, method: "POST", url, body, timestamp });
    return fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": timestamp },
    });
  }

  const change = (objectId: string, eventId: number, value: string) => ({
    eventId,
    subscriptionId: 1,
    portalId: Number(sbx.account.externalId),
    occurredAt: Date.now(),
    subscriptionType: "contact.propertyChange",
    attemptNumber: 0,
    objectId: Number(objectId),
    propertyName: "firstname",
    propertyValue: value,
    changeSource: "CRM_UI",
  });

  it("routes the delivery to the connection and applies the fetched record", async () => {
    sbx = await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, key: "hs", count: 1 });
    connectionId = (
      await connectApiKey(access, {
        provider: "hubspot",
        name: "HubSpot",
        environment: "sandbox",
        credentials: { accessToken: sbx.apiKey },
      })
    ).id;
    const ctx = sandboxConnectionContext({
      provider: hubspot,
      origin: app.origin,
      authKind: "api_key",
      credentials: { accessToken: sbx.apiKey },
    });
    const contacts = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts!;
    const c = await contacts.create!({ email: "routed@example.test", firstname: "Routed" });
    await contacts.update!(c.externalId, { firstname: "Fetched" });
    const res = await deliver([change(c.externalId, 9001, "Fetched")]);
    expect(res.status).toBe(200);
    await h.advanceUntilIdle();
    const row = await db.webhookDelivery.findFirstOrThrow({
      where: { connectionId, providerEventIds: { has: `${sbx.account.externalId}:1:9001` } },
    });
    expect(row.status).toBe("processed");
    expect((await hubByExternal(connectionId, c.externalId))?.data).toMatchObject({ firstName: "Fetched", email: "routed@example.test" });

    // an account nobody connected: 404
    const other = await deliver([{ ...change(c.externalId, 9002, "x"), portalId: 1 }]);
    expect(other.status).toBe(404);
  });

  it("stale, oversized, malformed, forged and replayed deliveries: the right status, nothing stored or applied", async () => {
    const count = await db.webhookDelivery.count({ where: { connectionId } });
    const failures = async () => (await db.webhookEndpoint.findUnique({ where: { connectionId } }))?.signatureFailures ?? 0;
    const before = await failures();
    const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
    const objectId = (await db.recordLink.findFirstOrThrow({ where: { connectionId } })).externalId!;
    const stale = await deliver([change(objectId, 9201, "Stale")], { timestamp: Date.now() - 3600_000 });
    expect(stale.status).toBe(401);
    expect(await code(stale)).toBe("WEBHOOK_TIMESTAMP_EXPIRED");
    expect((await deliver(JSON.stringify([change(objectId, 9202, "Big")]) + " ".repeat(1024 * 1024))).status).toBe(413);
    const malformed = await deliver(`[{"portalId":${sbx.account.externalId},"subscriptionType":"contact.propertyChange"`);
    expect([400, 422]).toContain(malformed.status);
    const forged = await deliver([change(objectId, 9203, "Forged")], { secret: "not-the-app-secret" });
    expect(forged.status).toBe(401);
    expect(await code(forged)).toBe("WEBHOOK_SIGNATURE_INVALID");
    // HubSpot's v3 signature covers the timestamp, not an id: a re-sent event is a duplicate by its eventId
    const once = [change(objectId, 9204, "Once")];
    expect((await deliver(once)).status).toBe(200);
    const again = await deliver(once);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { deliveries: { duplicate: boolean }[] }).deliveries[0]!.duplicate).toBe(true);
    await h.advanceUntilIdle();
    expect(await db.webhookDelivery.count({ where: { connectionId } })).toBe(count + 1);
    expect(await db.webhookDelivery.count({ where: { connectionId, rawBody: { contains: "Stale" } } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { connectionId, rawBody: { contains: "Forged" } } })).toBe(0);
    expect((await failures()) - before).toBe(2);
  });

  it("the provider failing: retried, failed, then replayed once it is back", async () => {
    const ctx = sandboxConnectionContext({
      provider: hubspot,
      origin: app.origin,
      authKind: "api_key",
      credentials: { accessToken: sbx.apiKey },
    });
    const contacts = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts!;
    const c = await contacts.create!({ email: "flaky@example.test", firstname: "Flaky" });
    await updateSandboxFaults(sbx.account.id, { errorRate: 1 });
    try {
      expect((await deliver([change(c.externalId, 9100, "Flaky")])).status).toBe(200);
      await h.advanceUntilIdle();
    } finally {
      await updateSandboxFaults(sbx.account.id, { errorRate: 0 });
    }
    const row = await db.webhookDelivery.findFirstOrThrow({
      where: { connectionId, providerEventIds: { has: `${sbx.account.externalId}:1:9100` } },
    });
    expect(row).toMatchObject({ status: "failed", attempts: 4 });
    expect(await hubByExternal(connectionId, c.externalId)).toBeNull();
    await replayDelivery(access, row.id);
    await h.advanceUntilIdle();
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "processed" });
    expect((await hubByExternal(connectionId, c.externalId))?.data).toMatchObject({ firstName: "Flaky" });
  });
});
