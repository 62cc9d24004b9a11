// What the connection page's webhook setup card says, from the provider's declared setup mode
// (WebhookSettings.setup): which URL the provider calls, whose secret proves a delivery genuine, and what
// the person has to paste where. The URL with a Switchboard secret in it (setup "url-secret") is never
// part of the page: an admin asks for it (webhookSetupUrl), the way the receiver will check it.
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { AppError } from "@/lib/errors/app-error";
import { loadConnection, openCredentials, providerOf } from "@/lib/connections/load-connection";
import { webhookUrl } from "@/lib/connections/rotate-webhook-secret";
import { openWebhookSecret } from "@/lib/connections/webhook-secret";
import { withUrlSecret } from "@/lib/integrations/url-secret";
import { fieldMeta, isContractV2, type WebhookSetupMode } from "@/lib/integrations/types";

export type WebhookSetupDto = {
  mode: WebhookSetupMode;
  scheme: string;
  /**
   * registered / provider-secret: the connection's URL; app: the OAuth app's URL (set once, for every
   * connection); url-secret: null (the URL carries the secret: revealed on request); none: null
   */
  url: string | null;
  /** who made the secret a delivery is checked with */
  secretOwner: "switchboard" | "provider" | "app" | null;
  /** provider-secret: the credential's label, and whether this connection has it */
  providerSecret: { label: string; saved: boolean } | null;
  /** rotating the connection's webhook secret changes what deliveries are checked with */
  rotatable: boolean;
};

/** The setup card's facts for one connection (no secret in them). */
export async function webhookSetup(workspaceId: string, connectionId: string, origin: string): Promise<WebhookSetupDto> {
  const connection = await loadConnection(workspaceId, connectionId);
  const def = providerOf(connection);
  if (!isContractV2(def)) return { mode: "none", scheme: "", url: null, secretOwner: null, providerSecret: null, rotatable: false };
  const w = def.webhook;
  const base = { mode: w.setup, scheme: w.scheme, url: null, secretOwner: null, providerSecret: null, rotatable: false };
  switch (w.setup) {
    case "none":
      return base;
    case "registered":
      return { ...base, url: webhookUrl(origin, connection.provider, connection.id), secretOwner: "switchboard", rotatable: true };
    case "url-secret":
      return { ...base, secretOwner: "switchboard", rotatable: true };
    case "app":
      return { ...base, url: `${origin}/api/webhooks/${connection.provider}`, secretOwner: "app" };
    case "provider-secret": {
      const key = w.providerSecretCredential;
      const schema = key ? def.credentialsSchema.api_key?.shape[key] : undefined;
      const value = key ? (await openCredentials(connection))[key] : undefined;
      return {
        ...base,
        url: webhookUrl(origin, connection.provider, connection.id),
        secretOwner: "provider",
        providerSecret: key
          ? { label: fieldMeta(schema as Parameters<typeof fieldMeta>[0]).title ?? key, saved: typeof value === "string" && value !== "" }
          : null,
      };
    }
  }
}

/**
 * The complete URL to paste into the provider, secret included (setup "url-secret"; the plain URL for the
 * other pasted modes). Admins only: it is a credential.
 */
export async function webhookSetupUrl(access: WorkspaceAccess, connectionId: string, origin: string): Promise<string> {
  if (!roleAtLeast(access.role, "admin"))
    throw new AppError("FORBIDDEN", "Only admins and owners can see the webhook URL with its secret.");
  const connection = await loadConnection(access.workspace.id, connectionId);
  const def = providerOf(connection);
  const url = webhookUrl(origin, connection.provider, connection.id);
  if (!isContractV2(def) || def.webhook.setup !== "url-secret") return url;
  const secret = await openWebhookSecret(connection);
  if (!secret) throw new AppError("CONFLICT", "This connection has no webhook secret yet: rotate it to create one.");
  return withUrlSecret(url, secret);
}
