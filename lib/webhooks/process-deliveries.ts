// Applying stored deliveries (one connection's batch) through the sync engine: each delivery is parsed
// again with a provider client (handlers fetch full records when the payload is partial), its changes are
// grouped per hub object and applied in provider event-time order (lib/sync/apply-webhook-records.ts),
// and each inbox row ends processed, skipped (with why) or — after the last retry — failed (with the
// error). A row already processed is never applied twice.
import { db } from "@/lib/db/client";
import type { Connection, WebhookDelivery } from "@/lib/generated/prisma/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { isAppError } from "@/lib/errors/app-error";
import { buildConnectionContext } from "@/lib/connections/build-connection-context";
import { jsonRecord, providerOf, stringRecord } from "@/lib/connections/load-connection";
import { canPull, type ObjectApi } from "@/lib/integrations/object-contract";
import { connectionObjects, isContractV2, type ProviderClient, type WebhookChange, type WebhookEvent } from "@/lib/integrations/types";
import { applyWebhookRecords, type AppliedChange, type PushedChange } from "@/lib/sync/apply-webhook-records";
import { recordObjectOf } from "@/lib/sync/hub-object";
import { ensureSyncSettings } from "@/lib/sync/sync-settings";
import { emitOutboundEvent } from "@/lib/webhooks/outbound/emit-outbound-event";

export type LogEntry = { at: string; level: "info" | "warn" | "error"; message: string };
export type TouchedRecord = {
  /** the provider's object name */
  object: string;
  /** the hub object, when the change was applied */
  hubObject?: RecordObject;
  externalId: string;
  recordId: string | null;
  action: string;
  outcome: string;
  message?: string;
};

export type ProcessOptions = {
  /** the last attempt: errors mark rows failed instead of asking for a retry */
  final: boolean;
  now?: Date;
  /** tests: the provider client (pointed at a sandbox) instead of one built from the stored connection */
  client?: ProviderClient;
};

export type ProcessResult = { processed: number; skipped: number; failed: number; retrying: number };

/** Thrown when some deliveries of the batch failed and will be retried (the job runner retries the step). */
export class DeliveriesRetryError extends Error {
  constructor(readonly failures: { id: string; message: string }[]) {
    super(
      `${failures.length} webhook deliver${failures.length === 1 ? "y" : "ies"} failed and will be retried: ${failures[0]?.message ?? ""}`,
    );
    this.name = "DeliveriesRetryError";
  }
}

type Work = {
  row: WebhookDelivery;
  log: LogEntry[];
  touched: TouchedRecord[];
  error: { code: string; message: string } | null;
  /** a record the provider sent could not be written (validation): retrying cannot help; replay after fixing the mapping */
  permanent: { code: string; message: string } | null;
  applicable: number;
  skipReason: string | null;
};

/** A change of this delivery that is not applied: the delivery is skipped for this reason, and says which record. */
function skipChange(w: Work, c: { object: string; externalId: string }, reason: string): void {
  w.skipReason = reason;
  w.touched.push({ object: c.object, externalId: c.externalId, recordId: null, action: "skip", outcome: "skipped", message: reason });
}

function entry(level: LogEntry["level"], message: string, now: Date): LogEntry {
  return { at: now.toISOString(), level, message };
}

function errorOf(err: unknown): { code: string; message: string } {
  if (isAppError(err)) return { code: err.code, message: err.message };
  return { code: "INTERNAL", message: err instanceof Error ? err.message.slice(0, 1000) : String(err) };
}

type Outcome = {
  id: string;
  status: "processed" | "skipped" | "failed" | "processing";
  status_reason: string | null;
  error_code: string | null;
  /** null: left as it is (a delivery to be retried is not finished) */
  processed_at: string | null;
  log: LogEntry[];
  /** null: left as it is */
  touched: unknown[] | null;
};

