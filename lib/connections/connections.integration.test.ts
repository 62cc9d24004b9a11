// Both connect paths and their failures against the HubSpot sandbox over real HTTP (the product's own
// lib/http client, the sandbox served by the core's test server standing in for appUrl), plus the vault
// guarantees: no secret in responses, DTOs, errors, audit rows or captured console output.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { isAppError } from "@/lib/errors/app-error";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { revokeToken, sha256 } from "@/lib/integrations/sandbox/oauth";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { oauthCredentialsSchema } from "@/lib/integrations/types";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { buildConnectionContext } from "@/lib/connections/build-connection-context";
import { completeOAuth } from "@/lib/connections/complete-oauth";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { deleteConnection } from "@/lib/connections/delete-connection";
import { getConnectionDto, listConnections } from "@/lib/connections/list-connections";
import { loadConnection, openCredentials } from "@/lib/connections/load-connection";
import { refreshExpiringTokens } from "@/lib/connections/refresh-expiring-tokens";
import { renameConnection } from "@/lib/connections/rename-connection";
import { rotateWebhookSecret } from "@/lib/connections/rotate-webhook-secret";
import { setSyncEnabled } from "@/lib/connections/set-sync-enabled";
import { startOAuth } from "@/lib/connections/start-oauth";
import { testConnection } from "@/lib/connections/test-connection";
import { openWebhookSecret } from "@/lib/connections/webhook-secret";
import { caughtAppError as caughtAny } from "@/lib/testing/caught-app-error";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let access: WorkspaceAccess;
const consoleOutput: string[] = [];
const errorsSeen: unknown[] = [];
const knownSecrets = new Set<string>();

/** Every AppError a test provokes is kept, so the leak check below reads what a caller would have seen. */
async function caughtAppError(p: Promise<unknown>) {
  const err = await caughtAny(p);
  errorsSeen.push(err);
  return err;
}
/** Connections of the workspaces this file made (never the whole table: the database may be shared). */
const connectionCount = (workspaceId = access.workspace.id) => db.connection.count({ where: { workspaceId } });

/** Drive the sandbox consent screen like the browser does; returns the callback query. */
async function consent(authorizeUrl: string, decision: "allow" | "deny" = "allow"): Promise<{ state: string | null; code: string | null; error: string | null }> {
  const url = new URL(authorizeUrl);
  const page = await fetch(url, { headers: { [TEST_USER_HEADER]: access.user.id } });
  expect(page.status).toBe(200);
  const form = new URLSearchParams(url.searchParams);
  form.set("decision", decision);
  form.set("account_id", account.id);
  const res = await fetch(url, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: access.user.id }, redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(back.pathname).toBe("/api/oauth/callback");
  return { state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: back.searchParams.get("error") };
}

async function connectOAuth(a: WorkspaceAccess, name = "HubSpot OAuth"): Promise<string> {
  const { authorizeUrl } = await startOAuth(a, { provider: "hubspot", environment: "sandbox", name });
  const cb = await consent(authorizeUrl);
  const { connectionId } = await completeOAuth(a.user, cb);
  return connectionId;
}

async function remember(connectionId: string) {
  const c = await loadConnection(access.workspace.id, connectionId);
  const creds = await openCredentials(c);
  for (const k of ["accessToken", "refreshToken", "apiKey"]) if (typeof creds[k] === "string") knownSecrets.add(creds[k]);
  const wh = await openWebhookSecret(c);
  if (wh) knownSecrets.add(wh);
}

const accessTokenCount = () => db.sandboxToken.count({ where: { kind: "access", accountId: account.id } });

beforeAll(async () => {
  for (const m of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[m].bind(console);
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ""}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      original(...args);
    });
  }
  server = await startSandboxServer();
  process.env.APP_URL = server.origin;
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  resetEnvCache();
  access = await createTestWorkspace();
  // The workspace's own sandbox account (a sandbox connection uses its workspace's sandbox app).
  account = (await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, key: "connections", count: 3 })).account;
  knownSecrets.add(account.apiKey);
});

