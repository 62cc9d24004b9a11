// What is Salesforce's own, against its sandbox over real HTTP (the shared contract suite covers every
// declared capability of Lead and Contact): OAuth with instance_url and the identity URL, refresh without
// rotation, one refresh + retry on 401, the duplicate-rule error body, getUpdated/getDeleted, describe with
// the org's custom fields, Sforce-Limit-Info, and outbound messages parsed with the full record fetched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { createHttpClient } from "@/lib/http/http-client";
import { buildAuthorizeUrl, createPkcePair, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createSalesforceClient } from "@/lib/integrations/salesforce/client";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { salesforce } from "@/lib/integrations/salesforce/definition";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { sha256 } from "@/lib/integrations/sandbox/oauth";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox, type TestSandboxApp } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import type { OAuthTokenSet } from "@/lib/integrations/types";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;
let account: TestSandbox["account"];
let tokens: OAuthTokenSet;
let app: TestSandboxApp;
let client: { clientId: string; clientSecret: string };
const redirectUri = "http://127.0.0.1:9/oauth/callback";
const urlInput = () => ({ environment: "sandbox" as const, appUrl: server.origin, config: { sobject: "Lead" as const, loginDomain: "login.salesforce.com" } });
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
  sbx = await createTestSandbox("salesforce", { key: "salesforce-own", count: 3, redirectUris: [redirectUri] });
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
    const bad = await caughtAppError(refreshTokens(http(), salesforce.oauth2!, { ...urlInput(), ...client, refreshToken: "5Aep-nope" }));
    expect(bad.code).toBe("TOKEN_REFRESH_FAILED");
    expect(bad.details?.providerError).toEqual({ error: "invalid_grant", error_description: "expired access/refresh token" });
  });

  it("serves the identity URL from the token response, which verifyCredentials reads", async () => {
    const res = await ctxFor(tokens).request({ url: tokens.metadata.id! });
    expect(res.parse(z.object({ organization_id: z.string(), user_id: z.string(), urls: z.object({ rest: z.string() }).passthrough() }).passthrough())).toMatchObject({ organization_id: account.externalId });
    const other = await caughtAppError(ctxFor(tokens).request({ url: tokens.metadata.id!.replace(account.externalId, "00DSbOTHERORGAAA") }));
    expect(other.details?.status).toBe(403);
  });

  it("refreshes once and retries on 401 INVALID_SESSION_ID; without a refresh token it needs re-auth", async () => {
    const appRow = await db.sandboxOAuthApp.findUniqueOrThrow({ where: { clientId: app.clientId } });
    // Unique per run: token hashes are unique, and a PostgreSQL test database outlives the run.
    const expired = `00DSb!expired-${Date.now().toString(36)}`;
    await db.sandboxToken.create({ data: { tokenHash: sha256(expired), kind: "access", appId: appRow.id, accountId: account.id, scope: "api", expiresAt: new Date(Date.now() - 1000) } });
    const ctx = ctxFor({ ...tokens, accessToken: expired, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const page = await salesforce.createClient(ctx).objects.Lead!.listAll!({ cursor: null, limit: 200 });
    expect(page.items[0]?.externalId).toMatch(/^00Q/);
    const noRefresh = ctxFor({ ...tokens, accessToken: expired, refreshToken: null });
    const err = await caughtAppError(salesforce.createClient(noRefresh).objects.Lead!.get!("00Q"));
    expect(err.code).toBe("NEEDS_REAUTH");
  });
});

