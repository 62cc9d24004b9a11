// "Authorization: Bearer sbk_…" -> the key's principal. Unknown, revoked and expired keys are all the same
// 401 (nothing tells a caller which). The last-used time is written at most once a minute per key.
import type { ApiKeyPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { hashApiKey, looksLikeApiKey } from "@/lib/api/api-key-token";

const LAST_USED_GRANULARITY_MS = 60_000;

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

export async function authenticateApiKey(req: Request, now = new Date()): Promise<ApiKeyPrincipal> {
  const token = bearerToken(req);
  if (!token) throw new AppError("UNAUTHENTICATED", "Send your API key as 'Authorization: Bearer sbk_…'");
  const invalid = new AppError("UNAUTHENTICATED", "This API key is not valid (unknown, revoked or expired)");
  if (!looksLikeApiKey(token)) throw invalid;
  // the lookup is by the key's sha256 (a unique index): no comparison of secrets in application code
  const key = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(token) } });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now.getTime())) throw invalid;
  const workspace = await db.workspace.findUnique({ where: { id: key.workspaceId }, select: { id: true, slug: true, name: true } });
  if (!workspace) throw invalid;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await db.apiKey.updateMany({ where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_GRANULARITY_MS) } }] }, data: { lastUsedAt: now } });
  }
  return { kind: "api_key", keyId: key.id, workspace, scopes: key.scopes };
}
