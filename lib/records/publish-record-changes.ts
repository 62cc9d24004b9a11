// The outbox of record changes: committed change rows are handed to the job runner and marked sent. A
// send that fails leaves the rows unsent for the sweeper; nothing committed is lost.
//   - One switchboard/records.changed event per (workspace, object, source connection) of the rows a
//     transaction committed (up to EVENT_IDS change ids each): the sync fan-out's trigger. A backfill
//     page of 100 records is one event, not 100; the push drains pending changes by record version, so
//     grouping (or a duplicate send) never changes what reaches a connection.
//   - One switchboard/record.changed event per change (event id = change id) for outbound webhooks,
//     only when the workspace has an enabled endpoint that takes that event type: a workspace without
//     endpoints pays nothing per change.
import { db } from "@/lib/db/client";
import { sql } from "@/inngest/executor/sql-client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { loadJobModules } from "@/lib/jobs/job-modules";

const SWEEP_BATCH = 500;
/** change ids per records.changed event (keeps an event well under the Event API's body limit) */
const EVENT_IDS = 500;

export type ChangeRow = {
  id: string;
  workspaceId: string;
  recordId: string;
  object: RecordObject;
  version: number;
  action: "created" | "updated" | "deleted";
  sourceConnectionId: string | null;
};

/** Per workspace: the outbound event types some enabled endpoint takes ("*" = every type). */
async function outboundInterest(workspaceIds: readonly string[]): Promise<Map<string, Set<string>>> {
  // The same subscription rule as lib/webhooks/outbound/deliver-outbound.ts enqueueOutboundEvent.
  // driver SQL (a backfill publishes every page: Prisma's ~1 ms of CPU per statement counts there)
  const { rows: endpoints } = await sql<{ workspaceId: string; eventTypes: string[] }>(
    `SELECT workspace_id AS "workspaceId", coalesce(event_types, '{}') AS "eventTypes" FROM outbound_endpoints WHERE workspace_id = ANY($1::text[]) AND enabled`,
    [[...workspaceIds]],
    "records_outbound_interest",
  );
  const out = new Map<string, Set<string>>();
  for (const e of endpoints) {
    const set = out.get(e.workspaceId) ?? new Set<string>();
    for (const t of e.eventTypes.length === 0 ? ["*"] : e.eventTypes) set.add(t);
    out.set(e.workspaceId, set);
  }
  return out;
}

/** Groups rows (in id order) by workspace, object and source connection, in chunks of EVENT_IDS. */
type ChangeGroup = {
  workspaceId: string;
  object: RecordObject;
  sourceConnectionId: string | null;
  changeIds: [string, ...string[]];
  recordIds?: string[];
};

/** Groups rows (in id order) by workspace, object and source connection, in chunks of EVENT_IDS; a chunk of few records names them. */
function groupsOf(rows: readonly ChangeRow[], fewRecords: number): ChangeGroup[] {
  const groups = new Map<string, { workspaceId: string; object: RecordObject; sourceConnectionId: string | null; rows: ChangeRow[] }>();
  for (const r of rows) {
    const key = `${r.workspaceId}\u0000${r.object}\u0000${r.sourceConnectionId ?? ""}`;
    const g = groups.get(key) ?? { workspaceId: r.workspaceId, object: r.object, sourceConnectionId: r.sourceConnectionId, rows: [] };
    g.rows.push(r);
    groups.set(key, g);
  }
  const out: ChangeGroup[] = [];
  for (const { rows: all, ...g } of groups.values()) {
    for (let i = 0; i < all.length; i += EVENT_IDS) {
      const part = all.slice(i, i + EVENT_IDS);
      const recordIds = [...new Set(part.map((r) => r.recordId))];
      out.push({
        ...g,
        changeIds: part.map((r) => r.id) as [string, ...string[]],
        ...(recordIds.length <= fewRecords ? { recordIds } : {}),
      });
    }
  }
  return out;
}

/**
 * Sends committed changes. `known`: change rows the writer already has (the rows it just inserted, e.g.
 * a backfill page's creates), not read back; the others are read, and only those not sent yet.
 */
export async function publishRecordChanges(changeIds: readonly string[], known?: ReadonlyMap<string, ChangeRow>): Promise<number> {
  if (changeIds.length === 0) return 0;
  const have = known ? changeIds.flatMap((id) => known.get(id) ?? []) : [];
  const missing = known ? changeIds.filter((id) => !known.has(id)) : changeIds;
  const read: ChangeRow[] =
    missing.length === 0
      ? []
      : await db.recordChange.findMany({
          where: { id: { in: [...missing] }, sentAt: null },
          orderBy: { id: "asc" },
          select: { id: true, workspaceId: true, recordId: true, object: true, version: true, action: true, sourceConnectionId: true },
        });
  const rows = have.length === 0 ? read : [...have, ...read].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (rows.length === 0) return 0;
  try {
    // The job runner sits above lib; imported lazily so lib stays importable without it (next build, unit tests).
    const { inngest, recordChanged, recordsChanged, FEW_RECORDS } = await loadJobModules();
    const interest = await outboundInterest([...new Set(rows.map((r) => r.workspaceId))]);
    const perChange = rows.filter((r) => {
      const types = interest.get(r.workspaceId);
      return !!types && (types.has("*") || types.has(`${r.object}.${r.action}`));
    });
    await inngest.send([
      // id: the group's first change and size, so the sweeper re-sending the same group is de-duplicated
      ...groupsOf(rows, FEW_RECORDS).map((g) => recordsChanged.create(g, { id: `changes:${g.changeIds[0]}:${g.changeIds.length}` })),
      ...perChange.map((r) =>
        recordChanged.create(
          {
            workspaceId: r.workspaceId,
            recordId: r.recordId,
            object: r.object,
            changeId: r.id,
            version: r.version,
            action: r.action,
            sourceConnectionId: r.sourceConnectionId,
          },
          { id: r.id },
        ),
      ),
    ]);
  } catch (err) {
    console.warn(
      `[switchboard] ${rows.length} record change(s) not sent yet; the sweeper will retry:`,
      err instanceof Error ? err.message : err,
    );
    return 0;
  }
  // the ids as one array parameter: a page's 100 ids are one bind, not 100
  await sql(
    `UPDATE record_changes SET sent_at = $1::timestamptz WHERE id = ANY($2::text[]) AND sent_at IS NULL`,
    [new Date(), rows.map((r) => r.id)],
    "records_mark_sent",
  );
  return rows.length;
}

/** The sweeper: re-sends changes committed more than `graceMs` ago and never sent. Returns how many it sent. */
export async function sweepUnsentRecordChanges(graceMs = 30_000, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await db.recordChange.findMany({
      where: { sentAt: null, createdAt: { lt: new Date(now.getTime() - graceMs) } },
      orderBy: { createdAt: "asc" },
      take: SWEEP_BATCH,
      select: { id: true },
    });
    if (batch.length === 0) return total;
    const sent = await publishRecordChanges(batch.map((b) => b.id));
    total += sent;
    if (sent < batch.length) return total;
  }
}
