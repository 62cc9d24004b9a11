// Contract tests: the Loops adapter against its sandbox over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoopsClient } from "@/lib/integrations/loops/client";
import { loops } from "@/lib/integrations/loops/definition";
import { SANDBOX_MAILING_LISTS } from "@/lib/integrations/loops/sandbox";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import { caughtAppError } from "@/lib/testing/caught-app-error";

const SIGNING_SECRET = "whsec_" + Buffer.from("loops-sandbox-test-signing-key!!").toString("base64");

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let client: ReturnType<typeof createLoopsClient>;

const clientFor = (apiKey: string) =>
  createLoopsClient(
    sandboxConnectionContext({ provider: loops, origin: server.origin, authKind: "api_key", credentials: { apiKey, webhookSigningSecret: SIGNING_SECRET } }),
  );

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("loops", { key: "t1", count: 12 })).account;
  client = clientFor(account.apiKey);
});

afterAll(async () => {
  await server.close();
});

describe("Loops adapter <-> sandbox", () => {
  it("tests the API key, and rejects a bad one with Loops' 401 body", async () => {
    await expect(client.verifyCredentials()).resolves.toEqual({ accountId: "Sandbox team (t1)", accountName: "Sandbox team (t1)" });
    const err = await caughtAppError(clientFor("bad-key").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.status).toBe(401);
    expect(err.details?.providerError).toEqual({ error: "Invalid API key" });
  });

  it("creates, finds, updates (upsert) and deletes by e-mail", async () => {
    const created = await client.contacts.create({ email: "ann@example.com", firstName: "Ann", subscribed: true, customFields: { plan: "pro", seats: 3 } });
    expect(created.fields).toMatchObject({ email: "ann@example.com", firstName: "Ann", subscribed: true, customFields: { plan: "pro", seats: 3 } });
    const stored = (await listRecords(account.id, "contacts")).find((r) => r.externalId === created.externalId);
    expect(stored?.data).toMatchObject({ email: "ann@example.com", plan: "pro", seats: 3, source: "API" });

    const dup = await caughtAppError(client.contacts.create({ email: "ann@example.com" }));
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect(dup.details?.providerError).toEqual({ success: false, message: "Email or `userId` already exists." });

    const updated = await client.contacts.update(created.externalId, { email: "ann@example.com", lastName: "Lee", subscribed: false });
    expect(updated.externalId).toBe(created.externalId);
    expect(updated.fields).toMatchObject({ lastName: "Lee", subscribed: false, firstName: "Ann" });

    const again = await client.contacts.upsert({ email: "ann@example.com", firstName: "Annie" });
    expect(again).toMatchObject({ created: false, contact: { externalId: created.externalId, fields: { firstName: "Annie" } } });
    const fresh = await client.contacts.upsert({ email: "new@example.com", firstName: "New" });
    expect(fresh.created).toBe(true);

    expect((await client.contacts.searchByEmail("ANN@example.com"))?.externalId).toBe(created.externalId);
    expect(await client.contacts.get("ann@example.com")).toMatchObject({ externalId: created.externalId });
    expect(await client.contacts.searchByEmail("nobody@example.com")).toBeNull();

    await client.contacts.delete("ann@example.com");
    expect(await client.contacts.searchByEmail("ann@example.com")).toBeNull();
    await expect(client.contacts.delete("ann@example.com")).resolves.toBeUndefined();
  });

  it("reports Loops' 400 bodies and refuses what the API cannot do", async () => {
    const bad = await caughtAppError(client.contacts.create({ email: "not-an-email" } as never));
    expect(bad.code).toBe("PROVIDER_VALIDATION");
    expect(bad.details?.providerError).toEqual({ success: false, message: "Invalid email address." });
    await expect(client.contacts.listChangedSince({ since: null, cursor: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(client.contacts.get("cm123")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("sends x-ratelimit headers, and 429 with Retry-After when limited", async () => {
    await client.verifyCredentials();
    const ctx = sandboxConnectionContext({ provider: loops, origin: server.origin, authKind: "api_key", credentials: { apiKey: account.apiKey } });
    const res = await ctx.http.request({ url: `${ctx.baseUrl}/v1/api-key`, headers: { authorization: `Bearer ${account.apiKey}` } });
    expect(res.headers.get("x-ratelimit-limit")).toBe("10");
    expect(res.rateLimit).toMatchObject({ limit: 10 });
    await updateSandboxFaults(account.id, { forceRateLimit: true, retryAfterSeconds: 3 });
    try {
      const err = await caughtAppError(client.contacts.searchByEmail("a@b.co"));
      expect(err.code).toBe("RATE_LIMITED");
      expect(err.details?.retryAfterMs).toBe(3000);
      expect(err.details?.rateLimit).toMatchObject({ limit: 10, remaining: 0 });
    } finally {
      await updateSandboxFaults(account.id, { forceRateLimit: false });
    }
  });

  it("delivers Standard Webhooks that our verifier accepts and parses", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "loops", accountId: account.id, url: receiver.url("/api/webhooks/loops/c1"), secret: SIGNING_SECRET });
      const made = await client.contacts.create({ email: "hook@example.com", firstName: "Hook" });
      await client.contacts.update(made.externalId, { email: "hook@example.com", firstName: "Renamed" }); // Loops sends nothing for this
      await client.contacts.update(made.externalId, { email: "hook@example.com", subscribed: false });
      const received = await receiver.waitFor(2);
      expect(received.map((r) => (JSON.parse(r.body) as { eventName: string }).eventName)).toEqual(["contact.created", "contact.unsubscribed"]);
      for (const r of received) {
        const input = {
          environment: "sandbox" as const, method: r.method, url: r.url, headers: r.headers, rawBody: r.body, now: new Date(),
          connectionSecret: null, appSecret: null, config: {}, credentials: { webhookSigningSecret: SIGNING_SECRET }, metadata: {},
        };
        expect(await loops.webhookHandler.verify(input)).toEqual({ ok: true });
        const tampered = await loops.webhookHandler.verify({ ...input, rawBody: r.body.replace("hook@", "hack@") });
        expect(tampered.ok).toBe(false);
      }
      const events = received.flatMap((r) => loops.webhookHandler.parse(r.body, { headers: r.headers }));
      expect(events).toMatchObject([
        { action: "created", externalId: made.externalId, fields: { email: "hook@example.com", firstName: "Hook" } },
        { action: "unsubscribed", externalId: made.externalId, fields: { subscribed: false } },
      ]);
      expect(events[0]?.providerEventId).toBe(received[0]?.headers.get("webhook-id"));
      expect(SANDBOX_MAILING_LISTS.length).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  });
});
