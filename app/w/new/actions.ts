"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { isAppError, validationError } from "@/lib/errors/app-error";

const schema = z.object({ name: z.string().trim().min(1, "Enter a name").max(80, "Use at most 80 characters") });

export async function createWorkspaceAction(_prev: { error?: string; fields?: Record<string, string> } | undefined, fd: FormData) {
  const user = await requireUser("/w/new");
  const parsed = schema.safeParse({ name: fd.get("name") });
  if (!parsed.success) return { error: "Please fix the highlighted fields.", fields: validationError(parsed.error).details?.fields as Record<string, string> };
  let slug: string;
  try {
    slug = (await createWorkspace({ name: parsed.data.name, ownerUserId: user.id })).slug;
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
  redirect(`/w/${slug}`);
}
