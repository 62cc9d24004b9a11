// The only door from production code (lib/connections, app routes, jobs) into the provider sandboxes.
// Everything here answers "no sandbox" unless sandboxEnabled(), and loads the sandbox modules lazily
// (dynamic import) only after that check, so a deployment with sandboxes off never loads a fake.
// Keep this file free of static imports from the sandbox folder: sandbox-boundary.test.ts checks it.
import { sandboxEnabled } from "@/lib/env";

export type SandboxOAuthClient = { clientId: string; clientSecret: string };

/** Whether a provider has a sandbox that can be connected with this auth kind (false when sandboxes are off). */
export async function sandboxSupports(slug: string, authKind: "api_key" | "oauth2"): Promise<boolean> {
  if (!sandboxEnabled()) return false;
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const sandbox = getSandbox(slug);
  if (!sandbox) return false;
  return authKind === "api_key" ? true : Boolean(sandbox.oauthApp);
}

/**
 * The OAuth app (client id + secret) a sandbox connection of `workspaceId` uses for `slug`: the
 * workspace's own sandbox app. The workspace gets its sandbox for this provider (account + app) on
 * first use. Null when sandboxes are off or the sandbox has no OAuth.
 */
export async function sandboxOAuthClient(workspaceId: string, slug: string): Promise<SandboxOAuthClient | null> {
  if (!sandboxEnabled()) return null;
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const sandbox = getSandbox(slug);
  if (!sandbox?.oauthApp) return null;
  const { ensureWorkspaceSandboxes } = await import("@/lib/integrations/sandbox/seed");
  await ensureWorkspaceSandboxes(workspaceId, [slug]);
  const { workspaceOAuthClient } = await import("@/lib/integrations/sandbox/oauth-apps");
  return workspaceOAuthClient(sandbox, workspaceId);
}

/**
 * The public keys (PEM by scheme) the workspace's sandbox signs `slug`'s webhooks with, for
 * WebhookVerifyInput.sandboxPublicKeys of a sandbox connection. Null when none (or sandboxes are off).
 */
export async function sandboxWebhookPublicKeys(workspaceId: string, slug: string): Promise<Record<string, string> | null> {
  if (!sandboxEnabled()) return null;
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const sandbox = getSandbox(slug);
  if (!sandbox) return null;
  const { workspaceWebhookPublicKeys } = await import("@/lib/integrations/sandbox/oauth-apps");
  return workspaceWebhookPublicKeys(sandbox, workspaceId);
}