/** Every delivery's outcome in one statement (a batch is up to 50 deliveries: one UPDATE each cost more than applying them). */
async function finish(works: Work[], final: boolean, now: Date): Promise<ProcessResult> {
  const res: ProcessResult = { processed: 0, skipped: 0, failed: 0, retrying: 0 };
  const failures: { id: string; message: string }[] = [];
  const outcomes: Outcome[] = [];
  for (const w of works) {
    const previous = Array.isArray(w.row.log) ? (w.row.log as unknown as LogEntry[]) : [];
    const log = [...previous, ...w.log].slice(-100);
    const touched = w.touched.slice(0, 500);
    const done = { id: w.row.id, processed_at: now.toISOString(), log, touched };
    if (w.permanent && !w.error) {
      res.failed++;
      outcomes.push({ ...done, status: "failed", status_reason: w.permanent.message, error_code: w.permanent.code });
    } else if (w.error) {
      if (final) {
        res.failed++;
        outcomes.push({ ...done, status: "failed", status_reason: w.error.message, error_code: w.error.code });
      } else {
        res.retrying++;
        failures.push({ id: w.row.id, message: w.error.message });
        outcomes.push({
          ...done,
          status: "processing",
          status_reason: w.error.message,
          error_code: w.error.code,
          processed_at: null,
          touched: null,
        });
      }
    } else if (w.applicable === 0) {
      res.skipped++;
      outcomes.push({ ...done, status: "skipped", status_reason: w.skipReason ?? "Nothing to apply", error_code: null });
    } else {
      res.processed++;
      outcomes.push({ ...done, status: "processed", status_reason: null, error_code: null });
    }
  }
  if (outcomes.length > 0) {
    await db.$executeRaw`
      UPDATE webhook_deliveries d SET status = x.status::"WebhookDeliveryStatus", status_reason = x.status_reason,
        error_code = x.error_code, processed_at = COALESCE(x.processed_at, d.processed_at), log = x.log,
        touched = COALESCE(x.touched, d.touched)
      FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
        AS x(id text, status text, status_reason text, error_code text, processed_at timestamptz, log jsonb, touched jsonb)
      WHERE d.id = x.id`;
  }
  if (failures.length > 0) throw new DeliveriesRetryError(failures);
  return res;
}

function toPushed(c: WebhookChange): PushedChange | null {
  const occurredAt = c.occurredAt ? new Date(c.occurredAt) : null;
  const at = occurredAt && !Number.isNaN(occurredAt.getTime()) ? occurredAt : null;
  if (c.action === "deleted" || c.action === "merged") return { kind: "delete", externalId: c.externalId, occurredAt: at };
  if (c.record) return { kind: "upsert", record: c.record, occurredAt: at };
  if (c.fields && Object.keys(c.fields).length > 0)
    return {
      kind: "upsert",
      record: { externalId: c.externalId, remoteUpdatedAt: at ? at.toISOString() : null, fields: c.fields },
      occurredAt: at,
    };
  return null;
}

/**
 * Events that are not record changes (messages) go on to the workspace's outbound endpoints. The message
 * id is derived from the inbox row, so a retried or replayed delivery sends nothing twice (outbound
 * delivery rows are unique per endpoint and message id).
 */
async function forwardEvents(w: Work, events: readonly WebhookEvent[], connection: Connection, now: Date): Promise<void> {
  for (const [i, e] of events.entries()) {
    const link = e.contactExternalId
      ? await db.recordLink.findFirst({
          where: { workspaceId: connection.workspaceId, connectionId: connection.id, object: "contact", externalId: e.contactExternalId },
          select: { recordId: true },
        })
      : null;
    const endpoints = await emitOutboundEvent(
      connection.workspaceId,
      e.type,
      `msg_whd_${w.row.id}_${i}`,
      {
        ...e.data,
        contact_id: link?.recordId ?? null,
        connection: { id: connection.id, provider: connection.provider, name: connection.name },
        webhook_delivery_id: w.row.id,
        provider_event_id: e.providerEventId,
      },
      now,
    );
    w.applicable++;
    w.log.push(entry("info", `${e.type} sent on to ${endpoints} outbound endpoint${endpoints === 1 ? "" : "s"}`, now));
  }
}

/** Applies the given deliveries (all of one connection, or several: grouped here). */
export async function processDeliveries(ids: readonly string[], opts: ProcessOptions): Promise<ProcessResult> {
  const now = opts.now ?? new Date();
  const rows = await db.webhookDelivery.findMany({
    where: { id: { in: [...ids] }, status: { in: ["received", "processing"] } },
    orderBy: [{ occurredAt: "asc" }, { receivedAt: "asc" }],
  });
  if (rows.length === 0) return { processed: 0, skipped: 0, failed: 0, retrying: 0 };
  await db.webhookDelivery.updateMany({
    where: { id: { in: rows.map((r) => r.id) } },
    data: { status: "processing", attempts: { increment: 1 } },
  });
  const byConnection = new Map<string, WebhookDelivery[]>();
  for (const r of rows) byConnection.set(r.connectionId, [...(byConnection.get(r.connectionId) ?? []), r]);
  const works: Work[] = [];
  for (const [connectionId, list] of byConnection) {
    const ws = list.map((row): Work => ({ row, log: [], touched: [], error: null, permanent: null, applicable: 0, skipReason: null }));
    works.push(...ws);
    await processConnection(connectionId, ws, opts, now);
  }
  return finish(works, opts.final, now);
}

