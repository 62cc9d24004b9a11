// The ConnectionContext an adapter works with, for a saved connection: decrypted credentials, config and
// metadata, the shared HTTP client, and token hooks that refresh through the connection row's lease.
import type { Connection } from "@/lib/generated/prisma/client";
import { assembleContext } from "@/lib/connections/assemble-context";
import { jsonRecord, openCredentials, providerOf, stringRecord } from "@/lib/connections/load-connection";
import { getConnectionAccessToken } from "@/lib/connections/refresh-access-token";
import type { ConnectionContext, TokenHooks } from "@/lib/integrations/types";

export async function buildConnectionContext(connection: Connection): Promise<ConnectionContext> {
  const def = providerOf(connection);
  const credentials = await openCredentials(connection);
  let latest: string | null = null;
  const auth: TokenHooks | undefined =
    connection.authKind === "oauth2"
      ? {
          async getAccessToken(opts) {
            latest = await getConnectionAccessToken(connection.workspaceId, connection.id, opts?.forceRefresh ? { forceRefresh: true } : {});
            return latest;
          },
        }
      : undefined;
  return assembleContext({
    def,
    connectionId: connection.id,
    environment: connection.environment,
    authKind: connection.authKind,
    config: jsonRecord(connection.config),
    credentials,
    metadata: stringRecord(connection.metadata),
    ...(auth ? { auth } : {}),
    extraSecrets: () => (latest ? [latest] : []),
  });
}
