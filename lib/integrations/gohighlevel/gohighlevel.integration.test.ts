// GoHighLevel's own tests against its sandbox over real HTTP, through lib/http: what the shared contract
// suite (lib/integrations/contract.integration.test.ts) does not cover — the Version header, the virtual
// lead status on opportunities, custom fields by id and key, calendars / appointments / free and block
// slots, OAuth (both authorize paths, rotating refresh), and signed app-level webhooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthorizeUrl, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createHttpClient } from "@/lib/http/http-client";
import { updateSandboxSettings } from "@/lib/integrations/sandbox/accounts";
import { getRecord, listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription, flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import type { ConnectionContext, WebhookVerifyInput } from "@/lib/integrations/types";
import { createGhlClient, type GhlClient } from "@/lib/integrations/gohighlevel/client";
import { gohighlevel } from "@/lib/integrations/gohighlevel/definition";
import { locationSetup } from "@/lib/integrations/gohighlevel/sandbox";
import type { GohighlevelConfig, GohighlevelCredentials } from "@/lib/integrations/gohighlevel/settings";
import { gohighlevelWebhook } from "@/lib/integrations/gohighlevel/webhook";
import { caughtAppError } from "@/lib/testing/caught-app-error";

const SEED = 30;
let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;
let account: TestSandbox["account"];
let client: GhlClient;

/** The test context is untyped (any provider); the definition's schemas produce exactly this shape. */
const typed = (ctx: ConnectionContext) => ctx as ConnectionContext<GohighlevelConfig, GohighlevelCredentials>;

function pitClient(locationId: string, token: string, config: Partial<GohighlevelConfig> = {}): GhlClient {
  return createGhlClient(
    typed(sandboxConnectionContext({ provider: gohighlevel, origin: server.origin, authKind: "api_key", credentials: { privateIntegrationToken: token }, config: { locationId, ...config } })),
  );
}

const api = (path: string) => `${server.baseUrl("gohighlevel")}${path}`;

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("gohighlevel", { key: "ghl", count: SEED, redirectUris: ["https://switchboard.example/api/oauth/callback"] });
  account = sbx.account;
  client = pitClient(account.externalId, account.apiKey);
});

afterAll(async () => {
  await server.close();
});

describe("API surface", () => {
  it("requires a Version header, accepts the spec's and the official SDK's default, and sends rate-limit headers", async () => {
    const body = JSON.stringify({ locationId: account.externalId, pageLimit: 1 });
    const headers = { authorization: `Bearer ${account.apiKey}`, "content-type": "application/json" };
    const missing = await fetch(api("/contacts/search"), { method: "POST", headers, body });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ statusCode: 400, message: "version header is missing or invalid" });
    for (const version of ["2021-07-28", "2023-02-21"]) {
      const ok = await fetch(api("/contacts/search"), { method: "POST", headers: { ...headers, version }, body });
      expect(ok.status, version).toBe(200);
      expect(ok.headers.get("x-ratelimit-max")).toBe("100");
      expect(ok.headers.get("x-ratelimit-interval-milliseconds")).toBe("10000");
      expect(ok.headers.get("x-ratelimit-limit-daily")).toBe("200000");
      expect(Number(ok.headers.get("x-ratelimit-remaining"))).toBeLessThan(100);
    }
    const wrong = await fetch(api("/contacts/search"), { method: "POST", headers: { ...headers, version: "2020-01-01" }, body });
    expect(wrong.status).toBe(400);
  });

  it("answers a token of another location with 403, and a wrong token with GHL's 401 body", async () => {
    const other = await createTestSandbox("gohighlevel", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "other-location", count: 1 });
    const forbidden = await caughtAppError(pitClient(other.account.externalId, account.apiKey).verifyCredentials());
    expect(forbidden.code).toBe("INVALID_CREDENTIALS");
    expect(forbidden.details?.["status"]).toBe(403);
    const wrong = await caughtAppError(pitClient(account.externalId, "pit-wrong").verifyCredentials());
    expect(wrong.details?.["providerError"]).toMatchObject({ statusCode: 401, message: "Invalid token: access token is invalid" });
    expect(JSON.stringify(wrong.details)).not.toContain("pit-wrong");
  });

  it("refuses page beyond the 10,000-record search window and page together with searchAfter", async () => {
    const headers = { authorization: `Bearer ${account.apiKey}`, version: "2021-07-28", "content-type": "application/json" };
    const deep = await fetch(api("/contacts/search"), { method: "POST", headers, body: JSON.stringify({ locationId: account.externalId, page: 101, pageLimit: 100 }) });
    expect(deep.status).toBe(400);
    const both = await fetch(api("/contacts/search"), { method: "POST", headers, body: JSON.stringify({ locationId: account.externalId, page: 1, searchAfter: [1, "x"] }) });
    expect(both.status).toBe(400);
  });
});