describe("Salesforce specifics", () => {
  it("answers a duplicate rule with DUPLICATES_DETECTED and Salesforce's misspelled duplicateResut", async () => {
    const lead = createSalesforceClient(ctxFor(tokens)).objects.Lead;
    await lead.create({ Email: "dup@example.com", LastName: "One", Company: "Dup Co" });
    const dup = await caughtAppError(lead.create({ Email: "dup@example.com", LastName: "Two", Company: "Dup Co" }));
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect((dup.details?.providerError as { errorCode: string; duplicateResut: unknown }[])[0]).toMatchObject({ errorCode: "DUPLICATES_DETECTED", duplicateResut: { allowSave: false } });
    // In a collection, the same rule fails only that record.
    const many = await lead.createMany([{ Email: "dup@example.com", LastName: "Three", Company: "Dup Co" }, { Email: "fresh.dup@example.com", LastName: "Four", Company: "Dup Co" }]);
    expect(many).toMatchObject([{ index: 0, ok: false, error: { code: "PROVIDER_DUPLICATE" } }, { index: 1, ok: true }]);
  });

  it("serves getUpdated and getDeleted (whole minutes, at most 30 days back) as jsforce calls them", async () => {
    const ctx = ctxFor(tokens);
    const lead = createSalesforceClient(ctx).objects.Lead;
    const start = new Date(Date.now() - 120_000).toISOString();
    const end = new Date(Date.now() + 120_000).toISOString();
    const changed = await lead.create({ Email: "updated.resource@example.com", LastName: "Upd", Company: "U" });
    const gone = await lead.create({ Email: "deleted.resource@example.com", LastName: "Del", Company: "D" });
    await lead.delete(gone.externalId);
    const updated = (await ctx.request({ url: "/sobjects/Lead/updated/", query: { start, end } })).parse(z.object({ ids: z.array(z.string()), latestDateCovered: z.string() }));
    expect(updated.ids).toContain(changed.externalId);
    expect(updated.ids).not.toContain(gone.externalId);
    const deleted = (await ctx.request({ url: "/sobjects/Lead/deleted/", query: { start, end } })).parse(
      z.object({ deletedRecords: z.array(z.object({ id: z.string(), deletedDate: z.string() })), earliestDateAvailable: z.string(), latestDateCovered: z.string() }),
    );
    expect(deleted.deletedRecords.map((d) => d.id)).toEqual([gone.externalId]);
    const tooOld = await caughtAppError(ctx.request({ url: "/sobjects/Lead/deleted/", query: { start: new Date(Date.now() - 31 * 86_400_000).toISOString(), end } }));
    expect(tooOld.details?.providerError).toEqual([expect.objectContaining({ errorCode: "INVALID_REPLICATION_DATE" })]);
  });

  it("describes the org's custom fields and refuses fields the org does not have", async () => {
    const contact = createSalesforceClient(ctxFor(tokens)).objects.Contact;
    const fields = await contact.describeFields();
    expect(fields.find((f) => f.key === "Score__c")).toMatchObject({ type: "number", custom: true });
    expect(fields.find((f) => f.key === "LastName")).toMatchObject({ required: true, custom: false });
    const err = await caughtAppError(contact.create({ LastName: "X", Not_A_Field__c: "x" }));
    expect(err.details?.providerError).toEqual([expect.objectContaining({ errorCode: "INVALID_FIELD" })]);
  });

  it("reports Sforce-Limit-Info usage and answers quota exhaustion with 403 REQUEST_LIMIT_EXCEEDED", async () => {
    const limited = (await createTestSandbox("salesforce", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "limited", count: 2 })).account;
    const ctx = ctxFor(await connect(limited));
    const lead = salesforce.createClient(ctx).objects.Lead!;
    await lead.listAll!({ cursor: null });
    expect(ctx.http.lastRateLimit()).toMatchObject({ limit: 100000, remaining: expect.any(Number) });
    await updateSandboxFaults(limited.id, { forceRateLimit: true });
    const err = await caughtAppError(lead.get!("00Q"));
    expect(err.details).toMatchObject({ status: 403, retryable: true, retryAfterMs: 15 * 60_000 });
    expect(err.details?.providerError).toEqual([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
    await updateSandboxFaults(limited.id, { forceRateLimit: false });
  });
});

describe("Salesforce outbound messages", () => {
  it("sends an outbound message on change, verified by the URL secret and org id, acked, parsed with the full record", async () => {
    const receiver = await startWebhookReceiver(() => {
      const ack = salesforce.webhookHandler.acknowledge!();
      return new Response(ack.body, { status: ack.status, headers: ack.headers });
    });
    try {
      const secret = "conn-secret-1234567890";
      const url = receiver.url(`/api/webhooks/salesforce/conn1?secret=${secret}`);
      await createSandboxSubscription({ provider: "salesforce", accountId: account.id, url, events: ["Lead"] });
      const sf = salesforce.createClient(ctxFor(tokens));
      const lead = await sf.objects.Lead!.create!({ Email: "hooked@example.com", LastName: "Hooked", Company: "Hook Inc" });
      const contact = await sf.objects.Contact!.create!({ Email: "contact.not.subscribed@example.com", LastName: "C" });
      const got = await receiver.waitFor(1);
      // The Contact change is not subscribed: once the emitter has flushed everything, still one delivery.
      await flushSandboxWebhooks();
      expect(receiver.received).toHaveLength(1);
      expect(got[0]!.body).not.toContain(contact.externalId);
      const d = got[0]!;
      const base = { method: "POST", url: d.url, headers: d.headers, rawBody: d.body, now: new Date(), environment: "sandbox" as const, appSecret: null, config: { sobject: "Lead" as const, loginDomain: "login.salesforce.com" }, credentials: { accessToken: "unused" }, metadata: tokens.metadata };
      expect(await salesforce.webhookHandler.verify({ ...base, connectionSecret: secret })).toEqual({ ok: true });
      expect((await salesforce.webhookHandler.verify({ ...base, connectionSecret: "other-secret" })).ok).toBe(false);
      expect((await salesforce.webhookHandler.verify({ ...base, connectionSecret: secret, metadata: { organization_id: "00DSbFFFFFFFFFFAAA" } })).ok).toBe(false);
      const changes = await salesforce.webhookHandler.parse({ rawBody: d.body, headers: d.headers, config: base.config, metadata: tokens.metadata, client: sf });
      expect(changes).toEqual([expect.objectContaining({ object: "Lead", action: "created", externalId: lead.externalId, fields: expect.objectContaining({ Email: "hooked@example.com", Company: "Hook Inc" }) })]);
      expect(changes[0]?.record?.fields).toMatchObject({ Email: "hooked@example.com", Status: expect.any(String), Favorite_Product__c: null });
      const delivery = await db.sandboxWebhookDelivery.findFirstOrThrow({ where: { accountId: account.id } });
      expect(delivery).toMatchObject({ status: "sent", responseStatus: 200 });
      expect(delivery.responseBody).toContain("<Ack>true</Ack>");
    } finally {
      await receiver.close();
    }
  });
});