afterAll(async () => {
  await server.close();
  delete process.env.APP_URL;
  delete process.env.MASTER_KEY;
  resetEnvCache();
  vi.restoreAllMocks();
});

describe("connect with an API key", () => {
  it("verifies against the sandbox, seals the key and saves an active connection", async () => {
    const { id } = await connectApiKey(access, { provider: "hubspot", name: "HubSpot private app", environment: "sandbox", credentials: { accessToken: account.apiKey } });
    const row = await loadConnection(access.workspace.id, id);
    expect(row).toMatchObject({ status: "active", authKind: "api_key", environment: "sandbox", provider: "hubspot", syncEnabled: true });
    expect(row.metadata).toMatchObject({ accountId: account.externalId });
    expect(row.credentialsSealed).not.toContain(account.apiKey);
    expect(await openCredentials(row)).toEqual({ accessToken: account.apiKey });
    expect(await db.auditEvent.count({ where: { workspaceId: access.workspace.id, action: "connection.created", targetId: id } })).toBe(1);
    await remember(id);
  });

  it("bad credentials: INVALID_CREDENTIALS and nothing saved", async () => {
    const before = await connectionCount();
    const err = await caughtAppError(connectApiKey(access, { provider: "hubspot", name: "x", environment: "sandbox", credentials: { accessToken: "pat-na1-wrong-token-123456" } }));
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(await connectionCount()).toBe(before);
  });

  it("a missing field: CONFIG_SCHEMA_INVALID naming the field, no provider call, nothing saved", async () => {
    const before = await connectionCount();
    const err = await caughtAppError(connectApiKey(access, { provider: "hubspot", name: "x", environment: "sandbox", credentials: { accessToken: "  " } }));
    expect(err.code).toBe("CONFIG_SCHEMA_INVALID");
    expect(err.details?.fields).toHaveProperty(["credentials.accessToken"]);
    expect(await connectionCount()).toBe(before);
  });

  it("provider down: CONNECTION_FAILED and nothing saved", async () => {
    await updateSandboxFaults(account.id, { errorRate: 1 });
    try {
      const before = await connectionCount();
      const err = await caughtAppError(connectApiKey(access, { provider: "hubspot", name: "x", environment: "sandbox", credentials: { accessToken: account.apiKey } }));
      expect(err.code).toBe("CONNECTION_FAILED");
      expect(await connectionCount()).toBe(before);
    } finally {
      await updateSandboxFaults(account.id, { errorRate: 0 });
    }
  });
});

