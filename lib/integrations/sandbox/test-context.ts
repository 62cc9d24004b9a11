// For tests: a ConnectionContext pointing a provider's adapter at its sandbox served by
// startSandboxServer(), through the product's own lib/http client (SSRF guard on, the sandbox origin
// allow-listed as the product's sandbox allow-list would).
import { createHttpClient, type HttpLogEntry } from "@/lib/http/http-client";
import { createTokenHooks } from "@/lib/http/oauth2";
import type { AuthKind, ConnectionContext, OAuthCredentials, ProviderDefinition, TokenHooks } from "@/lib/integrations/types";

export type SandboxContextInput = {
  provider: ProviderDefinition;
  /** origin of the test server (startSandboxServer().origin), standing in for appUrl() */
  origin: string;
  authKind: AuthKind;
  credentials: Record<string, unknown>;
  config?: Record<string, unknown>;
  metadata?: Record<string, string>;
  /** OAuth: the app client for refresh (from sandbox.oauthApp) */
  client?: { clientId: string; clientSecret: string };
  onLog?: (entry: HttpLogEntry) => void;
  now?: () => Date;
  timeoutMs?: number;
};

export function sandboxConnectionContext(input: SandboxContextInput): ConnectionContext & { tokens: TokenHooks } {
  const config = input.config ?? {};
  const metadata = input.metadata ?? {};
  const secretValues = () =>
    Object.values(input.credentials).filter((v): v is string => typeof v === "string").concat(
      input.client ? [input.client.clientSecret] : [],
    );
  const http = createHttpClient({
    provider: input.provider.slug,
    allowedOrigins: [input.origin],
    secrets: secretValues,
    ...(input.provider.classifyError ? { classify: input.provider.classifyError } : {}),
    defaultRetryAfterMs: input.provider.rateLimit.defaultRetryAfterMs,
    ...(input.onLog ? { onLog: input.onLog } : {}),
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
  });
  const urlInput = { environment: "sandbox" as const, appUrl: input.origin, config };
  let tokens: TokenHooks;
  if (input.authKind === "oauth2") {
    if (!input.provider.oauth2 || !input.client) throw new Error("OAuth context needs the provider's oauth2 settings and a client");
    tokens = createTokenHooks({
      ...urlInput,
      ...input.client,
      http,
      settings: input.provider.oauth2,
      credentials: input.credentials as OAuthCredentials,
      ...(input.now ? { now: input.now } : {}),
    });
  } else {
    tokens = { getAccessToken: async () => String(Object.values(input.credentials)[0] ?? "") };
  }
  return {
    connectionId: null,
    environment: "sandbox",
    appUrl: input.origin,
    baseUrl: input.provider.apiBaseUrl({ ...urlInput, metadata }),
    authKind: input.authKind,
    config,
    credentials: input.credentials,
    metadata,
    http,
    auth: tokens,
    tokens,
    now: input.now ?? (() => new Date()),
  };
}
