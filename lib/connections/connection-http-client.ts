// The shared HTTP client for one connection: the provider's classifier and back-off, the sandbox API
// paths allow-listed only for sandbox connections when sandboxes are on, and the connection's secrets scrubbed from logs and errors.
import { env } from "@/lib/env";
import { createHttpClient, type HttpClient, type HttpClientOptions } from "@/lib/http/http-client";
import { connectionAllowList } from "@/lib/http/sandbox-allow-list";
import type { AnyProviderDefinition } from "@/lib/integrations/types";

export function connectionHttpClient(def: AnyProviderDefinition, secrets: () => readonly string[], environment: "live" | "sandbox", hooks: Pick<HttpClientOptions, "onLog" | "onRateLimit"> = {}): HttpClient {
  return createHttpClient({
    ...hooks,
    provider: def.slug,
    // Only a sandbox connection may reach the app's own origin, and only its /sandbox/ API paths.
    allowedOrigins: connectionAllowList(environment),
    secrets,
    timeoutMs: env().PROVIDER_TIMEOUT_MS,
    ...(def.classifyError ? { classify: def.classifyError } : {}),
    defaultRetryAfterMs: def.rateLimit.defaultRetryAfterMs,
    ...(def.rateLimit.parseHeaders ? { parseRateLimit: def.rateLimit.parseHeaders } : {}),
  });
}

/** Every string value of a credentials object (api keys, tokens): what must never appear in a log. */
export function secretStrings(credentials: Record<string, unknown>): string[] {
  return Object.values(credentials).filter((v): v is string => typeof v === "string" && v.length > 0);
}