async function processConnection(connectionId: string, works: Work[], opts: ProcessOptions, now: Date): Promise<void> {
  const skipAll = (reason: string) => {
    for (const w of works) {
      w.skipReason = reason;
      w.log.push(entry("info", `Skipped: ${reason}`, now));
    }
  };
  const connection = await db.connection.findUnique({ where: { id: connectionId } });
  if (!connection) return skipAll("The connection no longer exists");
  if (connection.status !== "active") return skipAll(`The connection is ${connection.status.replace("_", " ")}`);
  if (!connection.syncEnabled) return skipAll("Sync is paused for this connection");
  const def = providerOf(connection);
  if (!isContractV2(def)) return skipAll(`${def.name} is not on the current provider contract`);

  let client: ProviderClient;
  try {
    client = opts.client ?? def.createClient((await buildConnectionContext(connection)) as Parameters<typeof def.createClient>[0]);
  } catch (err) {
    const e = errorOf(err);
    for (const w of works) w.error = e;
    return;
  }
  const config = jsonRecord(connection.config);
  const specs = connectionObjects(def, config);
  await ensureSyncSettings(connection, now);
  const settings = await db.syncSetting.findMany({ where: { connectionId } });

  // Parse every delivery (with the client: partial payloads fetch full records)
  const perObject = new Map<RecordObject, { change: PushedChange; work: Work; objectName: string }[]>();
  for (const w of works) {
    let changes: WebhookChange[];
    let events: WebhookEvent[];
    try {
      changes = await def.webhookHandler.parse({
        rawBody: w.row.rawBody,
        headers: new Headers(stringRecord(w.row.headers)),
        config,
        metadata: stringRecord(connection.metadata),
        client,
      });
      events = def.webhookHandler.events?.({ rawBody: w.row.rawBody }) ?? [];
    } catch (err) {
      w.error = errorOf(err);
      w.log.push(entry("error", `Reading the delivery failed: ${w.error.message}`, now));
      continue;
    }
    if (events.length > 0) {
      try {
        await forwardEvents(w, events, connection, now);
      } catch (err) {
        w.error = errorOf(err);
        w.log.push(entry("error", `Sending the events on failed: ${w.error.message}`, now));
        continue;
      }
    }
    if (changes.length === 0 && events.length > 0) continue;
    if (changes.length === 0) {
      w.skipReason = `No record changes in a ${w.row.eventType} event`;
      w.log.push(entry("info", `Skipped: ${w.skipReason}`, now));
      continue;
    }
    w.log.push(
      entry(
        "info",
        `${changes.length} change${changes.length === 1 ? "" : "s"}: ${changes
          .map((c) => `${c.object} ${c.externalId} ${c.action}`)
          .slice(0, 10)
          .join("; ")}`,
        now,
      ),
    );
    for (const c of changes) {
      const spec = specs.find((s) => s.name === c.object);
      const object = spec ? recordObjectOf(spec.hubObject) : null;
      if (!spec || !object) {
        skipChange(w, c, `${def.name} ${c.object} are not synced`);
        continue;
      }
      const setting = settings.find((s) => s.object === object);
      // push-only is a person's choice only where pulling is possible; else webhooks are the only way in
      if (setting && (!setting.enabled || (setting.direction === "push" && canPull(spec)))) {
        skipChange(w, c, `Pulling ${spec.label} is off for this connection`);
        continue;
      }
      const pushed = toPushed(c);
      if (!pushed) {
        skipChange(w, c, "The payload carried no fields and the record could not be read");
        continue;
      }
      w.applicable++;
      perObject.set(object, [...(perObject.get(object) ?? []), { change: pushed, work: w, objectName: c.object }]);
    }
  }

  // Apply per object, the whole batch at once: newest per record wins, oldest first
  for (const [object, items] of perObject) {
    const spec = specs.find((s) => recordObjectOf(s.hubObject) === object)!;
    const api: ObjectApi | undefined = client.objects[spec.name];
    let applied: AppliedChange[];
    try {
      const res = await applyWebhookRecords({ connectionId, object, changes: items.map((i) => i.change), ...(api ? { api } : {}), now });
      applied = res.applied;
    } catch (err) {
      const e = errorOf(err);
      for (const i of items) {
        if (!i.work.error) i.work.log.push(entry("error", `Applying ${spec.label} failed: ${e.message}`, now));
        i.work.error = e;
      }
      continue;
    }
    const byExternal = new Map<string, AppliedChange[]>();
    for (const a of applied) byExternal.set(a.externalId, [...(byExternal.get(a.externalId) ?? []), a]);
    const seen = new Set<string>();
    for (const i of items) {
      const externalId = i.change.kind === "upsert" ? i.change.record.externalId : i.change.externalId;
      const key = `${i.work.row.id}:${externalId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const a of byExternal.get(externalId) ?? []) {
        i.work.touched.push({
          object: i.objectName,
          hubObject: object,
          externalId,
          recordId: a.recordId,
          action: a.action,
          outcome: a.outcome,
          ...(a.message ? { message: a.message } : {}),
        });
        if (a.outcome === "failed")
          i.work.permanent ??= {
            code: "VALIDATION_FAILED",
            message: `${spec.label} ${externalId}: ${a.message ?? "could not be written"}`,
          };
        i.work.log.push(
          entry(
            a.outcome === "failed" ? "warn" : "info",
            `${spec.label} ${externalId}: ${a.action} ${a.outcome}${a.message ? ` (${a.message})` : ""}`,
            now,
          ),
        );
      }
    }
  }
}
