// Contract tests: the GoHighLevel adapter against its sandbox over real HTTP, through lib/http.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { buildAuthorizeUrl, exchangeCode, refreshTokens } from "@/lib/http/oauth2";
import { createHttpClient } from "@/lib/http/http-client";
import { updateSandboxFaults, updateSandboxSettings } from "@/lib/integrations/sandbox/accounts";
import { getRecord, listRecords, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription, flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import type { SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";
import type { WebhookVerifyInput } from "@/lib/integrations/types";
import { createGhlClient, type GhlClient } from "@/lib/integrations/gohighlevel/client";
import { gohighlevel } from "@/lib/integrations/gohighlevel/definition";
import { gohighlevelSandbox, locationSetup } from "@/lib/integrations/gohighlevel/sandbox";
import { gohighlevelWebhook } from "@/lib/integrations/gohighlevel/webhook";
import { caughtAppError } from "@/lib/testing/caught-app-error";

const SEED = 30;
let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;
let account: TestSandbox["account"];
let client: GhlClient;

function pitClient(a: TestSandbox["account"], token = a.apiKey): GhlClient {
  return createGhlClient(
    sandboxConnectionContext({
      provider: gohighlevel,
      origin: server.origin,
      authKind: "api_key",
      credentials: { privateIntegrationToken: token },
      config: { locationId: a.externalId },
    }),
  );
}

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("gohighlevel", { key: "contract", count: SEED, redirectUris: ["https://switchboard.example/api/oauth/callback"] });
  account = sbx.account;
  client = pitClient(account);
});

afterAll(async () => {
  await server.close();
});

