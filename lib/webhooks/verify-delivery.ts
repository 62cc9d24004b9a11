// Verifying a delivery for one connection with the provider's own scheme (WebhookHandler.verify):
// the connection's current secret, and during a rotation's overlap window its previous one; the OAuth
// app's client secret for app-signed schemes; the workspace's sandbox public keys for sandbox
// connections. The opened secrets are cached briefly per connection version, so a burst of deliveries
// does not open the vault for each one.
import type { Connection } from "@/lib/generated/prisma/client";
import { openSecret } from "@/lib/crypto/seal-secret";
import { type AppError } from "@/lib/errors/app-error";
import { oauthClientFor } from "@/lib/connections/oauth-client";
import { jsonRecord, openCredentials, stringRecord } from "@/lib/connections/load-connection";
import { openWebhookSecret } from "@/lib/connections/webhook-secret";
import { sandboxWebhookPublicKeys } from "@/lib/integrations/sandbox/sandbox-access";
import type { ProviderDefinition, WebhookVerifyInput } from "@/lib/integrations/types";

type OpenedSecrets = {
  config: Record<string, unknown>;
  credentials: Record<string, unknown>;
  metadata: Record<string, string>;
  connectionSecret: string | null;
  previousSecret: string | null;
  previousUntil: number | null;
  appSecret: string | null;
  sandboxPublicKeys: Record<string, string> | null;
};

const CACHE_MS = 10_000;
const cache = new Map<string, { at: number; value: OpenedSecrets }>();

/** The previous secret is sealed as a webhook secret owned by "<connection id>:previous". */
export function previousSecretScope(connection: { id: string; workspaceId: string }) {
  return { workspaceId: connection.workspaceId, ownerId: `${connection.id}:previous`, purpose: "webhook_secret" as const };
}

export type EndpointSecrets = { previousSecretSealed: string | null; previousSecretUntil: Date | null; updatedAt: Date } | null;

async function openSecrets(def: ProviderDefinition, connection: Connection, endpoint: EndpointSecrets, now: Date): Promise<OpenedSecrets> {
  const key = `${connection.id}:${connection.updatedAt.getTime()}:${endpoint?.updatedAt.getTime() ?? 0}`;
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.at < CACHE_MS) return hit.value;
  const parsedConfig = def.configSchema.safeParse(jsonRecord(connection.config));
  let previousSecret: string | null = null;
  if (endpoint?.previousSecretSealed && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now) {
    const v = await openSecret(previousSecretScope(connection), endpoint.previousSecretSealed);
    previousSecret = typeof v === "string" ? v : null;
  }
  const app = def.oauth2 ? await oauthClientFor(def, connection.environment, connection.workspaceId) : null;
  const value: OpenedSecrets = {
    config: parsedConfig.success ? (parsedConfig.data as Record<string, unknown>) : jsonRecord(connection.config),
    credentials: await openCredentials(connection),
    metadata: stringRecord(connection.metadata),
    connectionSecret: await openWebhookSecret(connection),
    previousSecret,
    previousUntil: endpoint?.previousSecretUntil?.getTime() ?? null,
    appSecret: app?.clientSecret ?? null,
    sandboxPublicKeys: connection.environment === "sandbox" ? await sandboxWebhookPublicKeys(connection.workspaceId, def.slug) : null,
  };
  for (const [k, v] of cache) if (now.getTime() - v.at >= CACHE_MS || k.startsWith(`${connection.id}:`)) cache.delete(k);
  cache.set(key, { at: now.getTime(), value });
  return value;
}

export type DeliveryRequest = { method: string; url: string; headers: Headers; rawBody: string; now: Date };

/** ok, or the AppError (WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_EXPIRED / VALIDATION_FAILED) to answer with. */
export async function verifyDelivery(
  def: ProviderDefinition,
  connection: Connection,
  endpoint: EndpointSecrets,
  req: DeliveryRequest,
): Promise<{ ok: true } | { ok: false; error: AppError }> {
  const s = await openSecrets(def, connection, endpoint, req.now);
  const base: WebhookVerifyInput = {
    method: req.method,
    url: req.url,
    headers: req.headers,
    rawBody: req.rawBody,
    now: req.now,
    environment: connection.environment,
    connectionSecret: s.connectionSecret,
    appSecret: s.appSecret,
    sandboxPublicKeys: s.sandboxPublicKeys,
    config: s.config,
    credentials: s.credentials,
    metadata: s.metadata,
  };
  const first = await def.webhookHandler.verify(base);
  if (first.ok) return first;
  if (s.previousSecret && s.previousUntil && s.previousUntil > req.now.getTime()) {
    const second = await def.webhookHandler.verify({ ...base, connectionSecret: s.previousSecret });
    if (second.ok) return second;
  }
  return first;
}

/** Forget cached secrets of a connection (after a rotation, in tests). */
export function forgetVerifySecrets(connectionId: string): void {
  for (const k of cache.keys()) if (k.startsWith(`${connectionId}:`)) cache.delete(k);
}
