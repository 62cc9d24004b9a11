// Contract tests: the HubSpot adapter against the HubSpot sandbox over real HTTP, through lib/http.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { type AppError } from "@/lib/errors/app-error";
import { buildAuthorizeUrl, createPkcePair, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createHttpClient } from "@/lib/http/http-client";
import { configureHubspotAppWebhooks, createHubspotClient } from "@/lib/integrations/hubspot/client";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { hubspotSandbox } from "@/lib/integrations/hubspot/sandbox";
import { updateSandboxFaults, updateSandboxSettings } from "@/lib/integrations/sandbox/accounts";
import { sha256 } from "@/lib/integrations/sandbox/oauth";
import { getRecord, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox, type TestSandboxApp } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
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
  sbx = await createTestSandbox("hubspot", { key: "contract", count: 40, redirectUris: [redirectUri] });
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
    const err = (await hubspot.createClient(bad).verifyCredentials().catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.providerError).toMatchObject({ category: "INVALID_AUTHENTICATION" });
  });

  it("refuses an expired access token with EXPIRED_AUTHENTICATION", async () => {
    const appRow = await db.sandboxOAuthApp.findUniqueOrThrow({ where: { clientId: app.clientId } });
    await db.sandboxToken.create({ data: { tokenHash: sha256("hs-expired"), kind: "access", appId: appRow.id, accountId: account.id, scope: "", expiresAt: new Date(Date.now() - 1000) } });
    const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: "hs-expired" } });
    const err = (await hubspot.createClient(ctx).contacts.get("1").catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.providerError).toMatchObject({ category: "EXPIRED_AUTHENTICATION" });
  });

  it("creates, gets, finds by e-mail, updates and deletes", async () => {
    const c = hubspot.createClient(oauthCtx(tokens)).contacts;
    const created = await c.create({ email: "New.Person@Example.com", firstName: "New", lastName: "Person", leadStatus: "open", customFields: { favorite_product: "Gizmo" } });
    expect(created.fields).toMatchObject({ email: "new.person@example.com", firstName: "New", leadStatus: "open" });
    expect((await c.get(created.externalId))?.fields.email).toBe("new.person@example.com");
    expect((await c.searchByEmail("NEW.person@example.com"))?.externalId).toBe(created.externalId);
    const updated = await c.update(created.externalId, { lastName: "Renamed", phone: "+14155550142" });
    expect(updated.fields).toMatchObject({ lastName: "Renamed", phone: "+14155550142" });
    const stored = await getRecord(account.id, "contacts", created.externalId);
    expect((stored!.data.properties as Record<string, string>).lastname).toBe("Renamed");
    await c.delete(created.externalId);
    expect(await c.get(created.externalId)).toBeNull();
    expect(await c.searchByEmail("new.person@example.com")).toBeNull();
  });

  it("answers HubSpot's error shapes: 409 with the existing id, 400 validation, unknown property", async () => {
    const c = hubspot.createClient(oauthCtx(tokens)).contacts;
    const first = await c.create({ email: "dupe@example.com", firstName: "D" });
    const dup = (await c.create({ email: "dupe@example.com" }).catch((e: unknown) => e)) as AppError;
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect(dup.details?.existingExternalId).toBe(first.externalId);
    expect(dup.details?.providerError).toMatchObject({ status: "error", category: "CONFLICT", message: `Contact already exists. Existing ID: ${first.externalId}` });
    const invalid = (await c.create({ email: "not-an-email" as string }).catch((e: unknown) => e)) as AppError;
    expect(invalid.code).toBe("PROVIDER_VALIDATION");
    expect(invalid.details?.providerError).toMatchObject({ category: "VALIDATION_ERROR" });
    const unknown = (await c.update(first.externalId, { customFields: { no_such_property: "x" } }).catch((e: unknown) => e)) as AppError;
    expect(unknown.code).toBe("PROVIDER_VALIDATION");
    expect(JSON.stringify(unknown.details?.providerError)).toContain("PROPERTY_DOESNT_EXIST");
    expect(await c.get("999999999")).toBeNull();
  });

  it("upserts by e-mail through the batch endpoint", async () => {
    const client = createHubspotClient(oauthCtx(tokens));
    const a = await client.contacts.upsert({ email: "upsert@example.com", firstName: "Up" });
    expect(a.created).toBe(true);
    const b = await client.contacts.upsert({ email: "UPSERT@example.com", lastName: "Serted" });
    expect(b.created).toBe(false);
    expect(b.contact.externalId).toBe(a.contact.externalId);
    const many = await client.upsertMany([{ email: "upsert@example.com", firstName: "Again" }, { email: "batch2@example.com", firstName: "Two" }]);
    expect(many.map((m) => m.created)).toEqual([false, true]);
    expect(many[0]!.contact.externalId).toBe(a.contact.externalId);
  });

  it("pages the incremental listing to the end, and filters by lastmodifieddate", async () => {
    const c = hubspot.createClient(oauthCtx(tokens)).contacts;
    const total = await db.sandboxRecord.count({ where: { accountId: account.id, objectType: "contacts", deleted: false } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await c.listChangedSince({ since: null, cursor, limit: 7 });
      seen.push(...page.items.map((i) => i.externalId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBeGreaterThan(5);

    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const target = seen[3]!;
    await c.update(target, { firstName: "Changed" });
    const changed = await c.listChangedSince({ since, cursor: null });
    expect(changed.items.map((i) => i.externalId)).toEqual([target]);
    expect(changed.nextCursor).toBeNull();
  });

  it("splits the time window when a search would exceed the result cap", async () => {
    const big = (await createTestSandbox("hubspot", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "windowing", count: 120 })).account;
    await updateSandboxSettings(big.id, { searchResultCap: 50 });
    const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: big.apiKey } });
    const c = createHubspotClient(ctx, { searchCap: 50 }).contacts;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await c.listChangedSince({ since: null, cursor, limit: 20 });
      seen.push(...page.items.map((i) => i.externalId));
      const times = page.items.map((i) => Date.parse(i.remoteUpdatedAt!));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(120);
    expect(new Set(seen).size).toBe(120);
    // Without windowing, paging stops at the cap and silently misses records, as HubSpot's does.
    const naive = createHubspotClient(ctx, { searchCap: 1_000_000 }).contacts;
    let naiveCount = 0;
    let cur: string | null = null;
    do {
      const page = await naive.listChangedSince({ since: null, cursor: cur, limit: 20 });
      naiveCount += page.items.length;
      cur = page.nextCursor;
    } while (cur);
    expect(naiveCount).toBe(50);
  });

  it("reports rate-limit headers, a forced 429 with Retry-After, and injected 5xx", async () => {
    const limited = (await createTestSandbox("hubspot", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "limited", count: 3 })).account;
    const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: limited.apiKey } });
    const c = hubspot.createClient(ctx).contacts;
    await c.get("1");
    expect(ctx.http.lastRateLimit()).toMatchObject({ limit: 100, remaining: expect.any(Number) });
    await updateSandboxFaults(limited.id, { forceRateLimit: true, retryAfterSeconds: 7 });
    const err = (await c.get("1").catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.details).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    expect(err.details?.providerError).toMatchObject({ policyName: "TEN_SECONDLY_ROLLING", errorType: "RATE_LIMIT" });
    expect((err.details?.rateLimit as { limit: number }).limit).toBe(100);
    await updateSandboxFaults(limited.id, { forceRateLimit: false, errorRate: 1 });
    await expect(c.get("1")).rejects.toMatchObject({ code: "PROVIDER_UNAVAILABLE", details: { retryable: true } });
    await updateSandboxFaults(limited.id, { errorRate: 0 });
  });
});

