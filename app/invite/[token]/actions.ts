"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { acceptInvitation } from "@/lib/workspaces/invitations";
import { isAppError } from "@/lib/errors/app-error";

export async function acceptInvitationAction(token: string, _prev: { error?: string } | undefined): Promise<{ error?: string } | undefined> {
  const user = await requireUser(`/invite/${token}`);
  let slug: string;
  try {
    slug = (await acceptInvitation(user, token)).workspaceSlug;
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
  redirect(`/w/${slug}`);
}
