// Where a template can be connected with a given auth kind: the sandbox (when sandboxes are on and the
// provider has one, with an OAuth app for OAuth) and live (API keys always; OAuth only with an app in env).
import { oauthClientFromEnv } from "@/lib/env";
import { sandboxSupports } from "@/lib/integrations/sandbox/sandbox-access";
import type { AuthKind, Environment, AnyProviderDefinition } from "@/lib/integrations/types";

export async function availableEnvironments(def: AnyProviderDefinition, authKind: AuthKind): Promise<Environment[]> {
  const out: Environment[] = [];
  if ((authKind === "api_key" || def.oauth2) && (await sandboxSupports(def.slug, authKind))) out.push("sandbox");
  if (authKind === "api_key" && def.credentialsSchema.api_key) out.push("live");
  if (authKind === "oauth2" && def.oauth2 && oauthClientFromEnv(def.slug)) out.push("live");
  return out;
}
