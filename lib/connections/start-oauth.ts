// OAuth2 start: authorization code with PKCE (S256). The state is single use, expires in 10 minutes and
// is bound to the workspace and the user who started; the PKCE verifier is sealed until the callback.
import { ulid } from "@/lib/ids/ulid";
import { db } from "@/lib/db/client";
import { assertAllowed } from "@/lib/auth/principal";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { buildAuthorizeUrl, createPkcePair } from "@/lib/http/oauth2";
import { getProvider } from "@/lib/integrations/registry";
import { configSchemaInvalid } from "@/lib/connections/connection-errors";
import { startOAuthInputSchema, type StartOAuthInput } from "@/lib/connections/connection-input";
import { jsonRecord } from "@/lib/connections/load-connection";
import { oauthClientFor, oauthRedirectUri } from "@/lib/connections/oauth-client";
import { hashOAuthState, newOAuthState, OAUTH_STATE_TTL_MS } from "@/lib/connections/oauth-state";

export async function startOAuth(access: WorkspaceAccess, raw: StartOAuthInput, now = new Date()): Promise<{ authorizeUrl: string }> {
  assertAllowed(access, { role: "admin", scope: null }, "Only a workspace admin or owner can connect an integration.");
  const input = startOAuthInputSchema.parse(raw);
  const workspaceId = access.workspace.id;
  let configInput: Record<string, unknown> = input.config;
  let environment = input.environment;
  let provider = input.provider;
  if (input.reconnectId) {
    // Reconnect keeps the connection's own provider, environment and config.
    const existing = await db.connection.findFirst({ where: { id: input.reconnectId, workspaceId } });
    if (!existing) throw new AppError("NOT_FOUND", "This connection does not exist.");
    if (existing.authKind !== "oauth2") throw new AppError("BAD_REQUEST", "Only OAuth connections can be reconnected.");
    provider = existing.provider;
    environment = existing.environment;
    configInput = jsonRecord(existing.config);
  }
  const def = getProvider(provider);
  if (!def?.oauth2 || !def.authKinds.includes("oauth2")) throw new AppError("NOT_FOUND", "This template cannot be connected with OAuth.");
  const config = def.configSchema.safeParse(configInput);
  if (!config.success) throw configSchemaInvalid("config", config.error);
  const client = await oauthClientFor(def, environment, workspaceId);
  if (!client) {
    throw new AppError(
      "BAD_REQUEST",
      environment === "live"
        ? `No OAuth app is configured for ${def.name}: set OAUTH_${def.slug.toUpperCase().replace(/-/g, "_")}_CLIENT_ID and _CLIENT_SECRET.`
        : `${def.name} has no sandbox OAuth app here.`,
    );
  }

  const state = newOAuthState();
  const pkce = def.oauth2.pkce ? createPkcePair() : null;
  const id = ulid().toLowerCase();
  const redirectUri = oauthRedirectUri(appUrl());
  await db.oAuthState.create({
    data: {
      id,
      stateHash: hashOAuthState(state),
      workspaceId,
      userId: access.user.id,
      provider: def.slug,
      environment,
      codeVerifierSealed: pkce ? await sealSecret({ workspaceId, ownerId: id, purpose: "pkce_verifier" }, pkce.verifier) : null,
      connectionName: input.name,
      config: config.data as object,
      reconnectId: input.reconnectId ?? null,
      redirectUri,
      expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
    },
  });
  const authorizeUrl = buildAuthorizeUrl(def.oauth2, {
    environment,
    appUrl: appUrl(),
    config: config.data,
    clientId: client.clientId,
    redirectUri,
    state,
    ...(pkce ? { codeChallenge: pkce.challenge } : {}),
  });
  return { authorizeUrl };
}
