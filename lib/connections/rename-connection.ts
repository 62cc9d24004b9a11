import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { connectionNameSchema } from "@/lib/connections/connection-input";
import { loadConnection } from "@/lib/connections/load-connection";

export async function renameConnection(access: WorkspaceAccess, connectionId: string, rawName: string): Promise<void> {
  const name = connectionNameSchema.parse(rawName);
  const connection = await loadConnection(access.workspace.id, connectionId);
  await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: connection.id }, data: { name } });
    await recordAudit(
      { workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "connection.renamed", target: { type: "connection", id: connection.id }, metadata: { from: connection.name, to: name } },
      tx,
    );
  });
}
