// Every page, server action and route handler under a workspace goes through these guards. A user who is
// not a member gets a 404 whether or not the workspace exists, so its existence is never confirmed.
import { cache } from "react";
import { forbidden, notFound } from "next/navigation";
import { db } from "@/lib/db/client";
import { AppError, toErrorResponse } from "@/lib/errors/app-error";
import { currentUser, requireUser } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/auth/session-user";
import { roleAtLeast, type Role, type WorkspaceAccess } from "@/lib/auth/workspace-access";

export { roleAtLeast, type WorkspaceAccess };


async function loadAccess(user: SessionUser, slug: string): Promise<WorkspaceAccess | null> {
  const membership = await db.membership.findFirst({
    where: { userId: user.id, workspace: { slug } },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  return membership ? { user, workspace: membership.workspace, role: membership.role } : null;
}

/** For pages and server actions: redirects to sign-in when signed out, 404 when not a member. */
export const requireWorkspace = cache(async (slug: string): Promise<WorkspaceAccess> => {
  const user = await requireUser(`/w/${slug}`);
  const access = await loadAccess(user, slug);
  if (!access) notFound();
  return access;
});

/**
 * For server actions and pages that change things: a member below `min` gets HTTP 403 and the
 * app/forbidden.tsx page that says why (never a 500), whatever the caller does with errors.
 */
export async function requireWorkspaceRole(slug: string, min: Role): Promise<WorkspaceAccess> {
  const access = await requireWorkspace(slug);
  if (!roleAtLeast(access.role, min)) forbidden();
  return access;
}

type RouteContext<P> = { params: Promise<P> };

/** For route handlers under /api/w/[slug]/…: 401 when signed out, 404 when not a member. */
export function withWorkspace<P extends { slug: string }>(
  handler: (req: Request, access: WorkspaceAccess, params: P) => Promise<Response>,
  options: { minRole?: Role } = {},
) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const params = await ctx.params;
      const user = await currentUser();
      if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to use this endpoint");
      const access = await loadAccess(user, params.slug);
      if (!access) throw new AppError("NOT_FOUND", "Not found");
      if (options.minRole && !roleAtLeast(access.role, options.minRole)) {
        throw new AppError("FORBIDDEN", `Only a workspace ${options.minRole} or above can do this`);
      }
      return await handler(req, access, params);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}
