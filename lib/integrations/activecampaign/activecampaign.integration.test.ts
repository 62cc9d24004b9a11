// Contract tests: the ActiveCampaign adapter against its sandbox over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activecampaign } from "@/lib/integrations/activecampaign/definition";
import { createActiveCampaignClient } from "@/lib/integrations/activecampaign/client";
import { acDate } from "@/lib/integrations/activecampaign/sandbox";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { getRecord, listRecords, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, type ReceivedRequest } from "@/lib/integrations/sandbox/test-server";
import type { WebhookVerifyInput } from "@/lib/integrations/types";
import { caughtAppError } from "@/lib/testing/caught-app-error";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let client: ReturnType<typeof createActiveCampaignClient>;

function clientFor(apiToken: string, config: Record<string, unknown> = { accountUrl: "https://sandbox.api-us1.com" }) {
  const ctx = sandboxConnectionContext({ provider: activecampaign, origin: server.origin, authKind: "api_key", credentials: { apiToken }, config });
  return createActiveCampaignClient(ctx);
}

function verifyInput(r: ReceivedRequest, connectionSecret: string): WebhookVerifyInput {
  return { environment: "sandbox", method: r.method, url: r.url, headers: r.headers, rawBody: r.body, now: new Date(), connectionSecret, appSecret: null, config: {}, credentials: {}, metadata: {} };
}

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("activecampaign", { key: "t1", count: 23 })).account;
  client = clientFor(account.apiKey, { accountUrl: "https://sandbox.api-us1.com", listId: "" });
});

afterAll(async () => {
  await server.close();
});

