// What leaves the server about a connection: never credentials, tokens or the webhook secret.
import type { Connection } from "@/lib/generated/prisma/client";
import { stringRecord } from "@/lib/connections/load-connection";

export type ConnectionStatus = Connection["status"];

export type ConnectionDto = {
  id: string;
  provider: string;
  name: string;
  environment: "live" | "sandbox";
  authKind: "oauth2" | "api_key";
  status: ConnectionStatus;
  syncEnabled: boolean;
  /** non-secret facts: account id/name, instance_url, api_domain, locationId... */
  metadata: Record<string, string>;
  tokenExpiresAt: string | null;
  lastVerifiedAt: string | null;
  lastRefreshedAt: string | null;
  lastError: { code: string; message: string; at: string | null } | null;
  refreshFailingSince: string | null;
  webhookSecretRotatedAt: string | null;
  createdAt: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toConnectionDto(c: Connection): ConnectionDto {
  return {
    id: c.id,
    provider: c.provider,
    name: c.name,
    environment: c.environment,
    authKind: c.authKind,
    status: c.status,
    syncEnabled: c.syncEnabled,
    metadata: stringRecord(c.metadata),
    tokenExpiresAt: iso(c.tokenExpiresAt),
    lastVerifiedAt: iso(c.lastVerifiedAt),
    lastRefreshedAt: iso(c.lastRefreshedAt),
    lastError: c.lastErrorCode ? { code: c.lastErrorCode, message: c.lastErrorMessage ?? "", at: iso(c.lastErrorAt) } : null,
    refreshFailingSince: iso(c.refreshFailingSince),
    webhookSecretRotatedAt: iso(c.webhookSecretRotatedAt),
    createdAt: c.createdAt.toISOString(),
  };
}
