// Sync runs and their record operations: started, counted, finished, and rolled up per connection,
// object and hour for the dashboard. Operation exchanges are stored redacted (lib/http/redact).
import { db, Prisma } from "@/lib/db/client";
import type { RecordObject, SyncOperationAction, SyncOperationOutcome, SyncRunKind, SyncRunStatus, SyncRunTrigger } from "@/lib/generated/prisma/enums";
import { monotonicFactory } from "@/lib/ids/ulid";
import { AppError } from "@/lib/errors/app-error";
import { SqlParams } from "@/lib/records/sql-params";

/** operation ids sort in the order a page logged them (the run page lists by time, then id) */
const operationId = monotonicFactory();
import { emitSyncRunFinished } from "@/lib/webhooks/outbound/emit-outbound-event";

type Tx = Prisma.TransactionClient;

export type RunCounts = {
  readCount: number;
  createdCount: number;
  updatedCount: number;
  deletedCount: number;
  skippedCount: number;
  failedCount: number;
  conflictCount: number;
};

/** A checkpoint for a Json column: null is the database NULL. */
export function jsonCursor(cursor: string | null): string | typeof Prisma.DbNull {
  return cursor === null ? Prisma.DbNull : cursor;
}

export const zeroCounts = (): RunCounts => ({ readCount: 0, createdCount: 0, updatedCount: 0, deletedCount: 0, skippedCount: 0, failedCount: 0, conflictCount: 0 });

export type OperationInput = {
  recordId?: string | null;
  externalId?: string | null;
  action: SyncOperationAction;
  outcome: SyncOperationOutcome;
  errorCode?: string | null;
  errorMessage?: string | null;
  http?: Prisma.InputJsonValue | null;
  durationMs?: number;
};

export async function startRun(input: {
  workspaceId: string;
  connectionId: string;
  object: RecordObject;
  kind: SyncRunKind;
  trigger: SyncRunTrigger;
  mappingVersion: number | null;
  cursorFrom: string | null;
  at?: Date;
}): Promise<string> {
  const run = await db.syncRun.create({
    data: {
      workspaceId: input.workspaceId,
      connectionId: input.connectionId,
      object: input.object,
      kind: input.kind,
      trigger: input.trigger,
      mappingVersion: input.mappingVersion,
      cursorFrom: jsonCursor(input.cursorFrom),
      startedAt: input.at ?? new Date(),
    },
    select: { id: true },
  });
  return run.id;
}

type RunRef = { id: string; workspaceId: string; connectionId: string; object: RecordObject };

/**
 * The CTEs `run` (the page's counts added to its run), `setting` (with `checkpoint`, the object's pull
 * checkpoint) and `ops` (the page's operations: one INSERT from arrays, one parameter per column) of a
 * page's bookkeeping statement; RECORD_PAGE_SELECT counts what they touched (see checkRecordPage). A
 * pull page of new records adds them to the statement that writes the records.
 */
export function recordPageCtes(p: SqlParams, run: RunRef, counts: RunCounts, ops: OperationInput[], cursorTo: string | null | undefined, at: Date, checkpoint?: { cursor: string | null }): string {
  const time = p.add(at);
  const runId = p.add(run.id);
  const object = p.add(run.object);
  const connectionId = p.add(run.connectionId);
  return `run AS (
      UPDATE sync_runs SET
        read_count = read_count + ${p.add(counts.readCount)}::int, created_count = created_count + ${p.add(counts.createdCount)}::int,
        updated_count = updated_count + ${p.add(counts.updatedCount)}::int, deleted_count = deleted_count + ${p.add(counts.deletedCount)}::int,
        skipped_count = skipped_count + ${p.add(counts.skippedCount)}::int, failed_count = failed_count + ${p.add(counts.failedCount)}::int,
        conflict_count = conflict_count + ${p.add(counts.conflictCount)}::int,
        cursor_to = CASE WHEN ${p.add(cursorTo !== undefined)}::boolean THEN to_jsonb(${p.add(cursorTo ?? null)}::text) ELSE cursor_to END
      WHERE id = ${runId}
      RETURNING id
    ),
    setting AS (
      UPDATE sync_settings SET cursor = to_jsonb(${p.add(checkpoint?.cursor ?? null)}::text), cursor_updated_at = ${time}::timestamptz, updated_at = ${time}::timestamptz
      WHERE ${p.add(checkpoint !== undefined)}::boolean AND connection_id = ${connectionId} AND object = ${object}::"RecordObject"
      RETURNING id
    ),
    ops AS (
      INSERT INTO sync_operations (id, workspace_id, run_id, connection_id, object, record_id, external_id, action, outcome, error_code, error_message, http, duration_ms, created_at)
      SELECT v.id, ${p.add(run.workspaceId)}::text, ${runId}::text, ${connectionId}::text, ${object}::"RecordObject", v.record_id, v.external_id,
        v.action::"SyncOperationAction", v.outcome::"SyncOperationOutcome", v.error_code, v.error_message, v.http::jsonb, v.duration_ms, ${time}::timestamptz
      FROM unnest(
        ${p.add(ops.map(() => operationId().toLowerCase()))}::text[], ${p.add(ops.map((o) => o.recordId ?? null))}::text[], ${p.add(ops.map((o) => o.externalId ?? null))}::text[],
        ${p.add(ops.map((o) => o.action))}::text[], ${p.add(ops.map((o) => o.outcome))}::text[], ${p.add(ops.map((o) => o.errorCode ?? null))}::text[],
        ${p.add(ops.map((o) => o.errorMessage?.slice(0, 2000) ?? null))}::text[], ${p.add(ops.map((o) => (o.http ? JSON.stringify(o.http) : null)))}::text[],
        ${p.add(ops.map((o) => Math.round(o.durationMs ?? 0)))}::int[]
      ) AS v(id, record_id, external_id, action, outcome, error_code, error_message, http, duration_ms)
      RETURNING 1
    )`;
}

