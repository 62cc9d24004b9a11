// Contract tests: the template-driven Custom REST client against the Generic CRM sandbox over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "@/lib/http/http-client";
import { createCustomRestClient } from "@/lib/integrations/custom-rest/client";
import { customRest } from "@/lib/integrations/custom-rest/definition";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";
import type { CustomRestTemplateInput } from "@/lib/integrations/custom-rest/template";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { getRecord, listRecords, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import { caughtAppError } from "@/lib/testing/caught-app-error";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let template: CustomRestTemplateInput;

function clientFor(t: CustomRestTemplateInput, apiSecret = account.apiKey, extraConfig: Record<string, unknown> = {}) {
  return createCustomRestClient(
    sandboxConnectionContext({ provider: customRest, origin: server.origin, authKind: "api_key", credentials: { apiSecret }, config: { template: t, ...extraConfig } }),
  );
}

async function listAll(client: ReturnType<typeof createCustomRestClient>, since: string | null = null, limit?: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await client.contacts.listChangedSince({ since, cursor, ...(limit ? { limit } : {}) });
    ids.push(...page.items.map((i) => i.externalId));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("custom-rest", { key: "t1", count: 23 })).account;
  template = exampleTemplate(`${server.baseUrl("custom-rest")}/api`);
});

afterAll(async () => {
  await server.close();
});

