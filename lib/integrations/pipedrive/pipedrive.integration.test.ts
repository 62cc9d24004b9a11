// Contract tests: the Pipedrive adapter against its sandbox over real HTTP, through lib/http.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthorizeUrl, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createHttpClient, type HttpLogEntry } from "@/lib/http/http-client";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { getRecord, listRecords, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import type { SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";
import type { ProviderClientV1, WebhookVerifyInput } from "@/lib/integrations/types";
import { createPipedriveClient, pipedriveTimestamp } from "@/lib/integrations/pipedrive/client";
import { pipedrive } from "@/lib/integrations/pipedrive/definition";
import { pipedriveSandbox } from "@/lib/integrations/pipedrive/sandbox";
import { pipedriveWebhook } from "@/lib/integrations/pipedrive/webhook";
import { caughtAppError } from "@/lib/testing/caught-app-error";

const SEED = 30;
let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;
let account: TestSandbox["account"];
let client: ProviderClientV1;
const logs: HttpLogEntry[] = [];

function tokenClient(token: string): ProviderClient {
  return createPipedriveClient(
    sandboxConnectionContext({
      provider: pipedrive,
      origin: server.origin,
      authKind: "api_key",
      credentials: { apiToken: token },
      onLog: (e) => logs.push(e),
    }),
  );
}

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("pipedrive", { key: "contract", count: SEED, redirectUris: ["https://switchboard.example/api/oauth/callback"] });
  account = sbx.account;
  client = tokenClient(account.apiKey);
});

afterAll(async () => {
  await server.close();
});

