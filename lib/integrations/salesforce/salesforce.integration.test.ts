// Contract tests: the Salesforce adapter against the Salesforce sandbox over real HTTP, through lib/http.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { AppError } from "@/lib/errors/app-error";
import { createHttpClient } from "@/lib/http/http-client";
import { buildAuthorizeUrl, createPkcePair, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createSalesforceClient } from "@/lib/integrations/salesforce/client";
import { salesforce } from "@/lib/integrations/salesforce/definition";
import { salesforceSandbox } from "@/lib/integrations/salesforce/sandbox";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { sha256 } from "@/lib/integrations/sandbox/oauth";
import { getRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox, type TestSandboxApp } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import type { OAuthTokenSet } from "@/lib/integrations/types";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;
let account: TestSandbox["account"];
let tokens: OAuthTokenSet;
let app: TestSandboxApp;
let client: { clientId: string; clientSecret: string };
const redirectUri = "http://127.0.0.1:9/oauth/callback";
const urlInput = () => ({ environment: "sandbox" as const, appUrl: server.origin, config: {} });
const http = () => createHttpClient({ provider: "salesforce", allowedOrigins: [server.origin] });

async function connect(acct: TestSandbox["account"]): Promise<OAuthTokenSet> {
  const pkce = createPkcePair();
  const url = buildAuthorizeUrl(salesforce.oauth2!, { ...urlInput(), clientId: app.clientId, redirectUri, state: "s", codeChallenge: pkce.challenge });
  expect((await fetch(url, { headers: { [TEST_USER_HEADER]: sbx.userId } })).status).toBe(200);
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set("decision", "allow");
  form.set("account_id", acct.id);
  const res = await fetch(url.split("?")[0]!, { method: "POST", body: form, redirect: "manual", headers: { [TEST_USER_HEADER]: sbx.userId } });
  const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
  return exchangeCode(http(), salesforce.oauth2!, { ...urlInput(), ...client, code, redirectUri, codeVerifier: pkce.verifier });
}

const ctxFor = (t: OAuthTokenSet, config: Record<string, unknown> = {}) =>
  sandboxConnectionContext({ provider: salesforce, origin: server.origin, authKind: "oauth2", client, config, metadata: t.metadata, credentials: { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt } });

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("salesforce", { key: "contract", count: 230, redirectUris: [redirectUri] });
  account = sbx.account;
  app = sbx.app!;
  client = { clientId: app.clientId, clientSecret: app.clientSecret };
  tokens = await connect(account);
});

afterAll(async () => {
  await server.close();
});

