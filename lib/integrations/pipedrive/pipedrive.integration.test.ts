// Pipedrive's own tests against its sandbox over real HTTP, through lib/http: what the shared contract
// suite (lib/integrations/contract.integration.test.ts) does not cover — the x-api-token header, rate-limit
// and daily-token headers, query formats Pipedrive refuses, organisations behind org_name, OAuth with
// api_domain and Basic client auth, and webhooks registered over the API with Basic credentials.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthorizeUrl, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createHttpClient, type HttpLogEntry } from "@/lib/http/http-client";
import { getRecord, listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import type { ConnectionContext, WebhookVerifyInput } from "@/lib/integrations/types";
import { createPipedriveClient, pipedriveTimestamp, type PipedriveClient } from "@/lib/integrations/pipedrive/client";
import { pipedrive } from "@/lib/integrations/pipedrive/definition";
import type { PipedriveConfig, PipedriveCredentials } from "@/lib/integrations/pipedrive/settings";
import { pipedriveWebhook } from "@/lib/integrations/pipedrive/webhook";
import { caughtAppError } from "@/lib/testing/caught-app-error";

const SEED = 30;
let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;
let account: TestSandbox["account"];
let client: PipedriveClient;
const logs: HttpLogEntry[] = [];

/** The test context is untyped (any provider); the definition's schemas produce exactly this shape. */
const typed = (ctx: ConnectionContext) => ctx as ConnectionContext<PipedriveConfig, PipedriveCredentials>;

function tokenClient(token: string): PipedriveClient {
  return createPipedriveClient(typed(sandboxConnectionContext({ provider: pipedrive, origin: server.origin, authKind: "api_key", credentials: { apiToken: token }, onLog: (e) => logs.push(e) })));
}

const api = (path: string) => `${server.baseUrl("pipedrive")}${path}`;

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("pipedrive", { key: "pd", count: SEED, redirectUris: ["https://switchboard.example/api/oauth/callback"] });
  account = sbx.account;
  client = tokenClient(account.apiKey);
});

afterAll(async () => {
  await server.close();
});

describe("API surface", () => {
  it("sends the API token as x-api-token (never in the URL), names the company, and maps the 401 body", async () => {
    const me = await client.verifyCredentials();
    expect(me).toMatchObject({ accountId: account.externalId, accountName: account.name });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((l) => !l.url.includes(account.apiKey))).toBe(true);
    const err = await caughtAppError(tokenClient("wrong-token").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.["providerError"]).toEqual({ success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" });
  });

  it("answers with burst and daily-token rate-limit headers; a missing token gets the gateway's 401", async () => {
    const res = await fetch(api("/api/v2/persons?limit=1"), { headers: { "x-api-token": account.apiKey } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("80");
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(80);
    expect(res.headers.get("x-ratelimit-reset")).toBe("2");
    expect(Number(res.headers.get("x-daily-ratelimit-token-remaining"))).toBeLessThan(Number(res.headers.get("x-daily-ratelimit-token-limit")));
    const unauth = await fetch(api("/api/v2/persons"));
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get("x-401-by-gw")).toBe("true");
  });

  it("refuses what Pipedrive refuses: fractional seconds, limit over 500, more than 100 ids, a malformed recents timestamp", async () => {
    const headers = { "x-api-token": account.apiKey };
    const millis = await fetch(api("/api/v2/persons?updated_since=2025-01-01T10:20:00.123Z"), { headers });
    expect(millis.status).toBe(400);
    expect(await millis.json()).toMatchObject({ success: false, code: "ERR_SCHEMA_VALIDATION_FAILED" });
    expect((await fetch(api("/api/v2/persons?limit=501"), { headers })).status).toBe(400);
    const ids = Array.from({ length: 101 }, (_, i) => i + 1).join(",");
    expect((await fetch(api(`/api/v2/persons?ids=${ids}`), { headers })).status).toBe(400);
    expect((await fetch(api("/api/v1/recents?since_timestamp=2025-01-01T10:20:00Z&items=person"), { headers })).status).toBe(400);
    // the adapter floors instead of sending milliseconds
    expect(pipedriveTimestamp("2025-01-01T10:20:00.999Z")).toBe("2025-01-01T10:20:00Z");
  });

  it("classifies a Cloudflare HTML 403 as a rate limit, not as bad credentials", () => {
    expect(pipedrive.classifyError!({ status: 403, headers: new Headers(), text: "<html>Attention Required! | Cloudflare</html>", json: undefined })).toBe("rate_limited");
    expect(pipedrive.classifyError!({ status: 403, headers: new Headers(), text: "{}", json: {} })).toBeUndefined();
  });
});

describe("persons and organisations", () => {
  it("reads org_name for every person with an organisation", async () => {
    const orgs = new Map((await listRecords(account.id, "organizations")).map((o) => [Number(o.externalId), String(o.data["name"])]));
    const page = await client.objects.persons.listAll!({ cursor: null, limit: SEED });
    const withOrg = page.items.filter((r) => typeof r.fields["org_id"] === "number");
    expect(withOrg.length).toBeGreaterThan(0);
    for (const r of withOrg) expect(r.fields["org_name"], r.externalId).toBe(orgs.get(r.fields["org_id"] as number));
    for (const r of page.items.filter((x) => x.fields["org_id"] === null)) expect(r.fields["org_name"]).toBeNull();
  });

  it("writing org_name finds the organisation by exact name or creates it once", async () => {
    const named = async () => (await listRecords(account.id, "organizations")).filter((o) => o.data["name"] === "Acme Oy");
    expect(await named()).toHaveLength(0);
    const jane = await client.objects.persons.create!({ first_name: "Jane", last_name: "Doe", email: "Jane@Acme.example", org_name: "Acme Oy" });
    expect(jane.fields).toMatchObject({ email: "jane@acme.example", org_name: "Acme Oy" });
    const john = await client.objects.persons.create!({ first_name: "John", email: "john@acme.example", org_name: "Acme Oy" });
    const orgs = await named();
    expect(orgs).toHaveLength(1);
    expect(john.fields["org_id"]).toBe(Number(orgs[0]!.externalId));
    // a second e-mail stays when the primary one changes
    await client.objects.persons.update!(jane.externalId, { emails: [{ value: "jane@acme.example", primary: true, label: "work" }, { value: "jd@home.example", primary: false, label: "home" }] });
    const moved = await client.objects.persons.update!(jane.externalId, { email: "jane.doe@acme.example", org_name: null });
    expect(moved.fields).toMatchObject({ email: "jane.doe@acme.example", org_id: null, org_name: null });
    expect((await getRecord(account.id, "persons", jane.externalId))?.data["emails"]).toEqual([
      { value: "jane.doe@acme.example", primary: true, label: "work" },
      { value: "jd@home.example", primary: false, label: "home" },
    ]);
    expect((await caughtAppError(client.objects.persons.update!(jane.externalId, { favourite: "x" }))).code).toBe("PROVIDER_VALIDATION");
  });
});

describe("OAuth", () => {
  it("authorize (no scope in the URL) -> code -> tokens with api_domain -> refresh with Basic client auth", async () => {
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
      typed(
        sandboxConnectionContext({
          provider: pipedrive,
          origin: server.origin,
          authKind: "oauth2",
          credentials: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
          metadata: tokens.metadata,
          client: { clientId: app.clientId, clientSecret: app.clientSecret },
        }),
      ),
    );
    expect((await oauthClient.verifyCredentials()).accountName).toBe(account.name);
    // the API token is not a bearer token
    expect((await fetch(api("/api/v1/users/me"), { headers: { authorization: `Bearer ${account.apiKey}` } })).status).toBe(401);

    const refreshed = await refreshTokens(http, pipedrive.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: tokens.refreshToken! });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    const badClient = await caughtAppError(refreshTokens(http, pipedrive.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: "nope", refreshToken: tokens.refreshToken! }));
    expect(badClient.code).toBe("TOKEN_REFRESH_FAILED");
  });
});

