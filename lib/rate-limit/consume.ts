// Fixed-window rate limiting on the rate_limit_buckets table, atomic on both PGlite and PostgreSQL
// (one upsert statement), so several app instances share the same counters.
import { db } from "@/lib/db/client";

export type RateLimitResult = { allowed: boolean; count: number; limit: number; resetAt: Date; retryAfterSeconds: number };

export async function consumeRateLimit(key: string, limit: number, windowMs: number, now = new Date()): Promise<RateLimitResult> {
  const resetAt = new Date(now.getTime() + windowMs);
  const rows = await db.$queryRaw<{ count: number; reset_at: Date }[]>`
    INSERT INTO rate_limit_buckets (key, count, reset_at) VALUES (${key}, 1, ${resetAt})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets.reset_at <= ${now} THEN 1 ELSE rate_limit_buckets.count + 1 END,
      reset_at = CASE WHEN rate_limit_buckets.reset_at <= ${now} THEN ${resetAt} ELSE rate_limit_buckets.reset_at END
    RETURNING count, reset_at`;
  const row = rows[0];
  if (!row) throw new Error("rate limit upsert returned no row");
  const count = Number(row.count);
  const at = new Date(row.reset_at);
  return {
    allowed: count <= limit,
    count,
    limit,
    resetAt: at,
    retryAfterSeconds: Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000)),
  };
}

/** Peek without consuming. */
export async function isRateLimited(key: string, limit: number, now = new Date()): Promise<boolean> {
  const row = await db.rateLimitBucket.findUnique({ where: { key } });
  return !!row && row.resetAt > now && row.count >= limit;
}

export async function resetRateLimit(key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}

/** Give one consumed unit back (a sign-in that succeeded should not count against its network). */
export async function refundRateLimit(key: string): Promise<void> {
  await db.$executeRaw`UPDATE rate_limit_buckets SET count = count - 1 WHERE key = ${key} AND count > 0`;
}
