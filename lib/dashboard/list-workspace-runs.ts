// Every sync run of a workspace, newest first, filtered by connection, object, kind, trigger, status and
// start time (keyset on start time, so deep pages cost the same as the first).
import { z } from "zod";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { RecordObject, SyncRunKind, SyncRunStatus, SyncRunTrigger } from "@/lib/generated/prisma/enums";

const optionalEnum = <T extends Record<string, string>>(e: T) =>
  z
    .enum(e)
    .optional()
    .catch(undefined);

export const runFiltersSchema = z.object({
  connection: z.string().max(64).optional().catch(undefined),
  object: optionalEnum(RecordObject),
  kind: optionalEnum(SyncRunKind),
  trigger: optionalEnum(SyncRunTrigger),
  status: optionalEnum(SyncRunStatus),
  /** started within the last: 1h, 24h, 7d, 30d */
  since: z.enum(["1h", "24h", "7d", "30d"]).optional().catch(undefined),
  before: z.iso.datetime().optional().catch(undefined),
});
export type RunFilters = z.infer<typeof runFiltersSchema>;

const SINCE_MS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;

export type WorkspaceRunRow = {
  id: string;
  connectionId: string;
  connectionName: string;
  object: RecordObject;
  kind: SyncRunKind;
  trigger: SyncRunTrigger;
  status: SyncRunStatus;
  startedAt: string;
  durationMs: number | null;
  counts: { read: number; created: number; updated: number; deleted: number; failed: number };
  error: { code: string; message: string } | null;
};

export async function listWorkspaceRuns(access: WorkspaceAccess, filters: RunFilters, opts: { limit?: number; now?: Date } = {}): Promise<{ rows: WorkspaceRunRow[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 100);
  const now = opts.now ?? new Date();
  const startedAt: Prisma.DateTimeFilter = {};
  if (filters.since) startedAt.gte = new Date(now.getTime() - SINCE_MS[filters.since]);
  if (filters.before) startedAt.lt = new Date(filters.before);
  const rows = await db.syncRun.findMany({
    where: {
      workspaceId: access.workspace.id,
      ...(filters.connection ? { connectionId: filters.connection } : {}),
      ...(filters.object ? { object: filters.object } : {}),
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.trigger ? { trigger: filters.trigger } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(startedAt.gte || startedAt.lt ? { startedAt } : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { connection: { select: { name: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      id: r.id,
      connectionId: r.connectionId,
      connectionName: r.connection.name,
      object: r.object,
      kind: r.kind,
      trigger: r.trigger,
      status: r.status,
      startedAt: r.startedAt.toISOString(),
      durationMs: r.durationMs,
      counts: { read: r.readCount, created: r.createdCount, updated: r.updatedCount, deleted: r.deletedCount, failed: r.failedCount },
      error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? "" } : null,
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.startedAt.toISOString() ?? null) : null,
  };
}
