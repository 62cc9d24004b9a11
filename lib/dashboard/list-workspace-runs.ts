// Every sync run of a workspace, newest first, filtered by connection, object, kind, trigger, status and
// start time (keyset on start time and id, so deep pages cost the same as the first and runs that
// started in the same millisecond are neither skipped nor repeated).
import { z } from "zod";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { RecordObject, SyncRunKind, SyncRunStatus, SyncRunTrigger } from "@/lib/generated/prisma/enums";
import { keysetCursor, keysetCursorSchema, olderThan } from "@/lib/dashboard/keyset-cursor";
import { toRow, type SyncRunRow } from "@/lib/sync/list-sync-runs";

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
  /** "<ISO time>|<run id>" of the last row of the previous page */
  before: z.string().max(200).optional().catch(undefined),
});
export type RunFilters = z.infer<typeof runFiltersSchema>;

const SINCE_MS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;

export type WorkspaceRunRow = SyncRunRow & { connectionId: string; connectionName: string };

export async function listWorkspaceRuns(access: WorkspaceAccess, filters: RunFilters, opts: { limit?: number; now?: Date } = {}): Promise<{ rows: WorkspaceRunRow[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 100);
  const now = opts.now ?? new Date();
  const before = filters.before ? keysetCursorSchema.safeParse(filters.before) : null;
  const where: Prisma.SyncRunWhereInput = {
    workspaceId: access.workspace.id,
    ...(filters.connection ? { connectionId: filters.connection } : {}),
    ...(filters.object ? { object: filters.object } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.trigger ? { trigger: filters.trigger } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.since ? { startedAt: { gte: new Date(now.getTime() - SINCE_MS[filters.since]) } } : {}),
    ...(before?.success ? { AND: [olderThan("startedAt", before.data)] } : {}),
  };
  const rows = await db.syncRun.findMany({ where, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: limit + 1, include: { connection: { select: { name: true } } } });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({ ...toRow(r), connectionId: r.connectionId, connectionName: r.connection.name })),
    nextBefore: rows.length > limit && last ? keysetCursor({ at: last.startedAt, id: last.id }) : null,
  };
}