describe("contacts", () => {
  it("writes custom fields by field key and by id; reads them back by id", async () => {
    const setup = locationSetup(account);
    const [score, colour] = [setup.customFields[0]!, setup.customFields[1]!];
    const created = await client.objects.contacts.create!({ firstName: "Ada", email: "ada@analytical.example", "contact.favourite_colour": "green", [score.id]: "42" });
    expect(created.fields).toMatchObject({ firstName: "Ada", email: "ada@analytical.example", [colour.id]: "green", [score.id]: "42" });
    const stored = await getRecord(account.id, "contacts", created.externalId);
    expect(stored?.data["customFields"]).toEqual(expect.arrayContaining([{ id: colour.id, value: "green" }, { id: score.id, value: "42" }]));
    // null clears a custom value
    const cleared = await client.objects.contacts.update!(created.externalId, { [colour.id]: null });
    expect(cleared.fields).not.toHaveProperty(colour.id);
    // a key GHL does not have is refused before any request
    expect((await caughtAppError(client.objects.contacts.update!(created.externalId, { favourite: "x" }))).code).toBe("PROVIDER_VALIDATION");
  });

  it("describes the location's custom fields with their picklists; a second field of the same name is refused", async () => {
    const contacts = client.objects.contacts;
    const before = await contacts.describeFields!();
    expect(before.filter((f) => f.custom).map((f) => f.label)).toEqual(["Lead score", "Favourite colour", "Plan"]);
    expect(before.find((f) => f.label === "Plan")).toMatchObject({ type: "enum", options: [{ value: "Starter", label: "Starter" }, { value: "Pro", label: "Pro" }, { value: "Agency", label: "Agency" }] });
    const field = await contacts.createField!({ key: "tier", label: "Tier", type: "enum", options: [{ value: "gold", label: "Gold" }] });
    expect(field).toMatchObject({ label: "Tier", type: "enum", custom: true, options: [{ value: "gold", label: "gold" }] });
    const dup = await caughtAppError(contacts.createField!({ key: "tier", label: "Tier", type: "string" }));
    expect(dup.code).toBe("PROVIDER_VALIDATION");
    expect(dup.details?.["providerError"]).toMatchObject({ statusCode: 400, message: "Custom field with name Tier already exists" });
  });

  it("carries the lead status as the latest opportunity's status, and moves that opportunity on write", async () => {
    const opp = (await listRecords(account.id, "opportunities"))[0]!;
    const contactId = String(opp.data["contactId"]);
    const got = await client.objects.contacts.get!(contactId);
    expect(got?.fields["opportunityStatus"]).toBe(opp.data["status"]);
    const wanted = opp.data["status"] === "won" ? "lost" : "won";
    const updated = await client.objects.contacts.update!(contactId, { opportunityStatus: wanted });
    expect(updated.fields["opportunityStatus"]).toBe(wanted);
    expect((await getRecord(account.id, "opportunities", opp.externalId))?.data["status"]).toBe(wanted);
    // no opportunity: no status, nothing created
    const lonely = await client.objects.contacts.create!({ email: "lonely@example.com", opportunityStatus: "won" });
    expect(lonely.fields["opportunityStatus"]).toBeNull();
    expect((await listRecords(account.id, "opportunities")).some((o) => o.data["contactId"] === lonely.externalId)).toBe(false);
    expect((await caughtAppError(client.objects.contacts.update!(contactId, { opportunityStatus: "maybe" }))).code).toBe("PROVIDER_VALIDATION");
  });

});