describe("Custom REST client <-> Generic CRM sandbox", () => {
  it("verifies with the example template and rejects a wrong key", async () => {
    await expect(clientFor(template).verifyCredentials()).resolves.toMatchObject({ accountName: "Generic CRM (sandbox)" });
    const err = await caughtAppError(clientFor(template, "wrong").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.providerError).toEqual({ error: { code: "unauthorized", message: "The API key is not valid." } });
  });

  it.each([
    ["cursor", { style: "cursor", cursorParam: "cursor", sizeParam: "limit", pageSize: 10, nextCursorPath: "meta.next_cursor" }],
    ["page", { style: "page", pageParam: "page", sizeParam: "per_page", pageSize: 10, firstPage: 1 }],
    ["offset", { style: "offset", offsetParam: "offset", limitParam: "limit", pageSize: 10 }],
    ["link header", { style: "link_header", sizeParam: "limit", pageSize: 10 }],
  ] as const)("pages to the end with %s paging", async (_name, pagination) => {
    const { ids, pages } = await listAll(clientFor({ ...template, pagination }));
    const stored = await listRecords(account.id, "contacts");
    expect(pages).toBe(Math.ceil(stored.length / 10));
    expect(new Set(ids).size).toBe(stored.length);
  });

  it.each([
    ["an API-key header", { kind: "api_key_header", header: "X-API-Key" }, {}],
    ["Basic auth", { kind: "basic" }, { username: "api" }],
  ] as const)("authenticates with %s", async (_name, auth, config) => {
    await expect(clientFor({ ...template, auth }, account.apiKey, config).contacts.listChangedSince({ since: null, cursor: null, limit: 1 })).resolves.toMatchObject({
      items: [expect.objectContaining({ externalId: expect.any(String) })],
    });
  });

  it("filters with the modified-since parameter", async () => {
    const [target] = await listRecords(account.id, "contacts");
    const now = new Date(Date.now() + 60_000);
    await updateRecord({ account, objectType: "contacts", externalId: target!.externalId, data: { ...target!.data, first_name: "Changed", updated_at: now.toISOString() }, now, source: { kind: "panel" } });
    const { ids } = await listAll(clientFor(template), new Date(now.getTime() - 1).toISOString());
    expect(ids).toEqual([target!.externalId]);
  });

  it("creates, gets, searches, updates, upserts and deletes through the template's paths", async () => {
    const client = clientFor(template);
    const created = await client.contacts.create({ email: "ann@example.com", firstName: "Ann", company: "Acme", leadStatus: "qualified", tags: ["vip"], subscribed: true, customFields: { plan: "pro" } });
    expect(created.fields).toMatchObject({ email: "ann@example.com", firstName: "Ann", company: "Acme", leadStatus: "qualified", tags: ["vip"], subscribed: true });
    expect((await getRecord(account.id, "contacts", created.externalId))?.data).toMatchObject({ first_name: "Ann", company: { name: "Acme" }, status: "qualified", custom: { plan: "pro" } });

    const dup = await caughtAppError(client.contacts.create({ email: "ann@example.com" }));
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect(dup.details?.providerError).toMatchObject({ error: { code: "duplicate_email" } });

    const bad = await caughtAppError(client.contacts.update(created.externalId, { email: "nope" } as never));
    expect(bad.code).toBe("PROVIDER_VALIDATION");
    expect(bad.details?.providerError).toMatchObject({ error: { code: "validation_failed", details: { fields: { email: expect.any(String) } } } });

    const updated = await client.contacts.update(created.externalId, { leadStatus: "won", lastName: "Lee" });
    expect(updated.fields).toMatchObject({ leadStatus: "won", lastName: "Lee", firstName: "Ann" });
    expect((await getRecord(account.id, "contacts", created.externalId))?.data.status).toBe("customer");

    expect((await client.contacts.searchByEmail("ANN@example.com"))?.externalId).toBe(created.externalId);
    expect(await client.contacts.upsert({ email: "ann@example.com", firstName: "Annie" })).toMatchObject({ created: false, contact: { externalId: created.externalId } });
    expect((await client.contacts.upsert({ email: "bo@example.com" })).created).toBe(true);

    await client.contacts.delete(created.externalId);
    expect(await client.contacts.get(created.externalId)).toBeNull();
    await expect(client.contacts.delete(created.externalId)).resolves.toBeUndefined();
  });

  it("maps a forced 429 to RATE_LIMITED with Retry-After", async () => {
    await updateSandboxFaults(account.id, { forceRateLimit: true, retryAfterSeconds: 9 });
    try {
      const err = await caughtAppError(clientFor(template).contacts.get("1001"));
      expect(err.code).toBe("RATE_LIMITED");
      expect(err.details?.retryAfterMs).toBe(9000);
    } finally {
      await updateSandboxFaults(account.id, { forceRateLimit: false });
    }
  });

  it("refuses a tenant base URL on a private or loopback address (SSRF guard)", async () => {
    const ctx = sandboxConnectionContext({ provider: customRest, origin: server.origin, authKind: "api_key", credentials: { apiSecret: "k" }, config: { template } });
    // the product's client: no allow-list (sandboxes off), so the guard applies to every host
    const guarded = { ...ctx, http: createHttpClient({ provider: "custom-rest" }) };
    for (const baseUrl of [`${server.baseUrl("custom-rest")}/api`, "http://169.254.169.254/latest", "http://10.0.0.7/api"]) {
      const client = createCustomRestClient({ ...guarded, config: { template: { ...template, baseUrl } } });
      const err = await caughtAppError(client.contacts.get("1"));
      expect(err.code).toBe("SSRF_BLOCKED");
    }
  });

  it("delivers webhooks signed as the template says, verified and parsed by our handler", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "custom-rest", accountId: account.id, url: receiver.url("/api/webhooks/custom-rest/c1"), secret: "whk_secret" });
      const made = await clientFor(template).contacts.create({ email: "hook@example.com", firstName: "Hook" });
      const [delivery] = await receiver.waitFor(1);
      const input = {
        environment: "sandbox" as const, method: "POST", url: delivery!.url, headers: delivery!.headers, rawBody: delivery!.body, now: new Date(),
        connectionSecret: null, appSecret: null, config: { template }, credentials: { apiSecret: "x", webhookSecret: "whk_secret" }, metadata: {},
      };
      expect(await customRest.webhookHandler.verify(input)).toEqual({ ok: true });
      expect((await customRest.webhookHandler.verify({ ...input, credentials: { webhookSecret: "other" } })).ok).toBe(false);
      expect(customRest.webhookHandler.parse(delivery!.body, { config: { template } })).toMatchObject([
        { action: "created", externalId: made.externalId, fields: { email: "hook@example.com", firstName: "Hook" } },
      ]);
    } finally {
      await receiver.close();
    }
  });
});
