"use server";

import { revalidatePath } from "next/cache";
import { requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { createApiKey, revokeApiKey } from "@/lib/api/api-keys";

export type ApiKeyActionState = { error?: string; code?: string; fields?: Record<string, string>; ok?: string; key?: string } | undefined;

export async function createApiKeyAction(slug: string, _prev: ApiKeyActionState, fd: FormData): Promise<ApiKeyActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  const expires = typeof fd.get("expiresAt") === "string" ? (fd.get("expiresAt") as string) : "";
  try {
    const { key } = await createApiKey(access, {
      name: typeof fd.get("name") === "string" ? (fd.get("name") as string) : "",
      scopes: fd.getAll("scopes").filter((s): s is string => typeof s === "string"),
      expiresAt: expires ? new Date(`${expires}T23:59:59Z`) : null,
    });
    revalidatePath(`/w/${slug}/settings/api-keys`);
    return { ok: "API key created", key };
  } catch (err) {
    return actionError(err);
  }
}

export async function revokeApiKeyAction(slug: string, keyId: string): Promise<ApiKeyActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  try {
    await revokeApiKey(access, keyId);
    revalidatePath(`/w/${slug}/settings/api-keys`);
    return { ok: "API key revoked" };
  } catch (err) {
    return actionError(err);
  }
}
