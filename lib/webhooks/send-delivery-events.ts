// One event per stored delivery, its id the inbox row's id (a replay adds "~replay-<n>"), so sending it
// twice (the sweeper after a crash, a second receiver) starts one run. The job runner is imported lazily
// so lib stays importable without it.
import { db } from "@/lib/db/client";

export type DeliveryEvent = { deliveryId: string; connectionId: string; workspaceId: string; eventId?: string };

export async function sendDeliveryEvents(items: readonly DeliveryEvent[]): Promise<void> {
  if (items.length === 0) return;
  const [{ inngest }, { webhookReceived }] = await Promise.all([import("@/inngest/client"), import("@/inngest/events")]);
  await inngest.send(
    items.map((i) =>
      webhookReceived.create(
        { deliveryId: i.deliveryId, connectionId: i.connectionId, workspaceId: i.workspaceId },
        { id: i.eventId ?? i.deliveryId },
      ),
    ),
  );
}

/** Stored deliveries still waiting after `olderThanMs` (their event was lost): send again. */
export async function sweepUnsentDeliveries(now = new Date(), olderThanMs = 60_000): Promise<number> {
  const rows = await db.webhookDelivery.findMany({
    where: {
      status: "received",
      receivedAt: { lt: new Date(now.getTime() - olderThanMs), gt: new Date(now.getTime() - 7 * 24 * 3600_000) },
    },
    select: { id: true, connectionId: true, workspaceId: true, replayCount: true },
    orderBy: { receivedAt: "asc" },
    take: 500,
  });
  await sendDeliveryEvents(
    rows.map((r) => ({
      deliveryId: r.id,
      connectionId: r.connectionId,
      workspaceId: r.workspaceId,
      eventId: r.replayCount > 0 ? `${r.id}~replay-${r.replayCount}` : r.id,
    })),
  );
  return rows.length;
}
