// OAuth2 callback: the state must exist, be unused, unexpired, started by this user in a workspace they
// still belong to, with a role that may connect (checked again here, not only at the start); it is spent
// before anything else happens. A denied consent or any failure stores nothing. On success the code is exchanged (PKCE), the account verified, the tokens sealed and the
// connection saved active (or, for a reconnect, its tokens replaced).
import { ulid } from "@/lib/ids/ulid";
import { db } from "@/lib/db/client";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { recordAudit } from "@/lib/audit/record-audit";
import { openSecret, sealSecret } from "@/lib/crypto/seal-secret";
import { appUrl } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { exchangeCode } from "@/lib/http/oauth2";
import { getProvider } from "@/lib/integrations/registry";
import type { OAuthCredentials, OAuthTokenSet, VerifiedAccount } from "@/lib/integrations/types";
import { assembleContext } from "@/lib/connections/assemble-context";
import { accountMetadata } from "@/lib/connections/connect-api-key";
import { verifyFailure } from "@/lib/connections/connection-errors";
import { connectionHttpClient } from "@/lib/connections/connection-http-client";
import { jsonRecord, stringRecord } from "@/lib/connections/load-connection";
import { newWebhookSecret } from "@/lib/connections/new-webhook-secret";
import { oauthClientFor } from "@/lib/connections/oauth-client";
import { registerConnectionWebhook } from "@/lib/webhooks/register-webhook";
import { hashOAuthState } from "@/lib/connections/oauth-state";

export type OAuthCallbackQuery = { state?: string | null; code?: string | null; error?: string | null };
export type OAuthStateProblem = "missing" | "unknown" | "used" | "expired" | "other_user" | "not_member";

function stateInvalid(reason: OAuthStateProblem): AppError {
  const messages: Record<OAuthStateProblem, string> = {
    missing: "The provider sent no state: this link did not come from a connect button.",
    unknown: "This authorization link is not one Switchboard started (unknown state).",
    used: "This authorization link was already used. Start the connection again.",
    expired: "This authorization link expired (they last 10 minutes). Start the connection again.",
    other_user: "This authorization was started by a different user. Sign in as that user, or start again.",
    not_member: "You are no longer a member of the workspace this authorization was started in.",
  };
  return new AppError("OAUTH_STATE_INVALID", messages[reason], { reason });
}