describe("Salesforce OAuth", () => {
  it("returns instance_url and the identity URL, which become the API base and the org id", async () => {
    expect(tokens.metadata.instance_url).toBe(`${server.origin}/sandbox/salesforce`);
    expect(tokens.metadata.id).toContain(`/id/${account.externalId}/`);
    expect(salesforce.apiBaseUrl({ ...urlInput(), metadata: tokens.metadata })).toBe(`${server.origin}/sandbox/salesforce/services/data/v62.0`);
    const verified = await salesforce.createClient(ctxFor(tokens)).verifyCredentials();
    expect(verified.accountId).toBe(account.externalId);
  });

  it("refreshes without a new refresh token (rotation off), keeping the old one", async () => {
    const r = await refreshTokens(http(), salesforce.oauth2!, { ...urlInput(), ...client, refreshToken: tokens.refreshToken! });
    expect(r.accessToken).not.toBe(tokens.accessToken);
    expect(r.refreshToken).toBe(tokens.refreshToken);
    expect(r.metadata.instance_url).toBe(tokens.metadata.instance_url);
    const bad = (await refreshTokens(http(), salesforce.oauth2!, { ...urlInput(), ...client, refreshToken: "5Aep-nope" }).catch((e: unknown) => e)) as AppError;
    expect(bad.code).toBe("TOKEN_REFRESH_FAILED");
    expect(bad.details?.providerError).toEqual({ error: "invalid_grant", error_description: "expired access/refresh token" });
  });

  it("refreshes once and retries on 401 INVALID_SESSION_ID", async () => {
    const appRow = await db.sandboxOAuthApp.findUniqueOrThrow({ where: { clientId: app.clientId } });
    await db.sandboxToken.create({ data: { tokenHash: sha256("00DSb!expired"), kind: "access", appId: appRow.id, accountId: account.id, scope: "api", expiresAt: new Date(Date.now() - 1000) } });
    const ctx = ctxFor({ ...tokens, accessToken: "00DSb!expired", expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const lead = (await salesforce.createClient(ctx).contacts.listChangedSince({ since: null, cursor: null, limit: 200 })).items[0];
    expect(lead?.externalId).toMatch(/^00Q/);
    const noRefresh = ctxFor({ ...tokens, accessToken: "00DSb!expired", refreshToken: null });
    const err = (await salesforce.createClient(noRefresh).contacts.get("00Q").catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("NEEDS_REAUTH");
  });
});

describe("Salesforce Lead and Contact", () => {
  it("creates, reads, finds by e-mail, updates and deletes Leads and Contacts", async () => {
    const sf = createSalesforceClient(ctxFor(tokens));
    for (const object of ["Lead", "Contact"] as const) {
      const api = sf.sobject(object);
      const email = `${object.toLowerCase()}.crud@example.com`;
      const created = await api.create({ email, firstName: "Cy", lastName: "Crud", company: "Crud Co", leadStatus: "in_progress" });
      expect(created.externalId).toMatch(object === "Lead" ? /^00Q/ : /^003/);
      expect(created.fields).toMatchObject({ email, firstName: "Cy", lastName: "Crud", ...(object === "Lead" ? { company: "Crud Co", leadStatus: "in_progress" } : {}) });
      expect((await api.searchByEmail(email.toUpperCase()))?.externalId).toBe(created.externalId);
      const updated = await api.update(created.externalId, { phone: "+14155550177" });
      expect(updated.fields.phone).toBe("+14155550177");
      expect((await getRecord(account.id, object, created.externalId))?.data.Phone).toBe("+14155550177");
      const up = await api.upsert({ email, firstName: "Upserted" });
      expect(up).toMatchObject({ created: false, contact: { externalId: created.externalId, fields: { firstName: "Upserted" } } });
      await api.delete(created.externalId);
      expect(await api.get(created.externalId)).toBeNull();
      await api.delete(created.externalId); // idempotent (ENTITY_IS_DELETED is a 404)
      expect((await api.upsert({ email: `new.${email}`, lastName: "New" })).created).toBe(true);
    }
  });

  it("answers Salesforce's error arrays: validation, duplicate rule, not found", async () => {
    const api = salesforce.createClient(ctxFor(tokens)).contacts;
    const bad = (await api.create({ email: "not-an-email" }).catch((e: unknown) => e)) as AppError;
    expect(bad.code).toBe("PROVIDER_VALIDATION");
    expect(bad.details?.providerError).toEqual([{ message: "Email: invalid email address: not-an-email", errorCode: "INVALID_EMAIL_ADDRESS", fields: ["Email"] }]);
    await api.create({ email: "dup@example.com", lastName: "One" });
    const dup = (await api.create({ email: "dup@example.com", lastName: "Two" }).catch((e: unknown) => e)) as AppError;
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect((dup.details?.providerError as { errorCode: string; duplicateResut: unknown }[])[0]).toMatchObject({ errorCode: "DUPLICATES_DETECTED", duplicateResut: { allowSave: false } });
    expect(await api.get("00QSb9999999999AAA")).toBeNull();
    const unknown = (await api.update("00QSb9999999999AAA", { firstName: "x" }).catch((e: unknown) => e)) as AppError;
    expect(unknown.code).toBe("PROVIDER_NOT_FOUND");
    expect(unknown.details?.providerError).toEqual([{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]);
  });

  it("pages a SOQL query with nextRecordsUrl to the end, and filters on SystemModstamp", async () => {
    const api = salesforce.createClient(ctxFor(tokens)).contacts; // Lead by default
    const total = await db.sandboxRecord.count({ where: { accountId: account.id, objectType: "Lead", deleted: false } });
    expect(total).toBeGreaterThan(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await api.listChangedSince({ since: null, cursor, limit: 200 });
      seen.push(...page.items.map((i) => i.externalId));
      if (page.nextCursor) expect(page.nextCursor).toMatch(/^\/services\/data\/v62\.0\/query\/01g/);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(total);
    const times = seen.length;
    expect(times).toBe(total);

    const since = new Date(Date.now() + 1000).toISOString();
    await new Promise((r) => setTimeout(r, 1100));
    await api.update(seen[10]!, { firstName: "Fresh" });
    const changed = await api.listChangedSince({ since, cursor: null });
    expect(changed.items.map((i) => i.externalId)).toEqual([seen[10]]);
  });

  it("treats 403 REQUEST_LIMIT_EXCEEDED as a rate limit and reports Sforce-Limit-Info usage", async () => {
    const limited = (await createTestSandbox("salesforce", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "limited", count: 2 })).account;
    const t = await connect(limited);
    const ctx = ctxFor(t);
    const api = salesforce.createClient(ctx).contacts;
    await api.listChangedSince({ since: null, cursor: null });
    expect(ctx.http.lastRateLimit()).toMatchObject({ limit: 100000, remaining: expect.any(Number) });
    await updateSandboxFaults(limited.id, { forceRateLimit: true });
    const err = (await api.get("00Q").catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.details).toMatchObject({ status: 403, retryable: true, retryAfterMs: 15 * 60_000 });
    expect(err.details?.providerError).toEqual([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
    await updateSandboxFaults(limited.id, { forceRateLimit: false, errorRate: 1 });
    await expect(api.get("00Q")).rejects.toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
  });
});

describe("Salesforce outbound messages", () => {
  it("sends an outbound message on change, verified by the URL secret and org id, and acked", async () => {
    const receiver = await startWebhookReceiver(() => {
      const ack = salesforce.webhookHandler.acknowledge!();
      return new Response(ack.body, { status: ack.status, headers: ack.headers });
    });
    try {
      const secret = "conn-secret-1234567890";
      const url = receiver.url(`/api/webhooks/salesforce/conn1?secret=${secret}`);
      await createSandboxSubscription({ provider: "salesforce", accountId: account.id, url, events: ["Lead"] });
      const api = salesforce.createClient(ctxFor(tokens)).contacts;
      const lead = await api.create({ email: "hooked@example.com", lastName: "Hooked", company: "Hook Inc" });
      await salesforce.createClient(ctxFor(tokens, { sobject: "Contact" })).contacts.create({ email: "contact.not.subscribed@example.com", lastName: "C" });
      const got = await receiver.waitFor(1);
      await receiver.waitFor(2, 300);
      expect(got).toHaveLength(1);
      const d = got[0]!;
      const base = { method: "POST", url: d.url, headers: d.headers, rawBody: d.body, now: new Date(), environment: "sandbox" as const, appSecret: null, config: {}, credentials: {}, metadata: tokens.metadata };
      expect(await salesforce.webhookHandler.verify({ ...base, connectionSecret: secret })).toEqual({ ok: true });
      expect((await salesforce.webhookHandler.verify({ ...base, connectionSecret: "other-secret" })).ok).toBe(false);
      expect((await salesforce.webhookHandler.verify({ ...base, connectionSecret: secret, metadata: { organization_id: "00DSbFFFFFFFFFFAAA" } })).ok).toBe(false);
      expect(salesforce.webhookHandler.parse(d.body)).toEqual([
        expect.objectContaining({ object: "lead", action: "updated", externalId: lead.externalId, fields: expect.objectContaining({ email: "hooked@example.com", company: "Hook Inc" }) }),
      ]);
      const delivery = await db.sandboxWebhookDelivery.findFirstOrThrow({ where: { accountId: account.id } });
      expect(delivery).toMatchObject({ status: "sent", responseStatus: 200 });
      expect(delivery.responseBody).toContain("<Ack>true</Ack>");
    } finally {
      await receiver.close();
    }
  });
});
