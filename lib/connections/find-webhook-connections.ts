// App-level webhooks (one target URL per OAuth app, deliveries for every installed account, e.g. HubSpot
// and GoHighLevel): the connections a delivery is for, found by the provider account id the handler's
// routingKey() read from the body, through the indexed connections.external_account_id. Several
// workspaces may have connected the same account; each gets the delivery. Disabled connections are left out.
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import type { Environment } from "@/lib/integrations/types";

export async function findWebhookConnections(input: { provider: string; environment: Environment; externalAccountId: string }): Promise<Connection[]> {
  if (!input.externalAccountId) return [];
  return db.connection.findMany({
    where: { provider: input.provider, environment: input.environment, externalAccountId: input.externalAccountId, status: { not: "disabled" } },
    orderBy: { createdAt: "asc" },
  });
}