export async function completeOAuth(user: { id: string }, query: OAuthCallbackQuery, now = new Date()): Promise<{ workspaceSlug: string; connectionId: string }> {
  if (!query.state) throw stateInvalid("missing");
  const state = await db.oAuthState.findUnique({ where: { stateHash: hashOAuthState(query.state) }, include: { workspace: { select: { slug: true } } } });
  if (!state) throw stateInvalid("unknown");
  if (state.usedAt) throw stateInvalid("used");
  if (state.expiresAt <= now) throw stateInvalid("expired");
  if (state.userId !== user.id) throw stateInvalid("other_user");
  const member = await db.membership.findFirst({ where: { workspaceId: state.workspaceId, userId: user.id }, select: { role: true } });
  if (!member) throw stateInvalid("not_member");
  // The role is checked again here, not only when the flow started: a person demoted in between must not connect.
  if (!roleAtLeast(member.role, "admin")) throw new AppError("FORBIDDEN", "Only a workspace admin or owner can connect an integration, and your role changed since you started. Nothing was saved.", { reason: "role" });
  // Spend the state first: a replay racing this request finds it used.
  const spent = await db.oAuthState.updateMany({ where: { id: state.id, usedAt: null }, data: { usedAt: now } });
  if (spent.count === 0) throw stateInvalid("used");

  const def = getProvider(state.provider);
  if (!def?.oauth2) throw new AppError("NOT_FOUND", "This template is no longer installed.");
  if (query.error) {
    throw new AppError("OAUTH_DENIED", `${def.name} did not grant access${query.error === "access_denied" ? " (consent was denied)" : ""}. Nothing was saved.`, {
      providerError: query.error.slice(0, 64),
    });
  }
  if (!query.code) throw new AppError("OAUTH_STATE_INVALID", "The provider sent no authorization code.", { reason: "no_code" });

  const client = await oauthClientFor(def, state.environment, state.workspaceId);
  if (!client) throw new AppError("CONNECTION_FAILED", `No OAuth app is configured for ${def.name}.`);
  const workspaceId = state.workspaceId;
  const config = jsonRecord(state.config);
  const codeVerifier = state.codeVerifierSealed
    ? String(await openSecret({ workspaceId, ownerId: state.id, purpose: "pkce_verifier" }, state.codeVerifierSealed))
    : undefined;
  const code = query.code;
  let tokens: OAuthTokenSet;
  try {
    tokens = await exchangeCode(connectionHttpClient(def, () => [code, client.clientSecret, codeVerifier ?? ""], state.environment), def.oauth2, {
      environment: state.environment,
      appUrl: appUrl(),
      config,
      ...client,
      code,
      redirectUri: state.redirectUri,
      ...(codeVerifier ? { codeVerifier } : {}),
      now,
    });
  } catch (err) {
    if (isAppError(err) && err.code === "INVALID_CREDENTIALS") {
      throw new AppError("INVALID_CREDENTIALS", `${def.name} refused the authorization code. Start the connection again.`);
    }
    throw verifyFailure(err, def.name);
  }
  const credentials: OAuthCredentials = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? null,
    expiresAt: tokens.expiresAt ?? null,
    scope: tokens.scope ?? null,
    tokenType: tokens.tokenType ?? null,
  };

  const ctx = assembleContext({
    def,
    connectionId: state.reconnectId,
    environment: state.environment,
    authKind: "oauth2",
    config,
    credentials,
    metadata: tokens.metadata,
    auth: { getAccessToken: () => Promise.resolve(tokens.accessToken) },
  });
  let account: VerifiedAccount;
  try {
    account = await def.createClient(ctx).verifyCredentials();
  } catch (err) {
    throw verifyFailure(err, def.name);
  }
  const metadata = { ...tokens.metadata, ...accountMetadata(account) };
  const tokenExpiresAt = credentials.expiresAt ? new Date(credentials.expiresAt) : null;
  const actor = { type: "user" as const, userId: user.id };

  if (state.reconnectId) {
    const target = await db.connection.findFirst({ where: { id: state.reconnectId, workspaceId } });
    if (!target) throw new AppError("NOT_FOUND", "The connection to reconnect no longer exists.");
    const sealed = await sealSecret({ workspaceId, ownerId: target.id, purpose: "credentials" }, credentials);
    await db.$transaction(async (tx) => {
      await tx.connection.update({
        where: { id: target.id },
        data: {
          credentialsSealed: sealed,
          tokenExpiresAt,
          metadata: { ...stringRecord(target.metadata), ...metadata },
          externalAccountId: account.accountId,
          status: target.syncEnabled ? "active" : "disabled",
          lastVerifiedAt: now,
          lastRefreshedAt: now,
          refreshFailingSince: null,
          lastErrorCode: null,
          lastErrorMessage: null,
          lastErrorAt: null,
        },
      });
      await recordAudit({ workspaceId, actor, action: "connection.reconnected", target: { type: "connection", id: target.id }, metadata: { provider: def.slug, accountId: account.accountId } }, tx);
    });
    return { workspaceSlug: state.workspace.slug, connectionId: target.id };
  }

  const id = ulid().toLowerCase();
  const credentialsSealed = await sealSecret({ workspaceId, ownerId: id, purpose: "credentials" }, credentials);
  const webhookSecretSealed = await sealSecret({ workspaceId, ownerId: id, purpose: "webhook_secret" }, newWebhookSecret());
  await db.$transaction(async (tx) => {
    await tx.connection.create({
      data: {
        id,
        workspaceId,
        provider: def.slug,
        name: state.connectionName,
        environment: state.environment,
        authKind: "oauth2",
        status: "active",
        config: config as object,
        credentialsSealed,
        webhookSecretSealed,
        metadata,
        externalAccountId: account.accountId,
        tokenExpiresAt,
        lastVerifiedAt: now,
        lastRefreshedAt: now,
        createdById: user.id,
      },
    });
    await recordAudit(
      {
        workspaceId,
        actor,
        action: "connection.created",
        target: { type: "connection", id },
        metadata: { provider: def.slug, name: state.connectionName, environment: state.environment, authKind: "oauth2", accountId: account.accountId },
      },
      tx,
    );
  });
  // providers with a webhook API get Switchboard's URL registered now (the outcome shows on the connection page)
  await registerConnectionWebhook(id);
  return { workspaceSlug: state.workspace.slug, connectionId: id };
}