describe("persons", () => {
  it("verifies the API token (x-api-token header) and maps the 401 body", async () => {
    const me = await client.verifyCredentials();
    expect(me.accountName).toBe(account.name);
    expect(logs.every((l) => !l.url.includes(account.apiKey))).toBe(true);
    const err = await caughtAppError(tokenClient("wrong-token").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.["providerError"]).toEqual({ success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" });
  });

  it("sends rate-limit and daily token headers", async () => {
    const res = await fetch(`${server.baseUrl("pipedrive")}/api/v2/persons?limit=1`, { headers: { "x-api-token": account.apiKey } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("80");
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(80);
    expect(res.headers.get("x-ratelimit-reset")).toBe("2");
    expect(Number(res.headers.get("x-daily-ratelimit-token-remaining"))).toBeLessThan(Number(res.headers.get("x-daily-ratelimit-token-limit")));
    const unauth = await fetch(`${server.baseUrl("pipedrive")}/api/v2/persons`);
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get("x-401-by-gw")).toBe("true");
  });

  it("creates (with an organisation), gets, updates, upserts by e-mail and deletes", async () => {
    const created = await client.contacts.create({
      firstName: "Jane",
      lastName: "Doe",
      email: "Jane@Acme.example",
      phone: "+358 40 1234567",
      company: "Acme Oy",
      subscribed: true,
      customFields: { "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b": "Gold" },
    });
    expect(created.fields).toMatchObject({
      firstName: "Jane",
      lastName: "Doe",
      email: "jane@acme.example",
      phone: "+358401234567",
      company: "Acme Oy",
      subscribed: true,
    });
    const stored = await getRecord(account.id, "persons", created.externalId);
    expect(stored?.data).toMatchObject({ name: "Jane Doe", emails: [{ value: "jane@acme.example", primary: true }], marketing_status: "subscribed" });
    const orgs = await listRecords(account.id, "organizations");
    expect(orgs.filter((o) => o.data["name"] === "Acme Oy")).toHaveLength(1);

    // the same company again reuses the organisation
    const second = await client.contacts.create({ firstName: "John", email: "john@acme.example", company: "Acme Oy" });
    expect((await listRecords(account.id, "organizations")).filter((o) => o.data["name"] === "Acme Oy")).toHaveLength(1);
    expect((await getRecord(account.id, "persons", second.externalId))?.data["org_id"]).toBe(stored?.data["org_id"]);

    const updated = await client.contacts.update(created.externalId, { lastName: "Smith", subscribed: false });
    expect(updated.fields).toMatchObject({ firstName: "Jane", lastName: "Smith", email: "jane@acme.example", subscribed: false });

    expect((await client.contacts.get(created.externalId))?.fields.lastName).toBe("Smith");
    expect((await client.contacts.searchByEmail("JANE@acme.example"))?.externalId).toBe(created.externalId);
    expect(await client.contacts.searchByEmail("nobody@nowhere.example")).toBeNull();

    const upserted = await client.contacts.upsert({ email: "jane@acme.example", phone: "+14155550199" });
    expect(upserted).toMatchObject({ created: false, contact: { externalId: created.externalId, fields: { phone: "+14155550199", lastName: "Smith" } } });
    const fresh = await client.contacts.upsert({ email: "new.person@example.com", firstName: "New" });
    expect(fresh.created).toBe(true);

    await client.contacts.delete(created.externalId);
    expect(await client.contacts.get(created.externalId)).toBeNull();
    expect((await getRecord(account.id, "persons", created.externalId, { includeDeleted: true }))?.deleted).toBe(true);
    await expect(client.contacts.delete(created.externalId)).resolves.toBeUndefined();
  });

  it("maps each error shape: 404 not found, 400 validation", async () => {
    const missing = await caughtAppError(client.contacts.update("999999", { firstName: "x" }));
    expect(missing.code).toBe("PROVIDER_NOT_FOUND");
    expect(await client.contacts.get("999999")).toBeNull();

    const raw = await fetch(`${server.baseUrl("pipedrive")}/api/v2/persons/999999`, { headers: { "x-api-token": account.apiKey } });
    expect(raw.status).toBe(404);
    expect(await raw.json()).toMatchObject({ success: false, error: "Person not found", data: null });

    const invalid = await caughtAppError(client.contacts.create({ email: "not an email" as string }));
    expect(invalid.code).toBe("PROVIDER_VALIDATION");
    expect(invalid.details?.["providerError"]).toMatchObject({ success: false, error: "Validation failed: emails: invalid email address" });

    const millis = await fetch(`${server.baseUrl("pipedrive")}/api/v2/persons?updated_since=2025-01-01T10:20:00.123Z`, { headers: { "x-api-token": account.apiKey } });
    expect(millis.status).toBe(400);
    const tooMany = await fetch(`${server.baseUrl("pipedrive")}/api/v2/persons?limit=501`, { headers: { "x-api-token": account.apiKey } });
    expect(tooMany.status).toBe(400);
  });

  it("pages through every person with the cursor, ascending update_time", async () => {
    const all = await listRecords(account.id, "persons");
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let last = -Infinity;
    do {
      const page = await client.contacts.listChangedSince({ since: null, cursor, limit: 7 });
      for (const item of page.items) {
        const t = Date.parse(item.remoteUpdatedAt ?? "");
        expect(t).toBeGreaterThanOrEqual(last);
        last = t;
        seen.push(item.externalId);
        if (item.raw && (item.raw as { org_id?: unknown }).org_id) expect(item.fields.company).toEqual(expect.any(String));
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.length).toBe(all.length);
    expect(new Set(seen).size).toBe(all.length);
  });

  it("filters on updated_since (inclusive, whole seconds)", async () => {
    const base = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
    const target = (await listRecords(account.id, "persons"))[2]!;
    const at = new Date(base);
    await updateRecord({
      account,
      objectType: "persons",
      externalId: target.externalId,
      data: { ...target.data, first_name: "Changed", name: `Changed ${String(target.data["last_name"])}`, update_time: at.toISOString().replace(/\.\d{3}Z$/, "Z") },
      now: at,
      source: { kind: "panel" },
    });
    // a since with milliseconds is floored, not sent as is (Pipedrive would answer 400)
    const page = await client.contacts.listChangedSince({ since: new Date(base + 400).toISOString(), cursor: null });
    expect(page.items.map((p) => p.externalId)).toEqual([target.externalId]);
    expect(page.items[0]?.fields.firstName).toBe("Changed");
    expect(pipedriveTimestamp("2025-01-01T10:20:00.999Z")).toBe("2025-01-01T10:20:00Z");
  });

  it("turns a forced 429 into RATE_LIMITED with Retry-After, and 5xx into PROVIDER_UNAVAILABLE", async () => {
    await updateSandboxFaults(account.id, { forceRateLimit: true, retryAfterSeconds: 7 });
    try {
      const err = await caughtAppError(client.contacts.get("1"));
      expect(err.code).toBe("RATE_LIMITED");
      expect(err.details?.["retryAfterMs"]).toBe(7000);
      expect(err.details?.["providerError"]).toMatchObject({ success: false, errorCode: 429 });
    } finally {
      await updateSandboxFaults(account.id, { forceRateLimit: false });
    }
    await updateSandboxFaults(account.id, { errorRate: 1 });
    try {
      expect((await caughtAppError(client.contacts.get("1"))).code).toBe("PROVIDER_UNAVAILABLE");
    } finally {
      await updateSandboxFaults(account.id, { errorRate: 0 });
    }
  });

  it("classifies a Cloudflare HTML 403 as a rate limit", () => {
    const kind = pipedrive.classifyError!({ status: 403, headers: new Headers(), text: "<html>Attention Required! | Cloudflare</html>", json: undefined });
    expect(kind).toBe("rate_limited");
    expect(pipedrive.classifyError!({ status: 403, headers: new Headers(), text: "{}", json: {} })).toBeUndefined();
  });
});

describe("OAuth", () => {
  it("authorize -> code -> tokens with api_domain -> refresh (Basic client auth)", async () => {
    const app = sbx.app!;
    const http = createHttpClient({ provider: "pipedrive", allowedOrigins: [server.origin] });
    const urlInput = { environment: "sandbox" as const, appUrl: server.origin, config: {} };
    const redirectUri = "https://switchboard.example/api/oauth/callback";
    const authorizeUrl = buildAuthorizeUrl(pipedrive.oauth2!, { ...urlInput, clientId: app.clientId, redirectUri, state: "xyz" });
    expect(authorizeUrl.startsWith(`${server.origin}/sandbox/pipedrive/oauth/authorize?`)).toBe(true);
    expect(new URL(authorizeUrl).searchParams.has("scope")).toBe(false);
    const params = new URL(authorizeUrl).searchParams;
    params.set("decision", "allow");
    params.set("account_id", account.id);
    const consent = await fetch(authorizeUrl.split("?")[0]!, { method: "POST", body: params.toString(), headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: sbx.userId }, redirect: "manual" });
    expect(consent.status).toBe(302);
    const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;

    const tokens = await exchangeCode(http, pipedrive.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, code, redirectUri });
    expect(tokens.metadata["api_domain"]).toBe(server.baseUrl("pipedrive"));
    expect(tokens.scope).toBe("base,contacts:full");
    expect(Date.parse(tokens.expiresAt!) - Date.now()).toBeLessThan(3_600_000);

    const oauthClient = createPipedriveClient(
      sandboxConnectionContext({
        provider: pipedrive,
        origin: server.origin,
        authKind: "oauth2",
        credentials: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
        metadata: tokens.metadata,
        client: { clientId: app.clientId, clientSecret: app.clientSecret },
      }),
    );
    expect((await oauthClient.verifyCredentials()).accountName).toBe(account.name);
    // the API token is not a bearer token
    const bearerApiKey = await fetch(`${server.baseUrl("pipedrive")}/api/v1/users/me`, { headers: { authorization: `Bearer ${account.apiKey}` } });
    expect(bearerApiKey.status).toBe(401);

    const refreshed = await refreshTokens(http, pipedrive.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: tokens.refreshToken! });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    const badClient = await caughtAppError(refreshTokens(http, pipedrive.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: "nope", refreshToken: tokens.refreshToken! }));
    expect(badClient.code).toBe("TOKEN_REFRESH_FAILED");
  });
});