describe("connect with OAuth2 (PKCE)", () => {
  it("start -> consent -> callback stores sealed tokens and metadata and lands on an active connection", async () => {
    const { authorizeUrl } = await startOAuth(access, { provider: "hubspot", environment: "sandbox", name: "HubSpot OAuth" });
    const u = new URL(authorizeUrl);
    expect(u.searchParams.get("code_challenge_method")).toBe("S256");
    expect(u.searchParams.get("redirect_uri")).toBe(`${server.origin}/api/oauth/callback`);
    const state = await db.oAuthState.findFirstOrThrow({ where: { workspaceId: access.workspace.id }, orderBy: { createdAt: "desc" } });
    expect(state.stateHash).toBe(sha256(u.searchParams.get("state")!));
    expect(state.expiresAt.getTime() - state.createdAt.getTime()).toBeLessThanOrEqual(10 * 60_000 + 1000);

    const cb = await consent(authorizeUrl);
    const { connectionId, workspaceSlug } = await completeOAuth(access.user, cb);
    expect(workspaceSlug).toBe(access.workspace.slug);
    const row = await loadConnection(access.workspace.id, connectionId);
    expect(row).toMatchObject({ status: "active", authKind: "oauth2", name: "HubSpot OAuth" });
    expect(row.metadata).toMatchObject({ hub_id: account.externalId });
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    const creds = oauthCredentialsSchema.parse(await openCredentials(row));
    expect(creds.refreshToken).toBeTruthy();
    await remember(connectionId);

    // replayed state: refused, nothing new stored
    const before = await connectionCount();
    expect((await caughtAppError(completeOAuth(access.user, cb))).details?.reason).toBe("used");
    expect(await connectionCount()).toBe(before);
  });

  it("denied consent, forged state, expired state, another user, non-member: refused and nothing stored", async () => {
    const before = await connectionCount();
    const denied = await consent((await startOAuth(access, { provider: "hubspot", environment: "sandbox", name: "d" })).authorizeUrl, "deny");
    expect(denied.error).toBe("access_denied");
    expect((await caughtAppError(completeOAuth(access.user, denied))).code).toBe("OAUTH_DENIED");

    expect((await caughtAppError(completeOAuth(access.user, { state: "forged-state", code: "x" }))).details?.reason).toBe("unknown");
    expect((await caughtAppError(completeOAuth(access.user, { state: null, code: "x" }))).details?.reason).toBe("missing");

    const late = await consent((await startOAuth(access, { provider: "hubspot", environment: "sandbox", name: "late" })).authorizeUrl);
    expect((await caughtAppError(completeOAuth(access.user, late, new Date(Date.now() + 11 * 60_000)))).details?.reason).toBe("expired");

    const other = await createTestWorkspace();
    const stolen = await consent((await startOAuth(access, { provider: "hubspot", environment: "sandbox", name: "stolen" })).authorizeUrl);
    expect((await caughtAppError(completeOAuth(other.user, stolen))).details?.reason).toBe("other_user");

    const member = await addTestMember(access, "admin");
    const left = await consent((await startOAuth(member, { provider: "hubspot", environment: "sandbox", name: "left" })).authorizeUrl);
    await db.membership.deleteMany({ where: { userId: member.user.id, workspaceId: access.workspace.id } });
    const err = await caughtAppError(completeOAuth(member.user, left));
    expect(err.code).toBe("OAUTH_STATE_INVALID");
    expect(err.details?.reason).toBe("not_member");

    expect(await connectionCount()).toBe(before);
  });

  it("a member (not admin) cannot start OAuth or connect with a key: FORBIDDEN and nothing stored", async () => {
    const member = await addTestMember(access, "member");
    const before = await connectionCount();
    const states = await db.oAuthState.count({ where: { workspaceId: access.workspace.id, userId: member.user.id } });
    expect(await caughtAppError(startOAuth(member, { provider: "hubspot", environment: "sandbox", name: "by member" }))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await caughtAppError(connectApiKey(member, { provider: "hubspot", environment: "sandbox", name: "by member", credentials: { accessToken: account.apiKey } }))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await connectionCount()).toBe(before);
    expect(await db.oAuthState.count({ where: { workspaceId: access.workspace.id, userId: member.user.id } })).toBe(states);
  });

  it("an admin demoted to member between start and callback: FORBIDDEN and nothing stored", async () => {
    const admin = await addTestMember(access, "admin");
    const cb = await consent((await startOAuth(admin, { provider: "hubspot", environment: "sandbox", name: "demoted" })).authorizeUrl);
    await db.membership.update({ where: { workspaceId_userId: { workspaceId: access.workspace.id, userId: admin.user.id } }, data: { role: "member" } });
    const before = await connectionCount();
    const err = await caughtAppError(completeOAuth(admin.user, cb));
    expect(err).toMatchObject({ code: "FORBIDDEN", status: 403, details: { reason: "role" } });
    expect(await connectionCount()).toBe(before);
    expect(await db.connection.count({ where: { workspaceId: access.workspace.id, name: "demoted" } })).toBe(0);
  });

  it("reconnect replaces the tokens of the same connection", async () => {
    const id = await connectOAuth(access, "To reconnect");
    const old = oauthCredentialsSchema.parse(await openCredentials(await loadConnection(access.workspace.id, id)));
    await db.connection.update({ where: { id }, data: { status: "needs_reauth", lastErrorCode: "NEEDS_REAUTH" } });
    const { authorizeUrl } = await startOAuth(access, { provider: "hubspot", environment: "sandbox", name: "ignored", reconnectId: id });
    const done = await completeOAuth(access.user, await consent(authorizeUrl));
    expect(done.connectionId).toBe(id);
    const row = await loadConnection(access.workspace.id, id);
    expect(row.status).toBe("active");
    expect(row.lastErrorCode).toBeNull();
    expect(oauthCredentialsSchema.parse(await openCredentials(row)).accessToken).not.toBe(old.accessToken);
    await remember(id);
  });
});

