// Inbox retention: finished deliveries (processed, skipped, failed) older than the retention period are
// deleted in bounded batches, and so are the replay guard's and the unrouted counters' old rows. A
// delivery still waiting (received, processing) is never deleted: the sweeper still owes it a run.
import { db } from "@/lib/db/client";

export const DEFAULT_WEBHOOK_RETENTION_DAYS = 30;
const BATCH = 1000;

export async function pruneDeliveries(retentionDays = DEFAULT_WEBHOOK_RETENTION_DAYS, now = new Date()): Promise<{ deliveries: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let deliveries = 0;
  for (;;) {
    const batch = await db.webhookDelivery.findMany({
      where: { receivedAt: { lt: cutoff }, status: { in: ["processed", "skipped", "failed"] } },
      select: { id: true },
      take: BATCH,
    });
    if (batch.length === 0) break;
    deliveries += (await db.webhookDelivery.deleteMany({ where: { id: { in: batch.map((b) => b.id) } } })).count;
    if (batch.length < BATCH) break;
  }
  return { deliveries };
}
