// Which OAuth app (client id + secret) a connection uses: for sandbox connections the sandbox's own
// pre-configured app (so OAuth works offline), for live ones OAUTH_<SLUG>_CLIENT_ID/_SECRET from env.
import { oauthClientFromEnv, sandboxEnabled } from "@/lib/env";
import type { Environment, ProviderDefinition } from "@/lib/integrations/types";

export type OAuthClient = { clientId: string; clientSecret: string };

export async function oauthClientFor(def: ProviderDefinition, environment: Environment): Promise<OAuthClient | null> {
  if (!def.oauth2) return null;
  if (environment === "live") return oauthClientFromEnv(def.slug);
  if (!sandboxEnabled() || !def.loadSandbox) return null;
  const sandbox = await def.loadSandbox();
  if (!sandbox.oauthApp) return null;
  // The consent screen looks the app up in the database; a fresh database may not have it yet.
  const { ensureSandboxOAuthApp } = await import("@/lib/integrations/sandbox/accounts");
  await ensureSandboxOAuthApp(sandbox);
  return { clientId: sandbox.oauthApp.clientId, clientSecret: sandbox.oauthApp.clientSecret };
}

export function oauthRedirectUri(appUrl: string): string {
  return `${appUrl}/api/oauth/callback`;
}