describe("webhooks", () => {
  it("registers a person webhook; deliveries carry Basic auth and v2 payloads that verify and parse; unregistering stops them", async () => {
    await flushSandboxWebhooks();
    const receiver = await startWebhookReceiver();
    try {
      const secret = "generated-connection-secret";
      const { externalId } = await client.webhooks!.register({ targetUrl: receiver.url("/api/webhooks/pipedrive/c1"), secret });
      expect(externalId).toMatch(/^\d+$/);

      const created = await client.objects.persons.create!({ first_name: "Hook", last_name: "Person", email: "hook@example.com", org_name: "Hook Org" });
      await client.objects.persons.update!(created.externalId, { last_name: "Changed" });
      const received = await receiver.waitFor(2);

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
      const changes = (await Promise.all(received.map((r) => pipedriveWebhook.parse({ rawBody: r.body, headers: r.headers, config: {}, metadata: {} })))).flat();
      expect(changes.map((e) => [e.object, e.action, e.externalId])).toEqual([
        ["persons", "created", created.externalId],
        ["persons", "updated", created.externalId],
      ]);
      expect(changes[1]?.fields).toMatchObject({ first_name: "Hook", last_name: "Changed", email: "hook@example.com" });
      // with a client, the person is read back: org_name comes with it (payloads carry only org_id)
      const withClient = await pipedriveWebhook.parse({ rawBody: received[0]!.body, headers: received[0]!.headers, config: {}, metadata: {}, client });
      expect(withClient[0]?.record?.fields).toMatchObject({ first_name: "Hook", org_name: "Hook Org" });
      expect(changes[0]?.fields).not.toHaveProperty("org_name");
      const change = JSON.parse(received[1]!.body) as { previous: Record<string, unknown>; meta: { version: string; entity: string } };
      expect(change.meta).toMatchObject({ version: "2.0", entity: "person" });
      expect(change.previous).toMatchObject({ last_name: "Person" });
      await client.objects.persons.delete!(created.externalId);
      const deletion = (await receiver.waitFor(3))[2]!;
      expect(await pipedriveWebhook.verify(input(deletion))).toEqual({ ok: true });
      const [deleted] = await pipedriveWebhook.parse({ rawBody: deletion.body, headers: deletion.headers, config: {}, metadata: {}, client });
      expect(deleted).toMatchObject({ object: "persons", action: "deleted", externalId: created.externalId });
      expect(deleted).not.toHaveProperty("record");
      expect(new Set([...changes, deleted].map((e) => e?.providerEventId)).size).toBe(3);

      await client.webhooks!.unregister(externalId);
      await client.objects.persons.create!({ first_name: "After", email: "after@example.com" });
      // flush delivers everything queued: nothing more arrived
      await flushSandboxWebhooks();
      expect(receiver.received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });
});