describe("contacts", () => {
  it("verifies credentials and rejects a wrong token with the 401 body", async () => {
    await expect(client.verifyCredentials()).resolves.toMatchObject({ accountId: account.externalId });
    const err = await caughtAppError(pitClient(account, "pit-wrong").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.["status"]).toBe(401);
    expect(err.details?.["providerError"]).toMatchObject({ statusCode: 401, message: "Invalid token: access token is invalid" });
    expect(JSON.stringify(err.details)).not.toContain("pit-wrong");
  });

  it("sends the Version header and answers with burst + daily rate-limit headers", async () => {
    const res = await fetch(`${server.baseUrl("gohighlevel")}/contacts/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ locationId: account.externalId }),
    });
    expect(res.status).toBe(400);
    const ok = await fetch(`${server.baseUrl("gohighlevel")}/contacts/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.apiKey}`, version: "2021-07-28", "content-type": "application/json" },
      body: JSON.stringify({ locationId: account.externalId, pageLimit: 1 }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-max")).toBe("100");
    expect(ok.headers.get("x-ratelimit-interval-milliseconds")).toBe("10000");
    expect(ok.headers.get("x-ratelimit-limit-daily")).toBe("200000");
    expect(Number(ok.headers.get("x-ratelimit-remaining"))).toBeLessThan(100);
    expect(Number(ok.headers.get("x-ratelimit-daily-remaining"))).toBeLessThan(200000);
  });

  it("creates, gets, updates, upserts, finds by email and deletes", async () => {
    const created = await client.contacts.create({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@analytical.example",
      phone: "+1 415 555 0134",
      company: "Analytical Engines",
      tags: ["vip"],
      subscribed: true,
      customFields: { "contact.favourite_colour": "green" },
      source: "switchboard",
    });
    expect(created.fields).toMatchObject({ firstName: "Ada", email: "ada@analytical.example", phone: "+14155550134", company: "Analytical Engines", subscribed: true });
    const stored = await getRecord(account.id, "contacts", created.externalId);
    expect(stored?.data["locationId"]).toBe(account.externalId);
    expect(stored?.data["customFields"]).toEqual([{ id: locationSetup(account).customFields[1]!.id, value: "green" }]);

    const got = await client.contacts.get(created.externalId);
    expect(got?.fields.lastName).toBe("Lovelace");
    expect(got?.fields.leadStatus).toBeNull();

    const updated = await client.contacts.update(created.externalId, { lastName: "King", tags: ["vip", "speaker"], subscribed: false });
    expect(updated.fields).toMatchObject({ firstName: "Ada", lastName: "King", tags: ["vip", "speaker"], subscribed: false });
    expect((await getRecord(account.id, "contacts", created.externalId))?.data["dnd"]).toBe(true);

    const found = await client.contacts.searchByEmail("ADA@analytical.example");
    expect(found?.externalId).toBe(created.externalId);
    expect(await client.contacts.searchByEmail("nobody@nowhere.example")).toBeNull();

    const again = await client.contacts.upsert({ email: "ada@analytical.example", company: "Difference Engines" });
    expect(again.created).toBe(false);
    expect(again.contact.externalId).toBe(created.externalId);
    expect(again.contact.fields.company).toBe("Difference Engines");
    const fresh = await client.contacts.upsert({ email: "grace@navy.example", firstName: "Grace" });
    expect(fresh.created).toBe(true);

    await client.contacts.delete(created.externalId);
    expect(await client.contacts.get(created.externalId)).toBeNull();
    expect((await getRecord(account.id, "contacts", created.externalId, { includeDeleted: true }))?.deleted).toBe(true);
    await expect(client.contacts.delete(created.externalId)).resolves.toBeUndefined();
  });

  it("maps each error shape: duplicate 400, not-found 400, validation 422, wrong location 403", async () => {
    const seeded = (await listRecords(account.id, "contacts"))[0]!;
    const dup = await caughtAppError(client.contacts.create({ email: String(seeded.data["email"]) }));
    expect(dup.code).toBe("PROVIDER_DUPLICATE");
    expect(dup.details?.["providerError"]).toMatchObject({
      statusCode: 400,
      message: "This location does not allow duplicated contacts.",
      meta: { contactId: seeded.externalId, matchingField: "email" },
    });

    const missing = await caughtAppError(client.contacts.update("doesNotExist00000000", { firstName: "x" }));
    expect(missing.code).toBe("PROVIDER_NOT_FOUND");
    expect(missing.details?.["providerError"]).toMatchObject({ statusCode: 400, message: "Contact with id doesNotExist00000000 not found" });

    const invalid = await caughtAppError(client.contacts.create({ email: "not-an-email" as string }));
    expect(invalid.code).toBe("PROVIDER_VALIDATION");
    expect(invalid.details?.["providerError"]).toMatchObject({ statusCode: 422, message: ["email must be an email"], error: "Unprocessable Entity" });

    const other = (await createTestSandbox("gohighlevel", { workspaceId: sbx.workspaceId, userId: sbx.userId, key: "other-location", count: 1 })).account;
    const wrongLocation = createGhlClient(
      sandboxConnectionContext({
        provider: gohighlevel,
        origin: server.origin,
        authKind: "api_key",
        credentials: { privateIntegrationToken: account.apiKey },
        config: { locationId: other.externalId },
      }),
    );
    const forbidden = await caughtAppError(wrongLocation.verifyCredentials());
    expect(forbidden.code).toBe("INVALID_CREDENTIALS");
    expect(forbidden.details?.["status"]).toBe(403);
  });

  it("pages through every contact with searchAfter, in dateUpdated order", async () => {
    const all = await listRecords(account.id, "contacts");
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
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.length).toBe(all.length);
    expect(new Set(seen).size).toBe(all.length);
    expect(pages).toBeGreaterThan(3);
  });

  it("lists only contacts changed since the dateUpdated lower bound", async () => {
    const before = new Date(Date.now() + 1000);
    const target = (await listRecords(account.id, "contacts"))[3]!;
    const later = new Date(before.getTime() + 5000);
    await updateRecord({
      account,
      objectType: "contacts",
      externalId: target.externalId,
      data: { ...target.data, firstName: "Changed", dateUpdated: later.toISOString() },
      now: later,
      source: { kind: "panel" },
    });
    const page = await client.contacts.listChangedSince({ since: before.toISOString(), cursor: null });
    expect(page.items.map((c) => c.externalId)).toEqual([target.externalId]);
    expect(page.items[0]?.fields.firstName).toBe("Changed");
    expect(page.nextCursor).toBeNull();
  });

  it("refuses page beyond the 10,000-record window and page together with searchAfter", async () => {
    const base = `${server.baseUrl("gohighlevel")}/contacts/search`;
    const headers = { authorization: `Bearer ${account.apiKey}`, version: "2021-07-28", "content-type": "application/json" };
    const deep = await fetch(base, { method: "POST", headers, body: JSON.stringify({ locationId: account.externalId, page: 101, pageLimit: 100 }) });
    expect(deep.status).toBe(400);
    const both = await fetch(base, { method: "POST", headers, body: JSON.stringify({ locationId: account.externalId, page: 1, searchAfter: [1, "x"] }) });
    expect(both.status).toBe(400);
  });

  it("turns a forced 429 into RATE_LIMITED with Retry-After", async () => {
    await updateSandboxFaults(account.id, { forceRateLimit: true, retryAfterSeconds: 7 });
    try {
      const err = await caughtAppError(client.contacts.get("anything0000000000000"));
      expect(err.code).toBe("RATE_LIMITED");
      expect(err.details?.["retryAfterMs"]).toBe(7000);
      expect(err.details?.["rateLimit"]).toMatchObject({ remaining: 0, limit: 100 });
    } finally {
      await updateSandboxFaults(account.id, { forceRateLimit: false });
    }
  });

  it("surfaces a 5xx as PROVIDER_UNAVAILABLE", async () => {
    await updateSandboxFaults(account.id, { errorRate: 1 });
    try {
      const err = await caughtAppError(client.contacts.get("anything0000000000000"));
      expect(err.code).toBe("PROVIDER_UNAVAILABLE");
      expect(err.details?.["retryable"]).toBe(true);
    } finally {
      await updateSandboxFaults(account.id, { errorRate: 0 });
    }
  });
});

describe("opportunities -> lead status", () => {
  it("reads the lead status from the contact's opportunity and moves it on update", async () => {
    const opp = (await listRecords(account.id, "opportunities"))[0]!;
    const contactId = String(opp.data["contactId"]);
    const statusBefore = String(opp.data["status"]);
    const expected = { open: "open", won: "won", lost: "lost", abandoned: "unqualified" }[statusBefore];
    const got = await client.contacts.get(contactId);
    expect(got?.fields.leadStatus).toBe(expected);

    const updated = await client.contacts.update(contactId, { leadStatus: statusBefore === "won" ? "lost" : "won" });
    const wanted = statusBefore === "won" ? "lost" : "won";
    expect(updated.fields.leadStatus).toBe(wanted);
    expect((await getRecord(account.id, "opportunities", opp.externalId))?.data["status"]).toBe(wanted);
    expect((await client.opportunities.listForContact(contactId)).map((o) => o.status)).toEqual([wanted]);
  });

  it("rejects an unknown opportunity status with 422", async () => {
    const opp = (await listRecords(account.id, "opportunities"))[1]!;
    const res = await fetch(`${server.baseUrl("gohighlevel")}/opportunities/${opp.externalId}/status`, {
      method: "PUT",
      headers: { authorization: `Bearer ${account.apiKey}`, version: "2021-07-28", "content-type": "application/json" },
      body: JSON.stringify({ status: "maybe" }),
    });
    expect(res.status).toBe(422);
  });
});

describe("calendars", () => {
  it("reads appointments of the calendar in a time window, and one by id", async () => {
    const setup = locationSetup(account);
    const stored = await listRecords(account.id, "appointments");
    const now = Date.now();
    const list = await client.appointments.list({ calendarId: setup.calendarId, start: now - 30 * 86_400_000, end: now + 60 * 86_400_000 });
    const inWindow = stored.filter((r) => {
      const t = Date.parse(String(r.data["startTime"]));
      return t >= now - 30 * 86_400_000 && t <= now + 60 * 86_400_000;
    });
    expect(list.length).toBe(inWindow.length);
    expect(list.length).toBeGreaterThan(0);
    const withCalendar = createGhlClient(
      sandboxConnectionContext({
        provider: gohighlevel,
        origin: server.origin,
        authKind: "api_key",
        credentials: { privateIntegrationToken: account.apiKey },
        config: { locationId: account.externalId, calendarId: setup.calendarId },
      }),
    );
    const changed = await withCalendar.appointments.listChangedSince!({ since: null, cursor: null });
    expect(changed.items.length).toBe(inWindow.length);
    const times = changed.items.map((a) => Date.parse(a.remoteUpdatedAt ?? ""));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const cut = times[Math.floor(times.length / 2)]!;
    const later = await withCalendar.appointments.listChangedSince!({ since: new Date(cut).toISOString(), cursor: null });
    expect(later.items.length).toBe(times.filter((t) => t >= cut).length);
    const one = await client.appointments.get!(list[0]!.externalId);
    expect(one?.calendarId).toBe(setup.calendarId);
    expect(await client.appointments.get!("missingAppointment00")).toBeNull();
  });

  it("returns free slots per day and a block slot removes the blocked time", async () => {
    const setup = locationSetup(account);
    // a Monday three weeks out, 00:00 UTC
    const d = new Date(Date.now() + 21 * 86_400_000);
    d.setUTCHours(0, 0, 0, 0);
    while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const before = await client.calendars.freeSlots({ calendarId: setup.calendarId, start: d.getTime(), end: d.getTime() + 86_400_000 - 1, timezone: "UTC" });
    expect(Object.keys(before)).toEqual([day]);
    const slot = `${day}T14:00:00+00:00`;
    const slotsBefore = before[day]!;
    const busyAlready = !slotsBefore.includes(slot);
    const block = await client.calendars.blockSlot({
      calendarId: setup.calendarId,
      startTime: `${day}T14:00:00Z`,
      endTime: `${day}T15:00:00Z`,
      title: "Team offsite",
    });
    expect(block).toMatchObject({ locationId: account.externalId, calendarId: setup.calendarId, title: "Team offsite" });
    const after = await client.calendars.freeSlots({ calendarId: setup.calendarId, start: d.getTime(), end: d.getTime() + 86_400_000 - 1, timezone: "UTC" });
    expect(after[day]).not.toContain(slot);
    expect(after[day]).not.toContain(`${day}T14:30:00+00:00`);
    if (!busyAlready) expect(after[day]!.length).toBeLessThan(slotsBefore.length);

    const ny = await client.calendars.freeSlots({ calendarId: setup.calendarId, start: d.getTime(), end: d.getTime() + 2 * 86_400_000, timezone: "America/New_York" });
    expect(Object.values(ny).flat().every((s) => /T\d{2}:\d{2}:00-0[45]:00$/.test(s))).toBe(true);

    const tooLong = await caughtAppError(client.calendars.freeSlots({ calendarId: setup.calendarId, start: d.getTime(), end: d.getTime() + 40 * 86_400_000 }));
    expect(tooLong.code).toBe("PROVIDER_VALIDATION");
    await expect(client.calendars.blockSlot({ calendarId: setup.calendarId, assignedUserId: "u", startTime: "x", endTime: "y" })).rejects.toThrow(AppError);
  });
});

describe("OAuth", () => {
  it("authorize (consent form) -> code -> tokens with locationId -> rotating refresh", async () => {
    const app = sbx.app!;
    const http = createHttpClient({ provider: "gohighlevel", allowedOrigins: [server.origin] });
    const urlInput = { environment: "sandbox" as const, appUrl: server.origin, config: {} };
    const redirectUri = "https://switchboard.example/api/oauth/callback";
    const authorizeUrl = buildAuthorizeUrl(gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, redirectUri, state: "st4te" });
    expect(authorizeUrl.startsWith(`${server.origin}/sandbox/gohighlevel/v2/oauth/chooselocation?`)).toBe(true);
    const page = await fetch(authorizeUrl, { headers: { [TEST_USER_HEADER]: sbx.userId } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("contacts.write");

    const params = new URL(authorizeUrl).searchParams;
    params.set("decision", "allow");
    params.set("account_id", account.id);
    const consent = await fetch(authorizeUrl.split("?")[0]!, { method: "POST", body: params.toString(), headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: sbx.userId }, redirect: "manual" });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("st4te");
    const code = back.searchParams.get("code")!;

    const tokens = await exchangeCode(http, gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, code, redirectUri });
    expect(tokens.metadata).toMatchObject({ locationId: account.externalId, userType: "Location" });
    expect(Date.parse(tokens.expiresAt!) - Date.now()).toBeGreaterThan(86_000_000);

    const oauthCtx = sandboxConnectionContext({
      provider: gohighlevel,
      origin: server.origin,
      authKind: "oauth2",
      credentials: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
      metadata: tokens.metadata,
      client: { clientId: app.clientId, clientSecret: app.clientSecret },
    });
    const oauthClient = createGhlClient(oauthCtx);
    await expect(oauthClient.verifyCredentials()).resolves.toMatchObject({ accountId: account.externalId });

    const refreshed = await refreshTokens(http, gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: tokens.refreshToken! });
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    const reused = await caughtAppError(refreshTokens(http, gohighlevel.oauth2!, { ...urlInput, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: tokens.refreshToken! }));
    expect(reused.code).toBe("TOKEN_REFRESH_FAILED");

    // an expired access token: the adapter refreshes once and retries
    const expiredCtx = sandboxConnectionContext({
      provider: gohighlevel,
      origin: server.origin,
      authKind: "oauth2",
      credentials: { accessToken: "ghl-at-revoked", refreshToken: refreshed.refreshToken, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      metadata: tokens.metadata,
      client: { clientId: app.clientId, clientSecret: app.clientSecret },
    });
    await expect(createGhlClient(expiredCtx).verifyCredentials()).resolves.toMatchObject({ accountId: account.externalId });
  });
});

describe("webhooks", () => {
  it("emits Ed25519-signed contact events that the adapter's own verifier accepts and parses", async () => {
    await flushSandboxWebhooks();
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "gohighlevel", accountId: account.id, url: receiver.url("/api/webhooks/gohighlevel/conn") });
      const created = await client.contacts.create({ firstName: "Hook", email: "hook@example.com", tags: ["a"] });
      await client.contacts.update(created.externalId, { tags: ["a", "b"] });
      const received = await receiver.waitFor(2);
      expect(received).toHaveLength(2);
      const input = (r: (typeof received)[number]): WebhookVerifyInput => ({
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
      for (const r of received) {
        expect(r.headers.get("x-ghl-signature")).toBeTruthy();
        expect(r.headers.get("x-wh-signature")).toBeNull();
        expect(await gohighlevelWebhook.verify(input(r))).toEqual({ ok: true });
        // the live key must not accept sandbox signatures
        const live = await gohighlevelWebhook.verify({ ...input(r), environment: "live" });
        expect(live.ok).toBe(false);
      }
      const events = received.flatMap((r) => gohighlevelWebhook.parse(r.body));
      expect(events.map((e) => [e.object, e.action, e.externalId])).toEqual([
        ["contact", "created", created.externalId],
        ["contact", "updated", created.externalId],
      ]);
      expect(JSON.parse(received[1]!.body).type).toBe("ContactTagUpdate");
      expect(events[1]?.fields?.tags).toEqual(["a", "b"]);
      expect(gohighlevelWebhook.routingKey!(received[0]!.body)).toBe(account.externalId);

      // a tampered body fails
      const tampered = await gohighlevelWebhook.verify({ ...input(received[0]!), rawBody: received[0]!.body.replace("Hook", "Hack") });
      expect(tampered.ok).toBe(false);

      // the legacy RSA header, when the account still sends it
      await updateSandboxSettings(account.id, { legacyRsaSignature: true });
      const fresh = (await db.sandboxAccount.findUniqueOrThrow({ where: { id: account.id } })) as SandboxAccount;
      expect(fresh.settings).toMatchObject({ legacyRsaSignature: true });
      await client.contacts.update(created.externalId, { firstName: "Legacy" });
      const all = await receiver.waitFor(3);
      const legacy = all[2]!;
      expect(legacy.headers.get("x-wh-signature")).toBeTruthy();
      const onlyRsa = new Headers(legacy.headers);
      onlyRsa.delete("x-ghl-signature");
      expect(await gohighlevelWebhook.verify({ ...input(legacy), headers: onlyRsa })).toEqual({ ok: true });
    } finally {
      await receiver.close();
    }
  });

  it("emits OpportunityStatusUpdate on a status change, parsed into the contact's lead status", async () => {
    await flushSandboxWebhooks();
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "gohighlevel", accountId: account.id, url: receiver.url(), events: ["OpportunityStatusUpdate"] });
      const opp = (await listRecords(account.id, "opportunities"))[5]!;
      const target = opp.data["status"] === "lost" ? "won" : "lost";
      await client.opportunities.update!(opp.externalId, { status: target });
      const [delivery] = await receiver.waitFor(1);
      const events = gohighlevelWebhook.parse(delivery!.body);
      expect(events.map((e) => [e.object, e.action, e.externalId, e.fields?.leadStatus])).toEqual([
        ["opportunity", "status_changed", opp.externalId, target],
        ["contact", "updated", String(opp.data["contactId"]), target],
      ]);
    } finally {
      await receiver.close();
    }
  });
});
