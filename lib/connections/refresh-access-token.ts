// A valid access token for an OAuth connection, refreshed when it expires within 15 minutes (or when
// forced). One refresh at a time per connection across every process: a lease on the connection row
// (claimed with a conditional UPDATE, so exactly one caller wins), then a re-read, so callers that waited
// use the token the winner stored. Why a lease and not SELECT … FOR UPDATE: the embedded database is one
// PGlite connection and the sandboxes' token endpoints run in the same process on the same database; a
// transaction held open across the token call would block the very endpoint it waits for.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { appUrl, env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { refreshTokens } from "@/lib/http/oauth2";
import { oauthCredentialsSchema, type OAuthCredentials, type OAuthTokenSet } from "@/lib/integrations/types";
import { connectionHttpClient } from "@/lib/connections/connection-http-client";
import { jsonRecord, openCredentials, providerOf, stringRecord } from "@/lib/connections/load-connection";
import { oauthClientFor } from "@/lib/connections/oauth-client";
import { emitConnectionNeedsReauth } from "@/lib/webhooks/outbound/emit-outbound-event";

export const REFRESH_AHEAD_MS = 15 * 60_000;
const LEASE_MS = 30_000;
const WAIT_STEP_MS = 40;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isDue(row: Pick<Connection, "tokenExpiresAt">, now: Date): boolean {
  return row.tokenExpiresAt !== null && row.tokenExpiresAt.getTime() - REFRESH_AHEAD_MS <= now.getTime();
}

async function currentToken(row: Connection): Promise<string> {
  return oauthCredentialsSchema.parse(await openCredentials(row)).accessToken;
}

export type AccessTokenOptions = { forceRefresh?: boolean; now?: () => Date };

export async function getConnectionAccessToken(workspaceId: string, connectionId: string, opts: AccessTokenOptions = {}): Promise<string> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const deadline = Date.now() + LEASE_MS + 5_000;
  for (;;) {
    const row = await db.connection.findFirst({ where: { id: connectionId, workspaceId } });
    if (!row) throw new AppError("NOT_FOUND", "This connection does not exist.");
    if (row.authKind !== "oauth2") throw new AppError("BAD_REQUEST", "Only OAuth connections have access tokens to refresh.");
    if (row.status === "needs_reauth") throw new AppError("NEEDS_REAUTH", "This connection must be reconnected.", { connectionId });
    // Someone refreshed after this call began: that satisfies a forced refresh too.
    const refreshedSinceStart = row.lastRefreshedAt !== null && row.lastRefreshedAt >= startedAt;
    const wanted = (opts.forceRefresh && !refreshedSinceStart) || isDue(row, now());
    if (!wanted) return currentToken(row);

    const lockId = randomBytes(12).toString("hex");
    const t = now();
    const claimed = await db.connection.updateMany({
      where: { id: row.id, workspaceId, OR: [{ refreshLockedUntil: null }, { refreshLockedUntil: { lt: t } }] },
      data: { refreshLockId: lockId, refreshLockedUntil: new Date(t.getTime() + LEASE_MS) },
    });
    if (claimed.count === 0) {
      if (Date.now() > deadline) throw new AppError("TOKEN_REFRESH_FAILED", "Another token refresh for this connection is taking too long.");
      await sleep(WAIT_STEP_MS);
      continue;
    }
    // Re-read under the lease: a refresh may have finished between the first read and the claim.
    const locked = await db.connection.findFirstOrThrow({ where: { id: row.id, workspaceId } });
    const stillWanted =
      (opts.forceRefresh && !(locked.lastRefreshedAt !== null && locked.lastRefreshedAt >= startedAt)) || isDue(locked, now());
    if (!stillWanted) {
      await releaseLease(locked.id, lockId);
      return currentToken(locked);
    }
    return refreshHoldingLease(locked, lockId, now);
  }
}

async function releaseLease(connectionId: string, lockId: string): Promise<void> {
  await db.connection.updateMany({ where: { id: connectionId, refreshLockId: lockId }, data: { refreshLockId: null, refreshLockedUntil: null } });
}

