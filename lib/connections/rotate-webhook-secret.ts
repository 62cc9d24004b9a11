// A new per-connection webhook secret. The old one keeps verifying for an overlap window (lib/webhooks/
// keep-previous-secret.ts), and a provider registered through its API is registered again with the new one.
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { loadConnection } from "@/lib/connections/load-connection";
import { newWebhookSecret } from "@/lib/connections/new-webhook-secret";
import { keepPreviousWebhookSecret } from "@/lib/webhooks/keep-previous-secret";
import { registerConnectionWebhook } from "@/lib/webhooks/register-webhook";

export async function rotateWebhookSecret(access: WorkspaceAccess, connectionId: string, now = new Date()): Promise<void> {
  const connection = await loadConnection(access.workspace.id, connectionId);
  const sealed = await sealSecret({ workspaceId: access.workspace.id, ownerId: connection.id, purpose: "webhook_secret" }, newWebhookSecret());
  await keepPreviousWebhookSecret(connection, now);
  await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: connection.id }, data: { webhookSecretSealed: sealed, webhookSecretRotatedAt: now } });
    await recordAudit(
      { workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "connection.secret_rotated", target: { type: "connection", id: connection.id }, metadata: { provider: connection.provider, secret: "webhook" } },
      tx,
    );
  });
  await registerConnectionWebhook(connection.id);
}

/** The webhook URL providers deliver to for this connection. */
export function webhookUrl(appUrl: string, provider: string, connectionId: string): string {
  return `${appUrl}/api/webhooks/${provider}/${connectionId}`;
}
