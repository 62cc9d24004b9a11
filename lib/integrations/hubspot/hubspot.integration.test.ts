// What is HubSpot's own, against its sandbox over real HTTP (the shared contract suite,
// lib/integrations/contract.integration.test.ts, covers every declared capability): OAuth with PKCE and a
// non-rotating refresh token, the expired-token and 409 error shapes, keyset paging past the search cap,
// rate-limit headers, and signed app-level webhooks parsed into changes with the full record fetched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { buildAuthorizeUrl, createPkcePair, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createHttpClient } from "@/lib/http/http-client";
import { configureHubspotAppWebhooks, createHubspotClient } from "@/lib/integrations/hubspot/client";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { updateSandboxFaults, updateSandboxSettings } from "@/lib/integrations/sandbox/accounts";
import { sha256 } from "@/lib/integrations/sandbox/oauth";
import { getRecord, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox, type TestSandboxApp } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import type { OAuthTokenSet } from "@/lib/integrations/types";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;
let account: TestSandbox["account"];
let tokens: OAuthTokenSet;
let app: TestSandboxApp;
let client: { clientId: string; clientSecret: string };
const redirectUri = "http://127.0.0.1:9/callback";

async function authorize(decision: "allow" | "deny", acct: TestSandbox["account"], codeChallenge?: string): Promise<URL> {
  const url = buildAuthorizeUrl(hubspot.oauth2!, {
    environment: "sandbox", appUrl: server.origin, config: {}, clientId: app.clientId, redirectUri, state: "st-1",
    ...(codeChallenge ? { codeChallenge } : {}),
  });
  const page = await fetch(url, { headers: { [TEST_USER_HEADER]: sbx.userId } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("Allow");
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set("decision", decision);
  form.set("account_id", acct.id);
  const res = await fetch(url.split("?")[0]!, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: sbx.userId } });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

const http = () => createHttpClient({ provider: "hubspot", allowedOrigins: [server.origin] });
const oauthCtx = (creds: OAuthTokenSet) =>
  sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "oauth2", credentials: { accessToken: creds.accessToken, refreshToken: creds.refreshToken, expiresAt: creds.expiresAt }, client });

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("hubspot", { key: "hubspot-own", count: 3, redirectUris: [redirectUri] });
  account = sbx.account;
  app = sbx.app!;
  client = { clientId: app.clientId, clientSecret: app.clientSecret };
  const pkce = createPkcePair();
  const back = await authorize("allow", account, pkce.challenge);
  tokens = await exchangeCode(http(), hubspot.oauth2!, {
    environment: "sandbox", appUrl: server.origin, config: {}, ...client, code: back.searchParams.get("code")!, redirectUri, codeVerifier: pkce.verifier,
  });
});

afterAll(async () => {
  await server.close();
});

