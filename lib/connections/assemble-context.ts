// The one way a ConnectionContext is put together, for saved connections (build-connection-context.ts)
// and for credentials being verified before anything is saved (connect-api-key.ts, complete-oauth.ts).
import { appUrl } from "@/lib/env";
import { connectionHttpClient, secretStrings } from "@/lib/connections/connection-http-client";
import { configSchemaInvalid } from "@/lib/connections/connection-errors";
import { providerTrafficHooks } from "@/lib/dashboard/provider-traffic";
import { contextRequest } from "@/lib/integrations/authorized-request";
import type { AnyProviderDefinition, AuthKind, ConnectionContext, Environment, TokenHooks } from "@/lib/integrations/types";

export type ContextInput = {
  def: AnyProviderDefinition;
  connectionId: string | null;
  environment: Environment;
  authKind: AuthKind;
  config: Record<string, unknown>;
  credentials: Record<string, unknown>;
  metadata: Record<string, string>;
  /** OAuth: the token hooks; api_key: omitted (the first secret credential is the token) */
  auth?: TokenHooks;
  /** more values to redact (a refreshed access token) */
  extraSecrets?: () => readonly string[];
};

export function assembleContext(input: ContextInput): ConnectionContext {
  const base = appUrl();
  // a saved connection's calls and rate-limit headers feed its dashboard card
  const hooks = input.connectionId ? providerTrafficHooks(input.connectionId) : {};
  const http = connectionHttpClient(input.def, () => [...secretStrings(input.credentials), ...(input.extraSecrets?.() ?? [])], input.environment, hooks);
  const auth: TokenHooks = input.auth ?? {
    getAccessToken: () => Promise.resolve(secretStrings(input.credentials)[0] ?? ""),
  };
  // Parsed here so every client reads its typed settings with the schema's defaults applied.
  const parsed = input.def.configSchema.safeParse(input.config);
  if (!parsed.success) throw configSchemaInvalid("config", parsed.error);
  const config = parsed.data as Record<string, unknown>;
  const baseUrl = input.def.apiBaseUrl({ environment: input.environment, appUrl: base, config, metadata: input.metadata });
  return {
    connectionId: input.connectionId,
    environment: input.environment,
    appUrl: base,
    baseUrl,
    authKind: input.authKind,
    config,
    credentials: input.credentials,
    metadata: input.metadata,
    http,
    auth,
    request: contextRequest(input.def, { http, baseUrl, authKind: input.authKind, auth, connectionId: input.connectionId }),
    now: () => new Date(),
  };
}
