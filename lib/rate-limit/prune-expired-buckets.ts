// Deletes fixed-window rate-limit counters whose window has ended: a new window starts from scratch
// anyway, so they are dead weight. Called by the daily housekeeping job (inngest/functions/prune-job-history).
import { db } from "@/lib/db/client";

export async function pruneExpiredRateLimitBuckets(now: Date = new Date()): Promise<number> {
  const res = await db.rateLimitBucket.deleteMany({ where: { resetAt: { lt: now } } });
  return res.count;
}
