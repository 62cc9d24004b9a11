// The one way a ConnectionContext is put together, for saved connections (build-connection-context.ts)
// and for credentials being verified before anything is saved (connect-api-key.ts, complete-oauth.ts).
import { appUrl } from "@/lib/env";
import { connectionHttpClient, secretStrings } from "@/lib/connections/connection-http-client";
import type { AuthKind, ConnectionContext, Environment, ProviderDefinition, TokenHooks } from "@/lib/integrations/types";

export type ContextInput = {
  def: ProviderDefinition;
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
  const http = connectionHttpClient(input.def, () => [...secretStrings(input.credentials), ...(input.extraSecrets?.() ?? [])], input.environment);
  const auth: TokenHooks = input.auth ?? {
    getAccessToken: () => Promise.resolve(secretStrings(input.credentials)[0] ?? ""),
  };
  return {
    connectionId: input.connectionId,
    environment: input.environment,
    appUrl: base,
    baseUrl: input.def.apiBaseUrl({ environment: input.environment, appUrl: base, config: input.config, metadata: input.metadata }),
    authKind: input.authKind,
    config: input.config,
    credentials: input.credentials,
    metadata: input.metadata,
    http,
    auth,
    now: () => new Date(),
  };
}
