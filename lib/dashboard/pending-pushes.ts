// Hub changes waiting to be pushed, per connection of a workspace (the objects it pushes, sync on): the
// same rule as lib/sync/push-pending.ts countPending, for all connections in one query. Its cost grows with
// records x connections (~0.2-0.6 s for 10,000 records on 20 connections), so the 2-second dashboard poll
// reads a per-process count that is at most PENDING_MAX_AGE_MS old and refreshed in the background
// (one refresh at a time per workspace); only the first request of a process waits for it.
import { db } from "@/lib/db/client";

export const PENDING_MAX_AGE_MS = 15_000;

type Entry = { at: number; value: Map<string, number>; refreshing: Promise<Map<string, number>> | null };
const holder = globalThis as unknown as { __switchboardPendingPushes?: Map<string, Entry> };
const cache = (holder.__switchboardPendingPushes ??= new Map());

export async function countPendingPushes(workspaceId: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ connection_id: string; n: bigint }[]>`
    SELECT s.connection_id, count(*)::bigint AS n
    FROM sync_settings s
    JOIN connections c ON c.id = s.connection_id AND c.sync_enabled
    JOIN hub_records r ON r.workspace_id = s.workspace_id AND r.object = s.object
    LEFT JOIN record_links l ON l.record_id = r.id AND l.connection_id = s.connection_id
    WHERE s.workspace_id = ${workspaceId} AND s.enabled AND s.direction <> 'pull'
      AND (l.id IS NULL OR l.last_pushed_version IS NULL OR l.last_pushed_version < r.version)
      AND (r.deleted_at IS NULL OR l.external_id IS NOT NULL)
    GROUP BY s.connection_id`;
  return new Map(rows.map((r) => [r.connection_id, Number(r.n)]));
}

function refresh(workspaceId: string, entry: Entry | undefined): Promise<Map<string, number>> {
  if (entry?.refreshing) return entry.refreshing;
  const p = countPendingPushes(workspaceId).then(
    (value) => {
      cache.set(workspaceId, { at: Date.now(), value, refreshing: null });
      return value;
    },
    (err: unknown) => {
      const current = cache.get(workspaceId);
      if (current) current.refreshing = null;
      throw err;
    },
  );
  if (entry) entry.refreshing = p;
  return p;
}

/** Pending pushes per connection, at most PENDING_MAX_AGE_MS (plus one refresh) old. */
export async function pendingPushesRecent(workspaceId: string, now = Date.now()): Promise<{ counts: Map<string, number>; countedAt: Date }> {
  const entry = cache.get(workspaceId);
  if (!entry) {
    const counts = await refresh(workspaceId, undefined);
    return { counts, countedAt: new Date(cache.get(workspaceId)?.at ?? now) };
  }
  if (now - entry.at > PENDING_MAX_AGE_MS) refresh(workspaceId, entry).catch(() => undefined);
  return { counts: entry.value, countedAt: new Date(entry.at) };
}
