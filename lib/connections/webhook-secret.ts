// For the inbound webhook route: the connection's current webhook secret, opened from the vault.
import type { Connection } from "@/lib/generated/prisma/client";
import { openSecret } from "@/lib/crypto/seal-secret";

export async function openWebhookSecret(connection: Pick<Connection, "id" | "workspaceId" | "webhookSecretSealed">): Promise<string | null> {
  if (!connection.webhookSecretSealed) return null;
  const value = await openSecret({ workspaceId: connection.workspaceId, ownerId: connection.id, purpose: "webhook_secret" }, connection.webhookSecretSealed);
  return typeof value === "string" ? value : null;
}
