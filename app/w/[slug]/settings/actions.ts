"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { renameWorkspace, renameWorkspaceSchema } from "@/lib/workspaces/rename-workspace";
import { createInvitation, inviteSchema, revokeInvitation } from "@/lib/workspaces/invitations";
import { changeMemberRole, removeMember } from "@/lib/workspaces/members";
import { appUrl } from "@/lib/env";
import { deleteWorkspace } from "@/lib/workspaces/delete-workspace";
import { FLASH_COOKIE } from "@/components/ui/flash";

export type ActionState = { error?: string; code?: string; fields?: Record<string, string>; ok?: string; inviteUrl?: string } | undefined;

const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");

const fail = (err: unknown): ActionState => actionError(err);

export async function renameWorkspaceAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const access = await requireWorkspace(slug);
  let next: { slug: string };
  try {
    next = await renameWorkspace(access, renameWorkspaceSchema.parse({ name: str(fd, "name"), slug: str(fd, "slug") }));
  } catch (err) {
    return fail(err);
  }
  if (next.slug !== slug) {
    (await cookies()).set(FLASH_COOKIE, `Saved. The workspace now lives at /w/${next.slug}.`, { path: "/", maxAge: 120, sameSite: "lax" });
    redirect(`/w/${next.slug}/settings`);
  }
  revalidatePath(`/w/${slug}`, "layout");
  return { ok: "Saved." };
}

export async function inviteAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const access = await requireWorkspace(slug);
  try {
    const { token, invitation } = await createInvitation(access, inviteSchema.parse({ email: str(fd, "email"), role: str(fd, "role") }));
    revalidatePath(`/w/${slug}/settings`);
    return { ok: `Invitation created for ${invitation.email}. Send them this link:`, inviteUrl: `${appUrl()}/invite/${token}` };
  } catch (err) {
    return fail(err);
  }
}

export async function revokeInvitationAction(slug: string, invitationId: string): Promise<ActionState> {
  const access = await requireWorkspace(slug);
  try {
    await revokeInvitation(access, invitationId);
  } catch (err) {
    return fail(err);
  }
  revalidatePath(`/w/${slug}/settings`);
  return { ok: "Invitation revoked." };
}

export async function removeMemberAction(slug: string, userId: string): Promise<ActionState> {
  const access = await requireWorkspace(slug);
  try {
    await removeMember(access, userId);
  } catch (err) {
    return fail(err);
  }
  if (userId === access.user.id) redirect("/w");
  revalidatePath(`/w/${slug}/settings`);
  return { ok: "Member removed." };
}

export async function changeRoleAction(slug: string, userId: string, role: string): Promise<ActionState> {
  const access = await requireWorkspace(slug);
  try {
    await changeMemberRole(access, userId, z.enum(["owner", "admin", "member"]).parse(role));
  } catch (err) {
    return fail(err);
  }
  revalidatePath(`/w/${slug}/settings`);
  return { ok: `Role changed to ${role}.` };
}

export async function deleteWorkspaceAction(slug: string, _prev: ActionState, fd: FormData): Promise<ActionState> {
  const access = await requireWorkspace(slug);
  try {
    await deleteWorkspace(access, str(fd, "confirm"));
  } catch (err) {
    return fail(err);
  }
  // The page they land on (another workspace, or "create one") says what happened.
  (await cookies()).set(FLASH_COOKIE, `Workspace “${access.workspace.name}” was deleted.`, { path: "/", maxAge: 120, sameSite: "lax" });
  redirect("/w");
}
