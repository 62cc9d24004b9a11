// Idempotency-Key for POST/PATCH: the first request claims (api key, idempotency key) with one INSERT …
// ON CONFLICT DO NOTHING, so of two concurrent retries exactly one does the work. The claimant stores
// its response; a retry with the same body gets that response again (no second effect), a retry with a
// different body is a 422, and a retry while the first is still running is a 409 with retry_after.
// A claim whose request failed with a 5xx is released, so the client can retry it.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { ulid } from "@/lib/ids/ulid";
import { db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

export type StoredResponse = { status: number; body: unknown };

/** A claim left unfinished this long (its process died) may be taken over. */
const STALE_CLAIM_MS = 5 * 60_000;

export const idempotencyKeySchemaMax = 255;

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n${canonicalize(body ?? null) ?? ""}`)
    .digest("hex");
}

export type Claim = { kind: "claimed"; id: string } | { kind: "replay"; response: StoredResponse };

export async function claimIdempotencyKey(input: { workspaceId: string; apiKeyId: string; key: string; hash: string }, now = new Date()): Promise<Claim> {
  if (input.key.length === 0 || input.key.length > idempotencyKeySchemaMax) {
    throw new AppError("BAD_REQUEST", `Idempotency-Key must be 1 to ${idempotencyKeySchemaMax} characters`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const id = ulid();
    const inserted = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO api_idempotency_keys (id, workspace_id, api_key_id, idempotency_key, request_hash, created_at)
      VALUES (${id}, ${input.workspaceId}, ${input.apiKeyId}, ${input.key}, ${input.hash}, ${now})
      ON CONFLICT (api_key_id, idempotency_key) DO NOTHING
      RETURNING id`;
    if (inserted.length === 1) return { kind: "claimed", id };
    const existing = await db.apiIdempotencyKey.findUnique({ where: { apiKeyId_idempotencyKey: { apiKeyId: input.apiKeyId, idempotencyKey: input.key } } });
    if (!existing) continue; // released between the two statements: claim again
    if (existing.requestHash !== input.hash) {
      throw new AppError("VALIDATION_FAILED", "This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.", {
        idempotencyKey: input.key,
      });
    }
    if (existing.status !== null) return { kind: "replay", response: { status: existing.status, body: existing.response } };
    if (now.getTime() - existing.createdAt.getTime() > STALE_CLAIM_MS) {
      await db.apiIdempotencyKey.deleteMany({ where: { id: existing.id, status: null } });
      continue;
    }
    throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry in a moment", { retryAfterSeconds: 1 });
  }
  throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry in a moment", { retryAfterSeconds: 1 });
}

export async function completeIdempotencyKey(id: string, response: StoredResponse, now = new Date()): Promise<void> {
  if (response.status >= 500) {
    await db.apiIdempotencyKey.deleteMany({ where: { id } });
    return;
  }
  await db.apiIdempotencyKey.update({ where: { id }, data: { status: response.status, response: response.body === undefined || response.body === null ? Prisma.JsonNull : (response.body as Prisma.InputJsonValue), completedAt: now } });
}

/** Forget keys after a day (Stripe keeps them 24 h); called by housekeeping. */
export async function pruneIdempotencyKeys(now = new Date(), keepMs = 24 * 3600_000): Promise<number> {
  const res = await db.apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - keepMs) } } });
  return res.count;
}
