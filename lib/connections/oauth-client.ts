// Which OAuth app (client id + secret) a connection uses: for sandbox connections the workspace's own
// sandbox app (so OAuth works offline), for live ones OAUTH_<SLUG>_CLIENT_ID/_SECRET from env.
import { oauthClientFromEnv } from "@/lib/env";
import { sandboxOAuthClient } from "@/lib/integrations/sandbox/sandbox-access";
import type { Environment, AnyProviderDefinition } from "@/lib/integrations/types";

export type OAuthClient = { clientId: string; clientSecret: string };

export async function oauthClientFor(def: AnyProviderDefinition, environment: Environment, workspaceId: string): Promise<OAuthClient | null> {
  if (!def.oauth2) return null;
  if (environment === "live") return oauthClientFromEnv(def.slug);
  return sandboxOAuthClient(workspaceId, def.slug);
}

export function oauthRedirectUri(appUrl: string): string {
  return `${appUrl}/api/oauth/callback`;
}
