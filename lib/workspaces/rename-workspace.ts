import { z } from "zod";
import { db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record-audit";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { slugSchema } from "@/lib/workspaces/slug";

export const renameWorkspaceSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80, "Use at most 80 characters"),
  slug: slugSchema,
});

export async function renameWorkspace(access: WorkspaceAccess, input: z.infer<typeof renameWorkspaceSchema>): Promise<{ slug: string; name: string }> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only owners and admins can rename the workspace");
  try {
    const ws = await db.$transaction(async (tx) => {
      const updated = await tx.workspace.update({ where: { id: access.workspace.id }, data: { name: input.name, slug: input.slug }, select: { slug: true, name: true } });
      await recordAudit(
        { workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "workspace.renamed", target: { type: "workspace", id: access.workspace.id }, metadata: { from: { name: access.workspace.name, slug: access.workspace.slug }, to: updated } },
        tx,
      );
      return updated;
    });
    return ws;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("SLUG_TAKEN", "This workspace URL is taken", { fields: { slug: "This workspace URL is taken" } });
    }
    throw err;
  }
}
