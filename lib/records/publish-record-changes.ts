// The outbox of record changes: committed change rows become switchboard/record.changed events (event
// id = change row id, so a second send is de-duplicated by the job runner) and are marked sent. A send
// that fails leaves the row unsent for the sweeper; nothing committed is lost.
import { db } from "@/lib/db/client";

const SWEEP_BATCH = 500;

export async function publishRecordChanges(changeIds: readonly string[]): Promise<number> {
  if (changeIds.length === 0) return 0;
  const rows = await db.recordChange.findMany({
    where: { id: { in: [...changeIds] }, sentAt: null },
    select: { id: true, workspaceId: true, recordId: true, object: true, version: true, action: true, sourceConnectionId: true },
  });
  if (rows.length === 0) return 0;
  try {
    // The job runner sits above lib; imported lazily so lib stays importable without it (next build, unit tests).
    const [{ inngest }, { recordChanged }] = await Promise.all([import("@/inngest/client"), import("@/inngest/events")]);
    await inngest.send(
      rows.map((r) =>
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
    );
  } catch (err) {
    console.warn(`[switchboard] ${rows.length} record change event(s) not sent yet; the sweeper will retry:`, err instanceof Error ? err.message : err);
    return 0;
  }
  await db.recordChange.updateMany({ where: { id: { in: rows.map((r) => r.id) }, sentAt: null }, data: { sentAt: new Date() } });
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
