// Who may open the workspace's sandbox panel: it exists only when sandboxes are enabled, and only for
// members of the workspace (others get the same 404 as any workspace page). Changing records, faults,
// targets and accounts needs admin or owner (the server actions check that with requireWorkspaceRole).
import { notFound } from "next/navigation";
import { requireWorkspace, roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-guard";
import { sandboxEnabled } from "@/lib/env";
import { isAppError } from "@/lib/errors/app-error";

export async function requireSandboxPanel(slug: string): Promise<WorkspaceAccess & { canEdit: boolean }> {
  if (!sandboxEnabled()) notFound();
  const access = await requireWorkspace(slug);
  return { ...access, canEdit: roleAtLeast(access.role, "admin") };
}

/** A panel lookup that answers 404 for an account of another workspace (or none). */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
