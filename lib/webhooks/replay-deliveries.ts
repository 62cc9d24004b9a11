// Replaying stored deliveries from the inbox: one (any status), or every failed one of a time range. The
// row goes back to "received" and a new event (id "<row id>~replay-<n>") is sent; processing is
// idempotent (echo and hash checks in the sync engine), so replaying a processed delivery changes nothing
// that is already there.
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { AppError } from "@/lib/errors/app-error";
import { sendDeliveryEvents } from "@/lib/webhooks/send-delivery-events";

const MAX_REPLAY = 1000;

function requireAdmin(access: WorkspaceAccess): void {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only admins and owners can replay webhook deliveries.");
}

async function replayRows(access: WorkspaceAccess, ids: string[]): Promise<number> {
  const sent: { deliveryId: string; connectionId: string; workspaceId: string; eventId: string }[] = [];
  for (const id of ids) {
    const row = await db.webhookDelivery.update({
      where: { id, workspaceId: access.workspace.id },
      data: { status: "received", statusReason: null, errorCode: null, attempts: 0, processedAt: null, replayCount: { increment: 1 } },
      select: { id: true, connectionId: true, workspaceId: true, replayCount: true },
    });
    sent.push({
      deliveryId: row.id,
      connectionId: row.connectionId,
      workspaceId: row.workspaceId,
      eventId: `${row.id}~replay-${row.replayCount}`,
    });
  }
  await sendDeliveryEvents(sent);
  return sent.length;
}

export async function replayDelivery(access: WorkspaceAccess, deliveryId: string): Promise<void> {
  requireAdmin(access);
  const row = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, workspaceId: access.workspace.id },
    select: { id: true, status: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "No such delivery in this workspace.");
  if (row.status === "received" || row.status === "processing")
    throw new AppError("CONFLICT", "This delivery is being processed right now.");
  await replayRows(access, [row.id]);
  await recordAudit({
    workspaceId: access.workspace.id,
    actor: { type: "user", userId: access.user.id },
    action: "webhook.replayed",
    target: { type: "webhook_delivery", id: row.id },
    metadata: {},
  });
}

/** Every failed delivery received in [from, to] (optionally of one connection); returns how many. */
export async function replayFailedDeliveries(
  access: WorkspaceAccess,
  range: { from: Date; to: Date; connectionId?: string },
): Promise<number> {
  requireAdmin(access);
  if (!(range.from < range.to))
    throw new AppError("VALIDATION_FAILED", "The start of the range must be before its end.", {
      fields: { from: "Must be before the end" },
    });
  const rows = await db.webhookDelivery.findMany({
    where: {
      workspaceId: access.workspace.id,
      status: "failed",
      receivedAt: { gte: range.from, lte: range.to },
      ...(range.connectionId ? { connectionId: range.connectionId } : {}),
    },
    select: { id: true },
    orderBy: { receivedAt: "asc" },
    take: MAX_REPLAY,
  });
  const n = await replayRows(
    access,
    rows.map((r) => r.id),
  );
  await recordAudit({
    workspaceId: access.workspace.id,
    actor: { type: "user", userId: access.user.id },
    action: "webhook.replayed_failed",
    target: { type: "workspace", id: access.workspace.id },
    metadata: { count: n, from: range.from.toISOString(), to: range.to.toISOString() },
  });
  return n;
}