describe("HubSpot OAuth", () => {
  it("issued tokens with hub_id metadata and a 30-minute expiry", () => {
    expect(tokens.metadata.hub_id).toBe(account.externalId);
    expect(tokens.refreshToken).toBeTruthy();
    const ttl = Date.parse(tokens.expiresAt!) - Date.now();
    expect(ttl).toBeGreaterThan(1700_000);
    expect(ttl).toBeLessThanOrEqual(1800_000);
  });

  it("redirects a denial with error=access_denied and the state", async () => {
    const back = await authorize("deny", account);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("st-1");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("refuses a wrong PKCE verifier and a replayed code", async () => {
    const pkce = createPkcePair();
    const code = (await authorize("allow", account, pkce.challenge)).searchParams.get("code")!;
    const base = { environment: "sandbox" as const, appUrl: server.origin, config: {}, ...client, code, redirectUri };
    await expect(exchangeCode(http(), hubspot.oauth2!, { ...base, codeVerifier: "wrong-verifier-wrong-verifier-wrong-verif" })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(exchangeCode(http(), hubspot.oauth2!, base)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect((await exchangeCode(http(), hubspot.oauth2!, { ...base, codeVerifier: pkce.verifier })).accessToken).toBeTruthy();
    await expect(exchangeCode(http(), hubspot.oauth2!, { ...base, codeVerifier: pkce.verifier })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
  });

  it("refreshes without rotating the refresh token (HubSpot keeps it)", async () => {
    const refreshed = await refreshTokens(http(), hubspot.oauth2!, { environment: "sandbox", appUrl: server.origin, config: {}, ...client, refreshToken: tokens.refreshToken! });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    const again = await refreshTokens(http(), hubspot.oauth2!, { environment: "sandbox", appUrl: server.origin, config: {}, ...client, refreshToken: tokens.refreshToken! });
    expect(again.accessToken).toBeTruthy();
    await expect(
      refreshTokens(http(), hubspot.oauth2!, { environment: "sandbox", appUrl: server.origin, config: {}, ...client, refreshToken: "nope" }),
    ).rejects.toMatchObject({ code: "TOKEN_REFRESH_FAILED" });
  });

  it("refreshes ahead of expiry through the context's token hooks", async () => {
    const ctx = sandboxConnectionContext({
      provider: hubspot, origin: server.origin, authKind: "oauth2", client,
      credentials: { accessToken: "stale", refreshToken: tokens.refreshToken, expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    const verified = await hubspot.createClient(ctx).verifyCredentials();
    expect(verified.accountId).toBe(account.externalId);
  });
});

describe("HubSpot contacts", () => {
  it("verifies credentials (OAuth via token info, private app via account info)", async () => {
    expect((await hubspot.createClient(oauthCtx(tokens)).verifyCredentials()).metadata).toEqual({ hub_id: account.externalId });
    const pat = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: account.apiKey } });
    expect((await hubspot.createClient(pat).verifyCredentials()).accountId).toBe(account.externalId);
    const bad = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: "pat-wrong" } });
    const err = await caughtAppError(hubspot.createClient(bad).verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.providerError).toMatchObject({ category: "INVALID_AUTHENTICATION" });
  });

  it("refuses an expired access token with EXPIRED_AUTHENTICATION", async () => {
    const appRow = await db.sandboxOAuthApp.findUniqueOrThrow({ where: { clientId: app.clientId } });
    // Unique per run: token hashes are unique, and a PostgreSQL test database outlives the run.
    const expired = `hs-expired-${Date.now().toString(36)}`;
    await db.sandboxToken.create({ data: { tokenHash: sha256(expired), kind: "access", appId: appRow.id, accountId: account.id, scope: "", expiresAt: new Date(Date.now() - 1000) } });
    const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: expired } });
    const err = await caughtAppError(hubspot.createClient(ctx).objects.contacts!.get!("1"));
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.providerError).toMatchObject({ category: "EXPIRED_AUTHENTICATION" });
  });

  it("answers a duplicate with the existing id (for linking) and an unknown property with PROPERTY_DOESNT_EXIST", async () => {
    const c = createHubspotClient(oauthCtx(tokens)).objects.contacts;
    const first = await c.create({ email: "dupe@example.com", firstname: "D" });
    const dup = await caughtAppError(c.create({ email: "DUPE@example.com" }));
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect(dup.details?.existingExternalId).toBe(first.externalId);
    expect(dup.details?.providerError).toMatchObject({ status: "error", category: "CONFLICT", message: `Contact already exists. Existing ID: ${first.externalId}` });
    const unknown = await caughtAppError(c.update(first.externalId, { no_such_property: "x" }));
    expect(unknown.code).toBe("PROVIDER_VALIDATION");
    expect(JSON.stringify(unknown.details?.providerError)).toContain("PROPERTY_DOESNT_EXIST");
    // What the adapter wrote is what the sandbox stores (every value a string, e-mail lower-cased).
    const stored = await getRecord(account.id, "contacts", first.externalId);
    expect(stored?.data.properties).toMatchObject({ email: "dupe@example.com", firstname: "D" });
  });

  it("walks past the search result cap by keyset: every record once, in order, though no query pages beyond the cap", async () => {
    const big = (await createTestSandbox("hubspot", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "windowing", count: 120 })).account;
    await updateSandboxSettings(big.id, { searchResultCap: 50 });
    const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: big.apiKey } });
    const c = createHubspotClient(ctx).objects.contacts;
    const seen: string[] = [];
    const times: number[] = [];
    let checkpoint: string | null = null;
    for (let more = true; more; ) {
      const page = await c.listChanged({ checkpoint, limit: 40 });
      seen.push(...page.items.map((i) => i.externalId));
      times.push(...page.items.map((i) => Date.parse(i.remoteUpdatedAt!)));
      checkpoint = page.checkpoint;
      more = page.hasMore;
    }
    expect(seen.length).toBe(120);
    expect(new Set(seen).size).toBe(120);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    // The cap is real: offset paging of one query stops at it, as HubSpot's does.
    const err = await caughtAppError(
      ctx.request({ method: "POST", url: "/crm/v3/objects/contacts/search", json: { filterGroups: [], sorts: ["lastmodifieddate"], limit: 10, after: "50" } }),
    );
    expect(err.code).toBe("PROVIDER_VALIDATION");
  });

  it("reads the private-app rate-limit headers into the budget; a forced 429 carries HubSpot's body and an exhausted window", async () => {
    const limited = (await createTestSandbox("hubspot", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "limited", count: 1 })).account;
    const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: limited.apiKey } });
    const c = hubspot.createClient(ctx).objects.contacts!;
    await c.get!("1");
    expect(ctx.http.lastRateLimit()).toMatchObject({ limit: 100, remaining: expect.any(Number) });
    expect(ctx.http.lastRateLimit()?.remaining).toBeGreaterThan(0);
    await updateSandboxFaults(limited.id, { forceRateLimit: true, retryAfterSeconds: 7 });
    const err = await caughtAppError(c.get!("1"));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.details?.providerError).toMatchObject({ policyName: "TEN_SECONDLY_ROLLING", errorType: "RATE_LIMIT" });
    expect(err.details?.rateLimit).toMatchObject({ remaining: 0, limit: 110, retryAfterMs: 7000 });
    await updateSandboxFaults(limited.id, { forceRateLimit: false });
  });
});

