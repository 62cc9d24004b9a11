// Sync through the public API: the workspace's sync status (last sync, pending updates, sync errors,
// connected integrations), its runs (cursor pages, newest first) and "sync this record now".
import { z } from "zod";
import { assertAllowed, type ApiKeyPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { retryPush } from "@/lib/sync/request-sync";
import { syncableObjects } from "@/lib/sync/sync-settings";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const syncStatusSchema = z
  .object({
    last_sync_at: z.string().nullable().meta({ description: "when the last successful sync run finished" }),
    pending_updates: z.number().int().meta({ description: "record links waiting to be pushed" }),
    sync_errors: z.object({
      failed_records: z.number().int(),
      recent: z.array(z.object({ run_id: z.string(), connection_id: z.string(), object: z.string(), code: z.string(), message: z.string(), at: z.string() })),
    }),
    connected_integrations: z.array(
      z.object({ id: z.string(), provider: z.string(), name: z.string(), status: z.string(), sync_enabled: z.boolean(), last_sync_at: z.string().nullable(), pending_updates: z.number().int(), failed_records: z.number().int() }),
    ),
  })
  .meta({ id: "SyncStatus" });

export async function apiSyncStatus(principal: ApiKeyPrincipal): Promise<z.infer<typeof syncStatusSchema>> {
  assertAllowed(principal, { role: "member", scope: "sync:read" }, "");
  const workspaceId = principal.workspace.id;
  const [connections, linkCounts, lastRuns, failedRuns] = await Promise.all([
    db.connection.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" }, take: 500, select: { id: true, provider: true, name: true, status: true, syncEnabled: true } }),
    db.recordLink.groupBy({ by: ["connectionId", "status"], where: { workspaceId, status: { in: ["pending", "failed"] } }, _count: { _all: true } }),
    db.syncRun.groupBy({ by: ["connectionId"], where: { workspaceId, status: "succeeded" }, _max: { finishedAt: true } }),
    db.syncRun.findMany({ where: { workspaceId, errorCode: { not: null } }, orderBy: { startedAt: "desc" }, take: 10, select: { id: true, connectionId: true, object: true, errorCode: true, errorMessage: true, startedAt: true } }),
  ]);
  const count = (connectionId: string, status: "pending" | "failed") => linkCounts.find((l) => l.connectionId === connectionId && l.status === status)?._count._all ?? 0;
  const last = new Map(lastRuns.map((r) => [r.connectionId, r._max.finishedAt]));
  const lastOverall = lastRuns.map((r) => r._max.finishedAt).filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    last_sync_at: iso(lastOverall),
    pending_updates: linkCounts.filter((l) => l.status === "pending").reduce((a, l) => a + l._count._all, 0),
    sync_errors: {
      failed_records: linkCounts.filter((l) => l.status === "failed").reduce((a, l) => a + l._count._all, 0),
      recent: failedRuns.map((r) => ({ run_id: r.id, connection_id: r.connectionId, object: r.object, code: r.errorCode ?? "", message: r.errorMessage ?? "", at: r.startedAt.toISOString() })),
    },
    connected_integrations: connections.map((c) => ({
      id: c.id,
      provider: c.provider,
      name: c.name,
      status: c.status,
      sync_enabled: c.syncEnabled,
      last_sync_at: iso(last.get(c.id)),
      pending_updates: count(c.id, "pending"),
      failed_records: count(c.id, "failed"),
    })),
  };
}

export const runsQuerySchema = z.object({
  connection: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const apiRunSchema = z
  .object({
    id: z.string(),
    connection_id: z.string(),
    object: z.string(),
    kind: z.string(),
    trigger: z.string(),
    status: z.string(),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    counts: z.object({ read: z.number().int(), created: z.number().int(), updated: z.number().int(), deleted: z.number().int(), skipped: z.number().int(), failed: z.number().int(), conflicts: z.number().int() }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: "SyncRun" });

const runCursor = z.object({ s: z.string(), id: z.string() });

export async function apiListRuns(principal: ApiKeyPrincipal, q: z.infer<typeof runsQuerySchema>): Promise<{ data: z.infer<typeof apiRunSchema>[]; next_cursor: string | null }> {
  assertAllowed(principal, { role: "member", scope: "sync:read" }, "");
  let after: { s: Date; id: string } | null = null;
  if (q.cursor) {
    try {
      const c = runCursor.parse(JSON.parse(Buffer.from(q.cursor, "base64url").toString("utf8")));
      after = { s: new Date(c.s), id: c.id };
      if (Number.isNaN(after.s.getTime())) throw new Error("bad date");
    } catch {
      throw new AppError("BAD_REQUEST", "This cursor is not valid; start from the first page");
    }
  }
  const rows = await db.syncRun.findMany({
    where: {
      workspaceId: principal.workspace.id,
      ...(q.connection ? { connectionId: q.connection } : {}),
      ...(after ? { OR: [{ startedAt: { lt: after.s } }, { startedAt: after.s, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({
      id: r.id,
      connection_id: r.connectionId,
      object: r.object,
      kind: r.kind,
      trigger: r.trigger,
      status: r.status,
      started_at: r.startedAt.toISOString(),
      finished_at: iso(r.finishedAt),
      duration_ms: r.durationMs,
      counts: { read: r.readCount, created: r.createdCount, updated: r.updatedCount, deleted: r.deletedCount, skipped: r.skippedCount, failed: r.failedCount, conflicts: r.conflictCount },
      error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? "" } : null,
    })),
    next_cursor: rows.length > q.limit && last ? Buffer.from(JSON.stringify({ s: last.startedAt.toISOString(), id: last.id })).toString("base64url") : null,
  };
}

/** Queue a push of one record to every active connection that syncs its object. */
export async function apiSyncRecordNow(principal: ApiKeyPrincipal, object: RecordObject, recordId: string): Promise<{ connections: string[] }> {
  assertAllowed(principal, { role: "member", scope: "sync:write" }, "");
  const record = await db.hubRecord.findFirst({ where: { id: recordId, workspaceId: principal.workspace.id, object, deletedAt: null }, select: { id: true } });
  if (!record) throw new AppError("NOT_FOUND", "This record does not exist or was deleted");
  const connections = await db.connection.findMany({ where: { workspaceId: principal.workspace.id, status: "active", syncEnabled: true }, select: { id: true, provider: true, config: true } });
  const targets = connections.filter((c) => syncableObjects(c).some((o) => o.object === object));
  for (const c of targets) await retryPush(principal, c.id, object, record.id);
  return { connections: targets.map((c) => c.id) };
}
