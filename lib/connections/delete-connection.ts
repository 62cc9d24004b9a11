// Deleting a connection: revoke the OAuth grant where the provider supports it (best effort; the
// connection is deleted whatever the provider answers), delete the row with its sealed secrets, audit.
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { AppError } from "@/lib/errors/app-error";
import { loadConnection } from "@/lib/connections/load-connection";
import { revokeConnectionToken, type RevokeOutcome } from "@/lib/connections/revoke-token";
import { unregisterConnectionWebhook } from "@/lib/webhooks/register-webhook";

export async function deleteConnection(access: WorkspaceAccess, connectionId: string, confirmName: string): Promise<{ revoke: RevokeOutcome }> {
  const connection = await loadConnection(access.workspace.id, connectionId);
  if (confirmName.trim() !== connection.name) throw new AppError("VALIDATION_FAILED", "Type the connection's name to confirm.", { fields: { confirm: "Does not match the connection's name" } });
  // the provider stops delivering before the grant goes (best effort, like the revoke)
  await unregisterConnectionWebhook(connection);
  const revoke = await revokeConnectionToken(connection);
  await db.$transaction(async (tx) => {
    await tx.connection.delete({ where: { id: connection.id } });
    await recordAudit(
      {
        workspaceId: access.workspace.id,
        actor: { type: "user", userId: access.user.id },
        action: "connection.deleted",
        target: { type: "connection", id: connection.id },
        metadata: { provider: connection.provider, name: connection.name, environment: connection.environment, revoke },
      },
      tx,
    );
  });
  return { revoke };
}
