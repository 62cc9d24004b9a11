// The producers of the outbound events that are not record changes. Each is one call placed where the
// event happens, after its transaction committed: a sync run finished (sync.completed / sync.failed), a
// conflict opened, a connection needs a person to reconnect, an alert fired. The message id is derived
// from the row that records the event, so calling a producer twice (a retried step) sends nothing twice:
// delivery rows are unique per endpoint and message id.
import { db, type Prisma } from "@/lib/db/client";
import { enqueueOutboundEvent } from "@/lib/webhooks/outbound/deliver-outbound";
import type { OutboundEventType } from "@/lib/webhooks/outbound/outbound-event-types";
import { requestDeliveries } from "@/lib/webhooks/outbound/request-deliveries";

/** The one way to emit an outbound event: delivery rows for the subscribed endpoints, then their schedules. */
export async function emitOutboundEvent(workspaceId: string, type: OutboundEventType, msgId: string, data: Prisma.InputJsonObject, at = new Date()): Promise<number> {
  const ids = await enqueueOutboundEvent(workspaceId, type, msgId, data, at);
  try {
    await requestDeliveries(workspaceId, ids);
  } catch (err) {
    // the rows are stored: the sweep (sweepUnsentDeliveries) starts their schedules; the producer goes on
    console.warn(`[switchboard] ${ids.length} outbound ${type} deliveries not scheduled yet; the sweep will retry:`, err instanceof Error ? err.message : err);
  }
  return ids.length;
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** A sync run ended: sync.completed (succeeded or partial) or sync.failed. Running or cancelled runs emit nothing. */
export async function emitSyncRunFinished(runId: string): Promise<void> {
  const run = await db.syncRun.findUnique({ where: { id: runId }, include: { connection: { select: { provider: true, name: true } } } });
  if (!run?.finishedAt || (run.status !== "succeeded" && run.status !== "partial" && run.status !== "failed")) return;
  await emitOutboundEvent(run.workspaceId, run.status === "failed" ? "sync.failed" : "sync.completed", `msg_run_${run.id}`, {
    id: run.id,
    connection: { id: run.connectionId, provider: run.connection.provider, name: run.connection.name },
    object: run.object,
    kind: run.kind,
    trigger: run.trigger,
    status: run.status,
    counts: {
      read: run.readCount,
      created: run.createdCount,
      updated: run.updatedCount,
      deleted: run.deletedCount,
      skipped: run.skippedCount,
      failed: run.failedCount,
      conflicts: run.conflictCount,
    },
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt.toISOString(),
    duration_ms: run.durationMs,
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? "" } : null,
  }, run.finishedAt);
}

/** Conflicts a connection opened since `since` (the page or delivery that may have opened them). */
export async function emitConflictsOpened(connectionId: string, since: Date): Promise<void> {
  const opened = await db.syncConflict.findMany({
    where: { connectionId, status: "open", createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  for (const c of opened) {
    const ref = await db.apiExternalRef.findFirst({ where: { workspaceId: c.workspaceId, recordId: c.recordId }, select: { externalId: true } });
    await emitOutboundEvent(c.workspaceId, "conflict.opened", `msg_conflict_${c.id}`, {
      id: c.id,
      connection_id: c.connectionId,
      object: c.object,
      record_id: c.recordId,
      external_id: ref?.externalId ?? null,
      field: c.field,
      hub_value: c.hubValue ?? null,
      provider_value: c.providerValue ?? null,
      opened_at: c.createdAt.toISOString(),
    }, c.createdAt);
  }
}

/** The connection turned needs_reauth (token refresh gave up, or the provider refused its credentials). */
export async function emitConnectionNeedsReauth(connectionId: string): Promise<void> {
  const c = await db.connection.findUnique({ where: { id: connectionId } });
  if (!c || c.status !== "needs_reauth") return;
  const at = c.lastErrorAt ?? c.updatedAt;
  await emitOutboundEvent(c.workspaceId, "connection.needs_reauth", `msg_reauth_${c.id}_${at.getTime()}`, {
    connection: { id: c.id, provider: c.provider, name: c.name },
    status: c.status,
    error: { code: c.lastErrorCode ?? "NEEDS_REAUTH", message: c.lastErrorMessage ?? "" },
    at: iso(at),
  }, at);
}

/** Alerts that just fired (lib/alerts). */
export async function emitAlertsFired(alertIds: readonly string[]): Promise<void> {
  if (alertIds.length === 0) return;
  const alerts = await db.alert.findMany({ where: { id: { in: [...alertIds] } } });
  for (const a of alerts) {
    await emitOutboundEvent(a.workspaceId, "alert.fired", `msg_alert_${a.id}`, {
      id: a.id,
      kind: a.kind,
      connection_id: a.connectionId,
      message: a.message,
      fired_at: a.firedAt.toISOString(),
    }, a.firedAt);
  }
}