describe("HubSpot webhooks", () => {
  it("delivers signed v3 webhooks for API and panel changes, verified by the adapter's verifier", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const ctx = oauthCtx(tokens);
      await configureHubspotAppWebhooks(ctx, { appId: app.appExternalId, developerApiKey: app.developerApiKey!, targetUrl: receiver.url("/api/webhooks/hubspot/app"), properties: ["firstname", "email"] });
      const created = await hubspot.createClient(ctx).contacts.create({ email: "hook@example.com", firstName: "Hook" });
      const got = await receiver.waitFor(1);
      expect(got).toHaveLength(1);
      const delivery = got[0]!;
      const verify = await hubspot.webhookHandler.verify({
        method: delivery.method, url: delivery.url, headers: delivery.headers, rawBody: delivery.body, now: new Date(), environment: "sandbox",
        connectionSecret: null, appSecret: app.clientSecret, config: {}, credentials: {}, metadata: {},
      });
      expect(verify).toEqual({ ok: true });
      const events = hubspot.webhookHandler.parse(delivery.body);
      expect(events).toEqual([expect.objectContaining({ action: "created", externalId: created.externalId, object: "contact" })]);
      expect(hubspot.webhookHandler.routingKey?.(delivery.body)).toBe(account.externalId);
      expect(JSON.parse(delivery.body)[0]).toMatchObject({ changeSource: "INTEGRATION", sourceId: app.appExternalId });

      // A person edits the contact in the panel: a propertyChange for the subscribed property only.
      const rec = (await getRecord(account.id, "contacts", created.externalId))!;
      const now = new Date();
      const p = rec.data.properties as Record<string, string>;
      await updateRecord({ account, objectType: "contacts", externalId: rec.externalId, data: { properties: { ...p, firstname: "Edited", jobtitle: "CTO", lastmodifieddate: now.toISOString() } }, now, source: { kind: "panel" } });
      const both = await receiver.waitFor(2);
      const change = hubspot.webhookHandler.parse(both[1]!.body);
      expect(change).toEqual([expect.objectContaining({ action: "updated", fields: { firstName: "Edited" } })]);
      expect(JSON.parse(both[1]!.body)[0]).toMatchObject({ changeSource: "CRM_UI", propertyName: "firstname" });

      // A forged delivery fails verification.
      const forged = await hubspot.webhookHandler.verify({
        method: "POST", url: delivery.url, headers: delivery.headers, rawBody: delivery.body + " ", now: new Date(), environment: "sandbox",
        connectionSecret: null, appSecret: app.clientSecret, config: {}, credentials: {}, metadata: {},
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
      await hubspot.createClient(ctx).contacts.create({ email: "dropped@example.com" });
      await receiver.waitFor(1, 300);
      expect(receiver.received).toHaveLength(0);
      expect(await db.sandboxWebhookDelivery.count({ where: { accountId: account.id, status: "dropped" } })).toBe(1);
      await updateSandboxFaults(account.id, { webhookDropRate: 0, webhookDuplicateRate: 1 });
      await hubspot.createClient(ctx).contacts.create({ email: "twice@example.com" });
      const got = await receiver.waitFor(2);
      expect(got).toHaveLength(2);
      expect(got[0]!.body).toBe(got[1]!.body);
      await updateSandboxFaults(account.id, { webhookDuplicateRate: 0 });
    } finally {
      await receiver.close();
    }
  });
});
