// The latest deliveries of a workspace's endpoints with their attempts (status, latency, excerpt).
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { assertCanManageWebhooks } from "@/lib/webhooks/outbound/outbound-endpoints";

export type DeliveryDto = {
  id: string;
  endpointId: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  createdAt: string;
  attempts: { attempt: number; status: number | null; latencyMs: number; excerpt: string; error: string | null; at: string }[];
};

export async function listDeliveries(p: Principal, take = 50): Promise<DeliveryDto[]> {
  assertCanManageWebhooks(p);
  const rows = await db.outboundDelivery.findMany({ where: { workspaceId: p.workspace.id }, orderBy: { createdAt: "desc" }, take });
  const attempts = rows.length
    ? await db.outboundAttempt.findMany({
        where: { workspaceId: p.workspace.id, deliveryId: { in: rows.map((r) => r.id) } },
        orderBy: { attempt: "asc" },
      })
    : [];
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpointId,
    eventType: r.eventType,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    attempts: attempts
      .filter((a) => a.deliveryId === r.id)
      .map((a) => ({
        attempt: a.attempt,
        status: a.responseStatus,
        latencyMs: a.latencyMs,
        excerpt: a.responseExcerpt,
        error: a.error,
        at: a.createdAt.toISOString(),
      })),
  }));
}