describe("ActiveCampaign adapter <-> sandbox", () => {
  it("verifies credentials, and rejects a wrong token with AC's 403", async () => {
    await expect(client.verifyCredentials()).resolves.toMatchObject({ accountId: "sandbox", metadata: { userId: "1" } });
    const err = await caughtAppError(clientFor("wrong").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.status).toBe(403);
    expect(JSON.stringify(err.details?.providerError)).toContain("You are not authorized to access this resource");
  });

  it("pages through every contact in ascending udate order", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let last = "";
    do {
      const page = await client.contacts.listChangedSince({ since: null, cursor, limit: 10 });
      for (const c of page.items) {
        seen.push(c.externalId);
        expect((c.remoteUpdatedAt ?? "") >= last).toBe(true);
        last = c.remoteUpdatedAt ?? last;
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const stored = await listRecords(account.id, "contacts");
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(stored.length);
    expect(stored.length).toBe(23);
  });

  it("lists only contacts changed since a time (filters[updated_after])", async () => {
    const [target] = await listRecords(account.id, "contacts");
    const now = new Date(Date.now() + 60_000);
    await updateRecord({
      account,
      objectType: "contacts",
      externalId: target!.externalId,
      data: { ...target!.data, firstName: "Changed", udate: acDate(now) },
      now,
      source: { kind: "panel" },
    });
    const page = await client.contacts.listChangedSince({ since: new Date(now.getTime() - 1000).toISOString(), cursor: null });
    expect(page.items.map((c) => c.externalId)).toEqual([target!.externalId]);
    expect(page.items[0]?.fields.firstName).toBe("Changed");
    expect(page.nextCursor).toBeNull();
  });

  it("creates, reads with tags and custom fields, updates, searches and deletes", async () => {
    const created = await client.contacts.create({
      email: "ann.lee@example.com",
      firstName: "Ann",
      lastName: "Lee",
      phone: "+14155550123",
      tags: ["vip", "Brand New Tag"],
      customFields: { PLAN: "Pro" },
    });
    expect(created.fields).toMatchObject({ email: "ann.lee@example.com", firstName: "Ann", customFields: { PLAN: "Pro" } });
    expect(created.fields.tags?.sort()).toEqual(["Brand New Tag", "vip"]);
    const stored = await getRecord(account.id, "contacts", created.externalId);
    expect(stored?.data.email).toBe("ann.lee@example.com");

    const dup = await caughtAppError(client.contacts.create({ email: "ann.lee@example.com" }));
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect(dup.details?.status).toBe(422);

    const updated = await client.contacts.update(created.externalId, { lastName: "Li", tags: ["vip"] });
    expect(updated.fields).toMatchObject({ lastName: "Li", tags: ["vip"], firstName: "Ann" });

    const found = await client.contacts.searchByEmail("ANN.LEE@example.com");
    expect(found?.externalId).toBe(created.externalId);
    expect(await client.contacts.searchByEmail("nobody@example.com")).toBeNull();

    await client.contacts.delete(created.externalId);
    expect(await client.contacts.get(created.externalId)).toBeNull();
    expect(await getRecord(account.id, "contacts", created.externalId)).toBeNull();
  });

  it("upserts through contact/sync: creates once, then updates the same contact", async () => {
    const first = await client.contacts.upsert({ email: "sync.me@example.com", firstName: "Sync" });
    expect(first.created).toBe(true);
    await new Promise((r) => setTimeout(r, 1100)); // AC dates have one-second precision
    const second = await client.contacts.upsert({ email: "sync.me@example.com", firstName: "Synced" });
    expect(second.created).toBe(false);
    expect(second.contact.externalId).toBe(first.contact.externalId);
    expect((await getRecord(account.id, "contacts", first.contact.externalId))?.data.firstName).toBe("Synced");
  });

  it("reports AC's validation and not-found errors", async () => {
    const [someone] = await listRecords(account.id, "contacts");
    const invalid = await caughtAppError(client.contacts.update(someone!.externalId, { email: "not-an-email" } as never));
    expect(invalid.code).toBe("PROVIDER_VALIDATION");
    expect(JSON.stringify(invalid.details?.providerError)).toContain("email_invalid");
    const missing = await caughtAppError(client.contacts.update("999999", { firstName: "X" }));
    expect(missing.code).toBe("PROVIDER_NOT_FOUND");
    expect(JSON.stringify(missing.details?.providerError)).toContain("No Result found for Subscriber with id 999999");
  });

  it("answers a forced rate limit with 429 and Retry-After", async () => {
    await updateSandboxFaults(account.id, { forceRateLimit: true, retryAfterSeconds: 7 });
    try {
      const err = await caughtAppError(client.contacts.get("1"));
      expect(err.code).toBe("RATE_LIMITED");
      expect(err.details?.status).toBe(429);
      expect(err.details?.retryAfterMs).toBe(7000);
    } finally {
      await updateSandboxFaults(account.id, { forceRateLimit: false });
    }
  });

  it("registers a webhook and delivers form-encoded events that our verifier accepts", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const secret = "conn-secret-123";
      const { externalId } = await client.webhooks!.register({ targetUrl: receiver.url("/api/webhooks/activecampaign/c1"), secret });
      expect(externalId).toMatch(/^\d+$/);
      const created = await client.contacts.create({ email: "hook@example.com", firstName: "Hook" });
      await client.contacts.update(created.externalId, { firstName: "Hooked", tags: ["lead"] });
      const received = await receiver.waitFor(3);
      const types = received.map((r) => new URLSearchParams(r.body).get("type"));
      expect(types).toEqual(expect.arrayContaining(["subscribe", "update", "contact_tag_added"]));
      for (const r of received) {
        expect(r.headers.get("content-type")).toContain("application/x-www-form-urlencoded");
        expect(await activecampaign.webhookHandler.verify(verifyInput(r, secret))).toEqual({ ok: true });
        expect((await activecampaign.webhookHandler.verify(verifyInput(r, "other"))).ok).toBe(false);
      }
      const update = received.find((r) => new URLSearchParams(r.body).get("type") === "update")!;
      const [event] = activecampaign.webhookHandler.parse(update.body);
      expect(event).toMatchObject({ object: "contact", action: "updated", externalId: created.externalId, fields: { firstName: "Hooked", email: "hook@example.com" } });
      await client.webhooks!.unregister(externalId);
    } finally {
      await receiver.close();
    }
  });
});
