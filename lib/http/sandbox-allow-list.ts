// The sandboxes live on the app's own origin (usually loopback), which the SSRF guard refuses. Only their
// API paths (/sandbox/…) are reachable, only by sandbox connections, and only when sandboxEnabled(): a
// live connection (a Custom REST template pointed at APP_URL, say) can never call /api/* of Switchboard.
import { appUrl, sandboxEnabled } from "@/lib/env";

/** What a connection's HTTP client may reach on the app's own origin: nothing, or the sandbox APIs. */
export function connectionAllowList(environment: "live" | "sandbox"): string[] {
  if (environment !== "sandbox" || !sandboxEnabled()) return [];
  return [`${new URL(appUrl()).origin}/sandbox/`];
}

/**
 * The app's origin, for the sandboxes' own webhook deliveries to Switchboard's webhook endpoints (the
 * sandbox plays the provider calling in). Never for connection clients: use connectionAllowList().
 */
export function sandboxAllowedOrigins(): string[] {
  if (!sandboxEnabled()) return [];
  return [new URL(appUrl()).origin];
}
