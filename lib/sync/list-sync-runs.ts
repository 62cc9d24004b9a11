// A connection's runs, newest first (keyset on start time), and one run with its operations.
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { RecordObject, SyncOperationAction, SyncOperationOutcome, SyncRunKind, SyncRunStatus, SyncRunTrigger } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";

export type SyncRunRow = {
  id: string;
  object: RecordObject;
  kind: SyncRunKind;
  trigger: SyncRunTrigger;
  status: SyncRunStatus;
  startedAt: string;
  durationMs: number | null;
  counts: { read: number; created: number; updated: number; deleted: number; skipped: number; failed: number; conflicts: number };
  mappingVersion: number | null;
  error: { code: string; message: string } | null;
};

export type RunRow = {
  id: string; object: RecordObject; kind: SyncRunKind; trigger: SyncRunTrigger; status: SyncRunStatus; startedAt: Date; durationMs: number | null;
  readCount: number; createdCount: number; updatedCount: number; deletedCount: number; skippedCount: number; failedCount: number; conflictCount: number;
  mappingVersion: number | null; errorCode: string | null; errorMessage: string | null; cursorFrom?: unknown; cursorTo?: unknown;
};

export function toRow(r: RunRow): SyncRunRow {
  return {
    id: r.id,
    object: r.object,
    kind: r.kind,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    durationMs: r.durationMs,
    counts: { read: r.readCount, created: r.createdCount, updated: r.updatedCount, deleted: r.deletedCount, skipped: r.skippedCount, failed: r.failedCount, conflicts: r.conflictCount },
    mappingVersion: r.mappingVersion,
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? "" } : null,
  };
}

export async function listSyncRuns(access: WorkspaceAccess, connectionId: string, opts: { before?: string; limit?: number } = {}): Promise<{ rows: SyncRunRow[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 100);
  const before = opts.before ? new Date(opts.before) : null;
  const rows = await db.syncRun.findMany({
    where: { connectionId, workspaceId: access.workspace.id, ...(before && !Number.isNaN(before.getTime()) ? { startedAt: { lt: before } } : {}) },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { rows: page.map(toRow), nextBefore: rows.length > limit ? (page.at(-1)?.startedAt.toISOString() ?? null) : null };
}

export type SyncOperationRow = {
  id: string;
  recordId: string | null;
  externalId: string | null;
  action: SyncOperationAction;
  outcome: SyncOperationOutcome;
  errorCode: string | null;
  errorMessage: string | null;
  http: unknown;
  durationMs: number;
  at: string;
};

export async function getSyncRun(access: WorkspaceAccess, connectionId: string, runId: string, opts: { onlyFailed?: boolean } = {}) {
  const run = await db.syncRun.findFirst({ where: { id: runId, connectionId, workspaceId: access.workspace.id } });
  if (!run) throw new AppError("NOT_FOUND", "Run not found");
  const ops = await db.syncOperation.findMany({
    where: { runId, workspaceId: access.workspace.id, ...(opts.onlyFailed ? { outcome: "failed" } : {}) },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  return {
    run: { ...toRow(run), cursorFrom: typeof run.cursorFrom === "string" ? run.cursorFrom : null, cursorTo: typeof run.cursorTo === "string" ? run.cursorTo : null, finishedAt: run.finishedAt?.toISOString() ?? null },
    operations: ops.map(
      (o): SyncOperationRow => ({
        id: o.id,
        recordId: o.recordId,
        externalId: o.externalId,
        action: o.action,
        outcome: o.outcome,
        errorCode: o.errorCode,
        errorMessage: o.errorMessage,
        http: o.http,
        durationMs: o.durationMs,
        at: o.createdAt.toISOString(),
      }),
    ),
    operationsTruncated: ops.length === 500,
  };
}