describe("calendars, free and block slots", () => {
  it("lists the location's calendars (the primary one first, with the seeded appointments) and gets one", async () => {
    const setup = locationSetup(account);
    const page = await client.objects.calendars.listAll!({ cursor: null });
    expect(page.items[0]?.externalId).toBe(setup.calendarId);
    expect(page.items.length).toBe((await listRecords(account.id, "calendars")).length);
    expect(page.nextCursor).toBeNull();
    expect((await listRecords(account.id, "appointments")).every((a) => a.data["calendarId"] === setup.calendarId)).toBe(true);
    expect((await client.objects.calendars.get!(setup.calendarId))?.fields["name"]).toBe("Consultations");
    expect(await client.objects.calendars.get!("noSuchCalendar000000")).toBeNull();
  });

  it("free slots per local day; a block slot removes the blocked time, moving it frees it again", async () => {
    const setup = locationSetup(account);
    // a Monday three weeks out, 00:00 UTC
    const d = new Date(Date.now() + 21 * 86_400_000);
    d.setUTCHours(0, 0, 0, 0);
    while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const range = { calendarId: setup.calendarId, start: d.getTime(), end: d.getTime() + 86_400_000 - 1, timezone: "UTC" };
    const before = await client.freeSlots(range);
    expect(Object.keys(before)).toEqual([day]);
    const slot = `${day}T14:00:00+00:00`;
    const wasFree = before[day]!.includes(slot);

    const block = await client.objects.block_slots.create!({ calendarId: setup.calendarId, startTime: `${day}T14:00:00Z`, endTime: `${day}T15:00:00Z`, title: "Team offsite" });
    expect(block.fields).toMatchObject({ locationId: account.externalId, calendarId: setup.calendarId, title: "Team offsite" });
    const blocked = await client.freeSlots(range);
    expect(blocked[day]).not.toContain(slot);
    expect(blocked[day]).not.toContain(`${day}T14:30:00+00:00`);

    await client.objects.block_slots.update!(block.externalId, { startTime: `${day}T16:00:00Z`, endTime: `${day}T16:30:00Z` });
    const moved = await client.freeSlots(range);
    expect(moved[day]).not.toContain(`${day}T16:00:00+00:00`);
    if (wasFree) expect(moved[day]).toContain(slot);
    await client.objects.block_slots.delete!(block.externalId);
    expect((await getRecord(account.id, "block_slots", block.externalId, { includeDeleted: true }))?.deleted).toBe(true);

    const ny = await client.freeSlots({ ...range, end: d.getTime() + 2 * 86_400_000, timezone: "America/New_York" });
    expect(Object.values(ny).flat().every((s) => /T\d{2}:\d{2}:00-0[45]:00$/.test(s))).toBe(true);
    expect((await caughtAppError(client.freeSlots({ ...range, end: d.getTime() + 40 * 86_400_000 }))).code).toBe("PROVIDER_VALIDATION");
    expect((await caughtAppError(client.objects.block_slots.create!({ calendarId: setup.calendarId, assignedUserId: "u", startTime: "x", endTime: "y" }))).code).toBe("PROVIDER_VALIDATION");
  });
});

describe("OAuth", () => {
  it("authorize on the documented and the SDK's path -> code -> tokens with locationId -> rotating refresh -> refresh on 401", async () => {
    const app = sbx.app!;
    const http = createHttpClient({ provider: "gohighlevel", allowedOrigins: [server.origin] });
    const urlInput = { environment: "sandbox" as const, appUrl: server.origin, config: {} };
    const redirectUri = "https://switchboard.example/api/oauth/callback";
    const authorizeUrl = buildAuthorizeUrl(gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, redirectUri, state: "st4te" });
    expect(authorizeUrl.startsWith(`${server.origin}/sandbox/gohighlevel/v2/oauth/chooselocation?`)).toBe(true);
    // @gohighlevel/api-client's getAuthorizationUrl() builds <marketplace>/oauth/chooselocation (no /v2)
    const sdkPath = authorizeUrl.replace("/v2/oauth/chooselocation", "/oauth/chooselocation");
    for (const url of [authorizeUrl, sdkPath]) {
      const page = await fetch(url, { headers: { [TEST_USER_HEADER]: sbx.userId } });
      expect(page.status, url).toBe(200);
      expect(await page.text()).toContain("contacts.write");
    }

    const params = new URL(sdkPath).searchParams;
    params.set("decision", "allow");
    params.set("account_id", account.id);
    const consent = await fetch(sdkPath.split("?")[0]!, { method: "POST", body: params.toString(), headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: sbx.userId }, redirect: "manual" });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("st4te");

    const tokens = await exchangeCode(http, gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, code: back.searchParams.get("code")!, redirectUri });
    expect(tokens.metadata).toMatchObject({ locationId: account.externalId, userType: "Location" });
    expect(Date.parse(tokens.expiresAt!) - Date.now()).toBeGreaterThan(86_000_000);

    const oauthClient = (accessToken: string, refreshToken: string | null | undefined) =>
      createGhlClient(
        typed(
          sandboxConnectionContext({
            provider: gohighlevel,
            origin: server.origin,
            authKind: "oauth2",
            credentials: { accessToken, refreshToken, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
            metadata: tokens.metadata,
            client: { clientId: app.clientId, clientSecret: app.clientSecret },
          }),
        ),
      );
    await expect(oauthClient(tokens.accessToken, tokens.refreshToken).verifyCredentials()).resolves.toMatchObject({ accountId: account.externalId });

    const refreshed = await refreshTokens(http, gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: tokens.refreshToken! });
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    const reused = await caughtAppError(refreshTokens(http, gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: tokens.refreshToken! }));
    expect(reused.code).toBe("TOKEN_REFRESH_FAILED");

    // an access token the sandbox no longer knows: ctx.request refreshes once (refreshOn401) and retries
    await expect(oauthClient("ghl-at-revoked", refreshed.refreshToken).verifyCredentials()).resolves.toMatchObject({ accountId: account.externalId });
  });
});

