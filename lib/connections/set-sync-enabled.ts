// Turning a connection's sync off (status disabled: nothing is pushed, pulled or refreshed) and on again.
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { loadConnection } from "@/lib/connections/load-connection";

export async function setSyncEnabled(access: WorkspaceAccess, connectionId: string, enabled: boolean): Promise<void> {
  const connection = await loadConnection(access.workspace.id, connectionId);
  if (connection.syncEnabled === enabled) return;
  const status = enabled ? (connection.refreshFailingSince ? "error" : connection.lastErrorCode === "NEEDS_REAUTH" ? "needs_reauth" : "active") : "disabled";
  await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: connection.id }, data: { syncEnabled: enabled, status } });
    await recordAudit(
      {
        workspaceId: access.workspace.id,
        actor: { type: "user", userId: access.user.id },
        action: enabled ? "connection.enabled" : "connection.disabled",
        target: { type: "connection", id: connection.id },
        metadata: { provider: connection.provider },
      },
      tx,
    );
  });
}
