// Deleting a workspace (owners only, confirmed by typing its URL): OAuth grants are revoked at the
// providers first (best effort), then the workspace row goes and everything under it with it by cascade
// — members, invitations, connections with their sealed secrets, audit events — including the workspace's
// data key, so any sealed value that survived elsewhere (a backup) can never be opened again.
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { revokeConnectionToken } from "@/lib/connections/revoke-token";

export async function deleteWorkspace(access: WorkspaceAccess, confirmSlug: string): Promise<{ revokedGrants: number }> {
  if (access.role !== "owner") throw new AppError("FORBIDDEN", "Only an owner can delete the workspace");
  if (confirmSlug.trim() !== access.workspace.slug) {
    throw new AppError("VALIDATION_FAILED", "Type the workspace URL to confirm.", { fields: { confirm: "Does not match the workspace URL" } });
  }
  const oauth = await db.connection.findMany({ where: { workspaceId: access.workspace.id, authKind: "oauth2" } });
  let revokedGrants = 0;
  for (const connection of oauth) {
    if ((await revokeConnectionToken(connection)) === "revoked") revokedGrants += 1;
  }
  await db.workspace.delete({ where: { id: access.workspace.id } });
  console.info(`[switchboard] workspace ${access.workspace.id} deleted by user ${access.user.id} (${revokedGrants} OAuth grant(s) revoked)`);
  return { revokedGrants };
}