describe("webhooks (app-level, Ed25519-signed)", () => {
  const verifyInput = (r: { method: string; url: string; headers: Headers; body: string }): WebhookVerifyInput => ({
    method: r.method,
    url: r.url,
    headers: r.headers,
    rawBody: r.body,
    now: new Date(),
    connectionSecret: null,
    appSecret: null,
    config: {},
    credentials: {},
    metadata: {},
    environment: "sandbox",
    sandboxPublicKeys: sbx.webhookPublicKeys,
  });

  it("deliveries carry the app id the official SDK checks, verify with the workspace key only, route by location and parse", async () => {
    await flushSandboxWebhooks();
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "gohighlevel", accountId: account.id, url: receiver.url("/api/webhooks/gohighlevel") });
      const created = await client.objects.contacts.create!({ firstName: "Hook", email: "hook@example.com", tags: ["a"] });
      await client.objects.contacts.update!(created.externalId, { tags: ["a", "b"] });
      const received = await receiver.waitFor(2);
      expect(received).toHaveLength(2);
      for (const r of received) {
        const body = JSON.parse(r.body) as Record<string, unknown>;
        // @gohighlevel/api-client's WebhookManager: appId must equal CLIENT_ID.split("-")[0]
        expect(body["appId"]).toBe(sbx.app!.clientId.split("-")[0]);
        expect(body).toMatchObject({ locationId: account.externalId, webhookId: expect.any(String), timestamp: expect.any(String) });
        expect(r.headers.get("x-ghl-signature")).toBeTruthy();
        expect(r.headers.get("x-wh-signature")).toBeNull();
        expect(await gohighlevelWebhook.verify(verifyInput(r))).toEqual({ ok: true });
        // GHL's published key must not accept sandbox signatures
        expect((await gohighlevelWebhook.verify({ ...verifyInput(r), environment: "live" })).ok).toBe(false);
        expect(gohighlevelWebhook.routingKey!({ rawBody: r.body, headers: r.headers })).toBe(account.externalId);
      }
      const changes = (await Promise.all(received.map((r) => gohighlevelWebhook.parse({ rawBody: r.body, headers: r.headers, config: {}, metadata: {} })))).flat();
      expect(changes.map((c) => [c.object, c.action, c.externalId])).toEqual([
        ["contacts", "created", created.externalId],
        ["contacts", "updated", created.externalId],
      ]);
      expect(JSON.parse(received[1]!.body).type).toBe("ContactTagUpdate");
      expect(changes[1]?.fields?.["tags"]).toEqual(["a", "b"]);
      expect(changes[1]?.record?.externalId).toBe(created.externalId);
      const tampered = await gohighlevelWebhook.verify({ ...verifyInput(received[0]!), rawBody: received[0]!.body.replace("Hook", "Hack") });
      expect(tampered.ok).toBe(false);

      // the legacy RSA header, when the account still sends it
      await updateSandboxSettings(account.id, { legacyRsaSignature: true });
      await client.objects.contacts.update!(created.externalId, { firstName: "Legacy" });
      const legacy = (await receiver.waitFor(3))[2]!;
      expect(legacy.headers.get("x-wh-signature")).toBeTruthy();
      const onlyRsa = new Headers(legacy.headers);
      onlyRsa.delete("x-ghl-signature");
      expect(await gohighlevelWebhook.verify({ ...verifyInput(legacy), headers: onlyRsa })).toEqual({ ok: true });
    } finally {
      await updateSandboxSettings(account.id, { legacyRsaSignature: false });
      await receiver.close();
    }
  });

  it("an opportunity status change arrives as OpportunityStatusUpdate: an opportunities change and the contact's opportunityStatus", async () => {
    await flushSandboxWebhooks();
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "gohighlevel", accountId: account.id, url: receiver.url(), events: ["OpportunityStatusUpdate"] });
      const opp = (await listRecords(account.id, "opportunities"))[5]!;
      const target = opp.data["status"] === "lost" ? "won" : "lost";
      await client.objects.opportunities.update!(opp.externalId, { status: target });
      const [delivery] = await receiver.waitFor(1);
      const changes = await gohighlevelWebhook.parse({ rawBody: delivery!.body, headers: delivery!.headers, config: {}, metadata: {} });
      expect(changes.map((c) => [c.object, c.action, c.externalId, c.fields?.["status"] ?? c.fields?.["opportunityStatus"]])).toEqual([
        ["opportunities", "updated", opp.externalId, target],
        ["contacts", "updated", String(opp.data["contactId"]), target],
      ]);
    } finally {
      await receiver.close();
    }
  });
});