/** Poll for a condition with a deadline (no fixed sleeps). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await flushSandboxWebhooks();
  }
}

describe("HubSpot webhooks", () => {
  it("delivers signed v3 webhooks for API and panel changes; parse fetches the full record in one batch read", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const ctx = oauthCtx(tokens);
      const hs = hubspot.createClient(ctx);
      await configureHubspotAppWebhooks(ctx, { appId: app.appExternalId, developerApiKey: app.developerApiKey!, targetUrl: receiver.url("/api/webhooks/hubspot/app"), properties: ["firstname", "email"] });
      const created = await hs.objects.contacts!.create!({ email: "hook@example.com", firstname: "Hook", favorite_product: "Gizmo" });
      const got = await receiver.waitFor(1);
      expect(got).toHaveLength(1);
      const delivery = got[0]!;
      const verify = await hubspot.webhookHandler.verify({
        method: delivery.method, url: delivery.url, headers: delivery.headers, rawBody: delivery.body, now: new Date(), environment: "sandbox",
        connectionSecret: null, appSecret: app.clientSecret, config: {}, credentials: { accessToken: "unused" }, metadata: {},
      });
      expect(verify).toEqual({ ok: true });
      expect(hubspot.webhookHandler.routingKey?.({ rawBody: delivery.body, headers: delivery.headers })).toBe(account.externalId);
      const changes = await hubspot.webhookHandler.parse({ rawBody: delivery.body, headers: delivery.headers, config: {}, metadata: {}, client: hs });
      expect(changes).toEqual([expect.objectContaining({ action: "created", externalId: created.externalId, object: "contacts" })]);
      expect(changes[0]?.record?.fields).toMatchObject({ email: "hook@example.com", firstname: "Hook", favorite_product: "Gizmo" });
      expect(JSON.parse(delivery.body)[0]).toMatchObject({ changeSource: "INTEGRATION", sourceId: app.appExternalId });

      // A person edits the contact in the panel: a propertyChange for the subscribed property only.
      const rec = (await getRecord(account.id, "contacts", created.externalId))!;
      const now = new Date();
      const p = rec.data.properties as Record<string, string>;
      await updateRecord({ account, objectType: "contacts", externalId: rec.externalId, data: { properties: { ...p, firstname: "Edited", jobtitle: "CTO", lastmodifieddate: now.toISOString() } }, now, source: { kind: "panel" } });
      const both = await receiver.waitFor(2);
      const change = await hubspot.webhookHandler.parse({ rawBody: both[1]!.body, headers: both[1]!.headers, config: {}, metadata: {} });
      expect(change).toEqual([expect.objectContaining({ action: "updated", fields: { firstname: "Edited" } })]);
      expect(JSON.parse(both[1]!.body)[0]).toMatchObject({ changeSource: "CRM_UI", propertyName: "firstname" });

      // A forged delivery fails verification.
      const forged = await hubspot.webhookHandler.verify({
        method: "POST", url: delivery.url, headers: delivery.headers, rawBody: delivery.body + " ", now: new Date(), environment: "sandbox",
        connectionSecret: null, appSecret: app.clientSecret, config: {}, credentials: { accessToken: "unused" }, metadata: {},
      });
      expect(forged.ok).toBe(false);

      const deliveries = await db.sandboxWebhookDelivery.findMany({ where: { accountId: account.id }, orderBy: { createdAt: "asc" } });
      expect(deliveries.map((d) => [d.status, d.responseStatus])).toEqual([["sent", 200], ["sent", 200]]);
    } finally {
      await receiver.close();
    }
  });

  it("honours dropped and duplicated webhook faults", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const ctx = oauthCtx(tokens);
      await configureHubspotAppWebhooks(ctx, { appId: app.appExternalId, developerApiKey: app.developerApiKey!, targetUrl: receiver.url(), properties: [] });
      await updateSandboxFaults(account.id, { webhookDropRate: 1 });
      await hubspot.createClient(ctx).objects.contacts!.create!({ email: "dropped@example.com" });
      const dropped = await eventually(() => db.sandboxWebhookDelivery.count({ where: { accountId: account.id, status: "dropped" } }), (n) => n === 1);
      expect(dropped).toBe(1);
      expect(receiver.received).toHaveLength(0);
      await updateSandboxFaults(account.id, { webhookDropRate: 0, webhookDuplicateRate: 1 });
      await hubspot.createClient(ctx).objects.contacts!.create!({ email: "twice@example.com" });
      const got = await receiver.waitFor(2);
      expect(got).toHaveLength(2);
      expect(got[0]!.body).toBe(got[1]!.body);
      await updateSandboxFaults(account.id, { webhookDuplicateRate: 0 });
    } finally {
      await receiver.close();
    }
  });
});