async function refreshHoldingLease(row: Connection, lockId: string, now: () => Date): Promise<string> {
  const def = providerOf(row);
  const settings = def.oauth2;
  let creds: OAuthCredentials | null = null;
  try {
    if (!settings) throw new AppError("TOKEN_REFRESH_FAILED", `${def.name} has no OAuth settings.`);
    creds = oauthCredentialsSchema.parse(await openCredentials(row));
    if (!creds.refreshToken) throw new AppError("TOKEN_REFRESH_FAILED", "The provider gave no refresh token; reconnect to continue.");
    const client = await oauthClientFor(def, row.environment, row.workspaceId);
    if (!client) throw new AppError("TOKEN_REFRESH_FAILED", `No OAuth app is configured for ${def.name} (${row.environment}).`);
    const refreshToken = creds.refreshToken;
    const http = connectionHttpClient(def, () => [refreshToken, client.clientSecret], row.environment);
    const set = await refreshTokens(http, settings, {
      environment: row.environment,
      appUrl: appUrl(),
      config: jsonRecord(row.config),
      ...client,
      refreshToken,
      now: now(),
    });
    await storeRefreshedTokens(row, lockId, set, creds, now());
    return set.accessToken;
  } catch (err) {
    await recordRefreshFailure(row, lockId, err, now());
    if (isAppError(err) && (err.code === "NEEDS_REAUTH" || err.code === "TOKEN_REFRESH_FAILED")) {
      const after = await db.connection.findUnique({ where: { id: row.id }, select: { status: true } });
      if (after?.status === "needs_reauth") throw new AppError("NEEDS_REAUTH", "Token refresh keeps failing; reconnect this connection.", { connectionId: row.id });
      throw err;
    }
    throw new AppError("TOKEN_REFRESH_FAILED", "The token could not be refreshed.", { connectionId: row.id, cause: isAppError(err) ? err.code : "INTERNAL" });
  }
}

/** New tokens (and, for rotating providers, the new refresh token) written in one update that also frees the lease. */
async function storeRefreshedTokens(row: Connection, lockId: string, set: OAuthTokenSet, previous: OAuthCredentials, at: Date): Promise<void> {
  const credentials: OAuthCredentials = {
    accessToken: set.accessToken,
    refreshToken: set.refreshToken ?? previous.refreshToken ?? null,
    expiresAt: set.expiresAt ?? null,
    scope: set.scope ?? previous.scope ?? null,
    tokenType: set.tokenType ?? previous.tokenType ?? null,
  };
  const sealed = await sealSecret({ workspaceId: row.workspaceId, ownerId: row.id, purpose: "credentials" }, credentials);
  const updated = await db.connection.updateMany({
    where: { id: row.id, refreshLockId: lockId },
    data: {
      credentialsSealed: sealed,
      tokenExpiresAt: credentials.expiresAt ? new Date(credentials.expiresAt) : null,
      metadata: { ...stringRecord(row.metadata), ...set.metadata },
      lastRefreshedAt: at,
      refreshFailingSince: null,
      lastErrorCode: null,
      lastErrorMessage: null,
      lastErrorAt: null,
      ...(row.status === "error" ? { status: "active" as const } : {}),
      refreshLockId: null,
      refreshLockedUntil: null,
    },
  });
  if (updated.count === 0) {
    // The lease expired and someone else took over; their tokens win (ours may already be rotated away).
    throw new AppError("TOKEN_REFRESH_FAILED", "The refresh lease expired before the new tokens were stored.");
  }
  await recordAudit({
    workspaceId: row.workspaceId,
    actor: { type: "system" },
    action: "connection.token_refreshed",
    target: { type: "connection", id: row.id },
    metadata: { provider: row.provider, expiresAt: credentials.expiresAt ?? null, rotated: set.refreshToken !== undefined && set.refreshToken !== previous.refreshToken },
  });
}

async function recordRefreshFailure(row: Connection, lockId: string, err: unknown, at: Date): Promise<void> {
  const code = isAppError(err) ? err.code : "TOKEN_REFRESH_FAILED";
  const message = isAppError(err) ? err.message : "The token could not be refreshed.";
  const failingSince = row.refreshFailingSince ?? at;
  const graceMs = env().TOKEN_REFRESH_REAUTH_AFTER_MINUTES * 60_000;
  const giveUp = at.getTime() - failingSince.getTime() >= graceMs;
  const reason = giveUp
    ? `Token refresh has failed since ${failingSince.toISOString()} (${code}: ${message}). Reconnect to continue.`
    : message;
  await db.connection.updateMany({
    where: { id: row.id, refreshLockId: lockId },
    data: {
      refreshFailingSince: failingSince,
      lastErrorCode: giveUp ? "NEEDS_REAUTH" : code,
      lastErrorMessage: reason,
      lastErrorAt: at,
      ...(row.status === "disabled" ? {} : { status: giveUp ? "needs_reauth" : "error" }),
      refreshLockId: null,
      refreshLockedUntil: null,
    },
  });
  await recordAudit({
    workspaceId: row.workspaceId,
    actor: { type: "system" },
    action: giveUp ? "connection.needs_reauth" : "connection.refresh_failed",
    target: { type: "connection", id: row.id },
    metadata: { provider: row.provider, code, failingSince: failingSince.toISOString() },
  });
  if (giveUp) await emitConnectionNeedsReauth(row.id);
}
