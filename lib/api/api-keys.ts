// Managing a workspace's API keys (admins): create (the key is returned once), list, revoke. Creation and
// revocation are audited; the key is never stored, only its sha256.
import { z } from "zod";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError, validationError } from "@/lib/errors/app-error";
import { apiScopeSchema } from "@/lib/api/api-scopes";
import { newApiKeyToken } from "@/lib/api/api-key-token";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(80, "80 characters at most"),
  scopes: z.array(apiScopeSchema).min(1, "Choose at least one scope").max(50),
  expiresAt: z.coerce.date().nullable().optional(),
});
/** Typed input, or a form's loose one (scopes as strings): the schema decides. */
export type CreateApiKeyInput = z.input<typeof createApiKeySchema> | { name: string; scopes: string[]; expiresAt?: Date | null };

export type ApiKeyDto = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  status: "active" | "expired" | "revoked";
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function assertAdmin(access: WorkspaceAccess): void {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only a workspace admin or owner can manage API keys");
}

export async function createApiKey(access: WorkspaceAccess, raw: CreateApiKeyInput, now = new Date()): Promise<{ key: string; apiKey: ApiKeyDto }> {
  assertAdmin(access);
  const parsed = createApiKeySchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, parsed.error.issues[0]?.message ?? "Some fields are invalid");
  const input = parsed.data;
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new AppError("VALIDATION_FAILED", "The expiry date must be in the future", { fields: { expiresAt: "The expiry date must be in the future" } });
  }
  const { token, prefix, hash } = newApiKeyToken();
  const scopes = [...new Set(input.scopes)].sort();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { workspaceId: access.workspace.id, name: input.name, prefix, keyHash: hash, scopes, createdById: access.user.id, expiresAt: input.expiresAt ?? null },
    });
    await recordAudit(
      { workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "api_key.created", target: { type: "api_key", id: created.id }, metadata: { name: input.name, prefix, scopes } },
      tx,
    );
    return created;
  });
  return { key: token, apiKey: toDto(row) };
}

export async function listApiKeys(access: WorkspaceAccess): Promise<ApiKeyDto[]> {
  assertAdmin(access);
  const rows = await db.apiKey.findMany({ where: { workspaceId: access.workspace.id }, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: 200 });
  return rows.map(toDto);
}

export async function revokeApiKey(access: WorkspaceAccess, keyId: string, now = new Date()): Promise<void> {
  assertAdmin(access);
  await db.$transaction(async (tx) => {
    const res = await tx.apiKey.updateMany({ where: { id: keyId, workspaceId: access.workspace.id, revokedAt: null }, data: { revokedAt: now } });
    if (res.count === 0) throw new AppError("NOT_FOUND", "This API key does not exist or is already revoked");
    await recordAudit({ workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "api_key.revoked", target: { type: "api_key", id: keyId } }, tx);
  });
}

function toDto(r: { id: string; name: string; prefix: string; scopes: string[]; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null; createdAt: Date }): ApiKeyDto {
  const status = r.revokedAt ? "revoked" : r.expiresAt && r.expiresAt.getTime() <= Date.now() ? "expired" : "active";
  return { id: r.id, name: r.name, prefix: r.prefix, scopes: r.scopes, expiresAt: iso(r.expiresAt), lastUsedAt: iso(r.lastUsedAt), revokedAt: iso(r.revokedAt), createdAt: r.createdAt.toISOString(), status };
}