describe("webhooks", () => {
  it("registers a person webhook; deliveries carry Basic auth and v2 payloads that verify and parse", async () => {
    await flushSandboxWebhooks();
    const receiver = await startWebhookReceiver();
    try {
      const secret = "generated-connection-secret";
      const { externalId } = await client.webhooks!.register({ targetUrl: receiver.url("/api/webhooks/pipedrive/c1"), secret });
      expect(externalId).toMatch(/^\d+$/);

      const created = await client.contacts.create({ firstName: "Hook", lastName: "Person", email: "hook@example.com" });
      await client.contacts.update(created.externalId, { lastName: "Changed" });
      await client.contacts.delete(created.externalId);
      const received = await receiver.waitFor(3);
      expect(received).toHaveLength(3);

      const input = (r: (typeof received)[number], connectionSecret: string | null = secret): WebhookVerifyInput => ({
        method: r.method,
        url: r.url,
        headers: r.headers,
        rawBody: r.body,
        now: new Date(),
        connectionSecret,
        appSecret: null,
        config: {},
        credentials: {},
        metadata: {},
        environment: "sandbox",
      });
      for (const r of received) {
        expect(await pipedriveWebhook.verify(input(r))).toEqual({ ok: true });
        expect((await pipedriveWebhook.verify(input(r, "other-secret"))).ok).toBe(false);
      }
      const events = received.flatMap((r) => pipedriveWebhook.parse(r.body));
      expect(events.map((e) => [e.object, e.action, e.externalId])).toEqual([
        ["contact", "created", created.externalId],
        ["contact", "updated", created.externalId],
        ["contact", "deleted", created.externalId],
      ]);
      expect(events[1]?.fields).toMatchObject({ firstName: "Hook", lastName: "Changed", email: "hook@example.com" });
      const change = JSON.parse(received[1]!.body) as { previous: Record<string, unknown>; meta: { version: string; entity: string } };
      expect(change.meta).toMatchObject({ version: "2.0", entity: "person" });
      expect(change.previous).toMatchObject({ last_name: "Person" });
      expect(new Set(events.map((e) => e.providerEventId)).size).toBe(3);

      await client.webhooks!.unregister(externalId);
      await client.contacts.create({ firstName: "After", email: "after@example.com" });
      await flushSandboxWebhooks();
      expect(receiver.received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });
});