describe("token refresh", () => {
  it("20 parallel getAccessToken calls on an expiring token -> exactly one token request reaches the sandbox", async () => {
    const id = await connectOAuth(access, "Concurrent");
    await remember(id);
    await db.connection.update({ where: { id }, data: { tokenExpiresAt: new Date(Date.now() + 5 * 60_000) } });
    const before = await accessTokenCount();
    // Separate contexts, as separate processes would have: only the database lease coordinates them.
    const contexts = await Promise.all(Array.from({ length: 20 }, async () => buildConnectionContext(await loadConnection(access.workspace.id, id))));
    const tokens = await Promise.all(contexts.map((c) => c.auth.getAccessToken()));
    expect(await accessTokenCount()).toBe(before + 1);
    expect(new Set(tokens).size).toBe(1);
    const row = await loadConnection(access.workspace.id, id);
    expect(oauthCredentialsSchema.parse(await openCredentials(row)).accessToken).toBe(tokens[0]);
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 20 * 60_000);
    expect(row.refreshLockId).toBeNull();
    for (const t of tokens) knownSecrets.add(t);
    // the new token works against the sandbox
    await expect(hubspot.createClient(contexts[0]! as Parameters<typeof hubspot.createClient>[0]).verifyCredentials()).resolves.toMatchObject({ accountId: account.externalId });
    // not due any more: no further token request
    await contexts[1]!.auth.getAccessToken();
    expect(await accessTokenCount()).toBe(before + 1);
  });

  it("the cron sweep refreshes only tokens expiring within 15 minutes", async () => {
    const soon = await connectOAuth(access, "Soon");
    const later = await connectOAuth(access, "Later");
    await db.connection.update({ where: { id: soon }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    await db.connection.update({ where: { id: later }, data: { tokenExpiresAt: new Date(Date.now() + 60 * 60_000) } });
    const before = await accessTokenCount();
    const sweep = await refreshExpiringTokens();
    expect(sweep.failed).toBe(0);
    expect(await accessTokenCount()).toBe(before + sweep.refreshed);
    expect((await loadConnection(access.workspace.id, soon)).lastRefreshedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect((await loadConnection(access.workspace.id, later)).tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    await remember(soon);
  });

  it("a failing refresh records the error; failing past the grace period turns needs_reauth with the reason", async () => {
    const id = await connectOAuth(access, "Revoked");
    await remember(id);
    const creds = oauthCredentialsSchema.parse(await openCredentials(await loadConnection(access.workspace.id, id)));
    await revokeToken("hubspot", creds.refreshToken!, new Date());
    await db.connection.update({ where: { id }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    const ctx = await buildConnectionContext(await loadConnection(access.workspace.id, id));
    expect((await caughtAppError(ctx.auth.getAccessToken())).code).toBe("TOKEN_REFRESH_FAILED");
    let row = await loadConnection(access.workspace.id, id);
    expect(row.status).toBe("error");
    expect(row.refreshFailingSince).not.toBeNull();

    await db.connection.update({ where: { id }, data: { refreshFailingSince: new Date(Date.now() - 2 * 3_600_000) } });
    expect((await caughtAppError(ctx.auth.getAccessToken())).code).toBe("NEEDS_REAUTH");
    row = await loadConnection(access.workspace.id, id);
    expect(row.status).toBe("needs_reauth");
    expect(row.lastErrorMessage).toMatch(/Token refresh has failed since .* Reconnect/);
    expect(await db.auditEvent.count({ where: { targetId: id, action: "connection.needs_reauth" } })).toBe(1);
  });
});

describe("managing a connection", () => {
  it("test, disable/enable, rename, rotate the webhook secret, delete (revoking the grant)", async () => {
    const id = await connectOAuth(access, "Managed");
    await remember(id);
    expect(await testConnection(access, id)).toMatchObject({ ok: true, accountId: account.externalId });

    await setSyncEnabled(access, id, false);
    expect((await loadConnection(access.workspace.id, id)).status).toBe("disabled");
    await setSyncEnabled(access, id, true);
    expect((await loadConnection(access.workspace.id, id)).status).toBe("active");

    await renameConnection(access, id, "Managed (EU)");
    expect((await getConnectionDto(access.workspace.id, id)).name).toBe("Managed (EU)");

    const c0 = await loadConnection(access.workspace.id, id);
    const oldSecret = await openWebhookSecret(c0);
    await rotateWebhookSecret(access, id);
    const newSecret = await openWebhookSecret(await loadConnection(access.workspace.id, id));
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    knownSecrets.add(newSecret!);

    const refresh = oauthCredentialsSchema.parse(await openCredentials(c0)).refreshToken!;
    expect((await caughtAppError(deleteConnection(access, id, "wrong name"))).code).toBe("VALIDATION_FAILED");
    expect((await deleteConnection(access, id, "Managed (EU)")).revoke).toBe("revoked");
    expect(await db.connection.count({ where: { id } })).toBe(0);
    const tokenRow = await db.sandboxToken.findUniqueOrThrow({ where: { tokenHash: sha256(refresh) } });
    expect(tokenRow.revokedAt).not.toBeNull();
    const actions = (await db.auditEvent.findMany({ where: { targetId: id }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["connection.created", "connection.verified", "connection.disabled", "connection.enabled", "connection.renamed", "connection.secret_rotated", "connection.deleted"]));
  });

  it("another workspace cannot see or touch the connection", async () => {
    const [mine] = await listConnections(access.workspace.id);
    const other = await createTestWorkspace();
    expect(await listConnections(other.workspace.id)).toEqual([]);
    expect((await caughtAppError(testConnection(other, mine!.id))).code).toBe("NOT_FOUND");
    expect((await caughtAppError(deleteConnection(other, mine!.id, mine!.name))).code).toBe("NOT_FOUND");
  });
});

describe("secrets never leak", () => {
  it("no known secret in DTOs, errors, audit rows, plain columns or console output", async () => {
    expect(knownSecrets.size).toBeGreaterThan(5);
    // The failure paths above ran: bad key, missing field, provider down, replayed/forged/expired state, ...
    expect(errorsSeen.length).toBeGreaterThanOrEqual(10);
    const dtos = JSON.stringify(await listConnections(access.workspace.id));
    const audit = JSON.stringify(await db.auditEvent.findMany({ where: { workspaceId: access.workspace.id } }));
    const plain = JSON.stringify(
      await db.connection.findMany({ where: { workspaceId: access.workspace.id }, select: { metadata: true, config: true, lastErrorMessage: true, name: true } }),
    );
    const errors = JSON.stringify(errorsSeen.map((e) => (isAppError(e) ? { ...e.toJSON(), cause: String(e.cause ?? "") } : String(e))));
    const logs = consoleOutput.join("\n");
    for (const secret of knownSecrets) {
      for (const [where, text] of Object.entries({ dtos, audit, plain, errors, logs })) {
        expect(text.includes(secret), `${where} contains a secret ${secret.slice(0, 12)}`).toBe(false);
      }
    }
  });
});