/** The final SELECT of a statement with recordPageCtes. */
export const RECORD_PAGE_SELECT = `SELECT (SELECT count(*)::int FROM run) AS runs, (SELECT count(*)::int FROM setting) AS settings`;

/** The run (and with a checkpoint, the settings row) must have been there: otherwise the page's transaction is rolled back. */
export function checkRecordPage(res: { runs: number; settings: number } | undefined, checkpoint?: { cursor: string | null }): void {
  if (!res || res.runs !== 1) throw new AppError("NOT_FOUND", "The sync run no longer exists");
  if (checkpoint && res.settings !== 1) throw new AppError("NOT_FOUND", "The object's sync settings no longer exist");
}

/**
 * Adds a page's counts to its run and stores its operations (inside the page's transaction); with
 * `checkpoint`, also saves the object's pull checkpoint. One statement: a page pays one round trip for
 * its bookkeeping, whatever it holds.
 */
export async function recordPageInTx(
  tx: Tx,
  run: RunRef,
  counts: RunCounts,
  operations: OperationInput[],
  cursorTo?: string | null,
  at = new Date(),
  checkpoint?: { cursor: string | null },
): Promise<void> {
  const p = new SqlParams();
  const text = `WITH ${recordPageCtes(p, run, counts, operations, cursorTo, at, checkpoint)} ${RECORD_PAGE_SELECT}`;
  const [res] = await tx.$queryRawUnsafe<{ runs: number; settings: number }[]>(text, ...p.values);
  checkRecordPage(res, checkpoint);
}

function hourOf(d: Date): Date {
  const h = new Date(d);
  h.setUTCMinutes(0, 0, 0);
  return h;
}

/** Ends a run and adds it to its hourly rollup, in one transaction. */
export async function finishRun(runId: string, status: SyncRunStatus, error?: { code: string; message: string } | null, at = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const run = await tx.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (run.finishedAt) return;
    const durationMs = Math.max(0, at.getTime() - run.startedAt.getTime());
    await tx.syncRun.update({
      where: { id: runId },
      data: { status, finishedAt: at, durationMs, errorCode: error?.code ?? null, errorMessage: error?.message.slice(0, 2000) ?? null },
    });
    const hour = hourOf(run.startedAt);
    const add = {
      runs: 1,
      failedRuns: status === "failed" ? 1 : 0,
      readCount: run.readCount,
      createdCount: run.createdCount,
      updatedCount: run.updatedCount,
      deletedCount: run.deletedCount,
      skippedCount: run.skippedCount,
      failedCount: run.failedCount,
      conflictCount: run.conflictCount,
      durationMs: BigInt(durationMs),
    };
    await tx.syncRollup.upsert({
      where: { connectionId_object_hour: { connectionId: run.connectionId, object: run.object, hour } },
      create: { workspaceId: run.workspaceId, connectionId: run.connectionId, object: run.object, hour, ...add },
      update: Object.fromEntries(Object.entries(add).map(([k, v]) => [k, { increment: v }])),
    });
  });
  await emitSyncRunFinished(runId);
}

export async function failRun(runId: string, err: unknown): Promise<void> {
  const code = typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : "INTERNAL";
  const message = err instanceof Error ? err.message : String(err);
  await finishRun(runId, "failed", { code, message });
}
