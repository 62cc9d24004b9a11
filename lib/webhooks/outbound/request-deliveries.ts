// Starting delivery schedules, and the people-facing controls on them: resend one delivery, recover
// every failed delivery of an endpoint since a time, send a test event.
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import type { RecordData } from "@/lib/records/record-object-definition";
import { apiFields } from "@/lib/api/record-api";
import { enqueueOutboundEvent } from "@/lib/webhooks/outbound/deliver-outbound";
import { assertCanManageWebhooks } from "@/lib/webhooks/outbound/outbound-endpoints";
import { outboundEventTypeSchema } from "@/lib/webhooks/outbound/outbound-event-types";
import { loadJobModules } from "@/lib/jobs/job-modules";

/** Sends one delivery-requested event per delivery (event id = delivery id + suffix). */
export async function requestDeliveries(workspaceId: string, deliveryIds: readonly string[], suffix = ""): Promise<void> {
  if (deliveryIds.length === 0) return;
  // the job runner sits above lib; imported lazily (as lib/records/publish-record-changes.ts does)
  const { inngest, outboundDeliveryRequested } = await loadJobModules();
  await inngest.send(
    deliveryIds.map((deliveryId) => outboundDeliveryRequested.create({ deliveryId, workspaceId }, { id: `${deliveryId}${suffix}` })),
  );
}

/** A record change as an outbound event ("contact.updated" …) with the record as the API shows it. */
export async function fanOutRecordChange(change: {
  workspaceId: string;
  recordId: string;
  object: RecordObject;
  changeId: string;
  version: number;
  action: "created" | "updated" | "deleted";
}): Promise<string[]> {
  const type = outboundEventTypeSchema.safeParse(`${change.object}.${change.action}`);
  if (!type.success) return [];
  const rec = await db.hubRecord.findFirst({
    where: { id: change.recordId, workspaceId: change.workspaceId },
    select: { id: true, data: true, version: true, updatedAt: true },
  });
  if (!rec) return [];
  const ref = await db.apiExternalRef.findFirst({
    where: { workspaceId: change.workspaceId, recordId: rec.id },
    select: { externalId: true },
  });
  return enqueueOutboundEvent(change.workspaceId, type.data, `msg_${change.changeId}`, {
    id: rec.id,
    object: change.object,
    external_id: ref?.externalId ?? null,
    version: change.version,
    updated_at: rec.updatedAt.toISOString(),
    fields: (change.action === "deleted" ? {} : apiFields(change.object, rec.data as RecordData)) as Record<string, never>,
  });
}

export async function resendDelivery(p: Principal, deliveryId: string): Promise<void> {
  assertCanManageWebhooks(p);
  const d = await db.outboundDelivery.findFirst({ where: { id: deliveryId, workspaceId: p.workspace.id } });
  if (!d) throw new AppError("NOT_FOUND", "This delivery does not exist");
  await db.outboundDelivery.update({ where: { id: d.id }, data: { status: "pending", nextAttemptAt: new Date() } });
  await requestDeliveries(p.workspace.id, [d.id], `:resend:${d.attemptCount}`);
}

/** Every failed delivery of the endpoint created since `since` is sent again; returns how many. */
export async function recoverFailedSince(p: Principal, endpointId: string, since: Date): Promise<number> {
  assertCanManageWebhooks(p);
  const ep = await db.outboundEndpoint.findFirst({ where: { id: endpointId, workspaceId: p.workspace.id }, select: { id: true } });
  if (!ep) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist");
  let total = 0;
  for (;;) {
    const batch = await db.outboundDelivery.findMany({
      where: { endpointId: ep.id, status: "failed", createdAt: { gte: since } },
      take: 500,
      select: { id: true, attemptCount: true },
    });
    if (batch.length === 0) return total;
    await db.outboundDelivery.updateMany({
      where: { id: { in: batch.map((b) => b.id) } },
      data: { status: "pending", nextAttemptAt: new Date() },
    });
    for (const b of batch) await requestDeliveries(p.workspace.id, [b.id], `:resend:${b.attemptCount}`);
    total += batch.length;
  }
}

export async function sendTestEvent(p: Principal, endpointId: string, now = new Date()): Promise<string> {
  assertCanManageWebhooks(p);
  const ep = await db.outboundEndpoint.findFirst({ where: { id: endpointId, workspaceId: p.workspace.id }, select: { id: true } });
  if (!ep) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist");
  const msgId = `msg_test_${now.getTime()}`;
  const ids = await enqueueOutboundEvent(p.workspace.id, "test.event", msgId, { message: "A test event from Switchboard" }, now, ep.id);
  await requestDeliveries(p.workspace.id, ids);
  return ids[0] ?? "";
}
