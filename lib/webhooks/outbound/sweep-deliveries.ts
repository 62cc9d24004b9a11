// Deliveries stored but never started (the send of their delivery-requested event failed, or the job
// runner lost it): their schedules are requested again. The event id is the delivery id, so one that
// did start is not started twice.
import { db } from "@/lib/db/client";
import { requestDeliveries } from "@/lib/webhooks/outbound/request-deliveries";

const GRACE_MS = 2 * 60_000;
const BATCH = 500;

/**
 * Returns the ids of the deliveries whose schedules were requested again. `workspaceId` limits the sweep
 * to one workspace (the housekeeping cron sweeps them all).
 */
export async function sweepUnsentDeliveries(now = new Date(), workspaceId?: string): Promise<string[]> {
  const rows = await db.outboundDelivery.findMany({
    where: { status: "pending", attemptCount: 0, createdAt: { lt: new Date(now.getTime() - GRACE_MS) }, ...(workspaceId ? { workspaceId } : {}) },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, workspaceId: true },
  });
  const byWorkspace = new Map<string, string[]>();
  for (const r of rows) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r.id]);
  for (const [workspaceId, ids] of byWorkspace) await requestDeliveries(workspaceId, ids);
  return rows.map((r) => r.id);
}
