// Records a provider pushed (webhook deliveries), applied through the pull path's own item and delete
// steps (pull-page.ts): the connection as the source, echo suppression, per-field conflict policies,
// links and operations, in one transaction under a sync run triggered by "webhook". Provider event time
// orders them: a change older than what the link last saw from the provider is skipped (never
// overwrites newer data), so an out-of-order delivery cannot roll a record back.
import { db } from "@/lib/db/client";
import { getDriver } from "@/lib/db/driver";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import type { ObjectApi, RawRecord } from "@/lib/integrations/object-contract";
import { publishRecordChanges } from "@/lib/records/publish-record-changes";
import { emitConflictsOpened } from "@/lib/webhooks/outbound/emit-outbound-event";
import { applyDelete, applyItemsInTx, type PullPageInput } from "@/lib/sync/pull-page";
import { appliedMapping } from "@/lib/sync/sync-mapping";
import { finishRun, recordPageInTx, startRun, zeroCounts, type OperationInput } from "@/lib/sync/sync-runs";
import { openSyncTarget } from "@/lib/sync/sync-target";
import { foregroundBusy } from "@/lib/jobs/foreground";

/**
 * Records per transaction on PGlite while webhook requests are coming in this process. There a
 * transaction holds the one database connection until it commits, and every answer waits for it: a
 * batch of 50 in one transaction held the answers for 50-150 ms (npm run bench:webhooks). Otherwise (no
 * requests, or PostgreSQL, where a transaction holds only its rows) the batch is one transaction.
 */
export const BUSY_CHUNK = 5;

export type PushedChange =
  | { kind: "upsert"; record: RawRecord; /** provider event time; used when the record has no remoteUpdatedAt */ occurredAt: Date | null }
  | { kind: "delete"; externalId: string; occurredAt: Date | null };

export type AppliedChange = {
  externalId: string;
  recordId: string | null;
  action: string;
  outcome: "succeeded" | "skipped" | "failed";
  message?: string;
};

export type ApplyPushedResult = { runId: string; applied: AppliedChange[]; changeIds: string[] };

function externalIdOf(c: PushedChange): string {
  return c.kind === "upsert" ? c.record.externalId : c.externalId;
}

function eventTime(c: PushedChange): Date | null {
  if (c.kind === "upsert" && c.record.remoteUpdatedAt) {
    const t = new Date(c.record.remoteUpdatedAt);
    if (!Number.isNaN(t.getTime())) return t;
  }
  return c.occurredAt;
}

/**
 * Apply one connection's pushed changes for one hub object. Changes are applied oldest first; several
 * changes of one record keep only the newest. `api` replaces the provider client (tests).
 */
export async function applyWebhookRecords(input: {
  connectionId: string;
  object: RecordObject;
  changes: PushedChange[];
  api?: ObjectApi;
  now?: Date;
}): Promise<ApplyPushedResult> {
  const now = input.now ?? new Date();
  const target = await openSyncTarget(input.connectionId, input.object, input.api);
  const { connection } = target;
  // Newest change per record, then oldest first.
  const newest = new Map<string, PushedChange>();
  for (const c of input.changes) {
    const prev = newest.get(externalIdOf(c));
    const t = eventTime(c)?.getTime() ?? 0;
    if (!prev || t >= (eventTime(prev)?.getTime() ?? 0)) newest.set(externalIdOf(c), c);
  }
  const ordered = [...newest.values()].sort((a, b) => (eventTime(a)?.getTime() ?? 0) - (eventTime(b)?.getTime() ?? 0));
  const superseded: AppliedChange[] = input.changes
    .filter((c) => newest.get(externalIdOf(c)) !== c)
    .map((c) => ({
      externalId: externalIdOf(c),
      recordId: null,
      action: "skip",
      outcome: "skipped" as const,
      message: "A newer change of this record in the same batch wins",
    }));

  const mappingVersion =
    (
      await db.syncMapping.findFirst({
        where: { connectionId: connection.id, object: input.object },
        orderBy: { version: "desc" },
        select: { version: true },
      })
    )?.version ?? 1;
  const runId = await startRun({
    workspaceId: connection.workspaceId,
    connectionId: connection.id,
    object: input.object,
    kind: "pull",
    trigger: "webhook",
    mappingVersion,
    cursorFrom: null,
    at: now,
  });
  const pageInput: PullPageInput = { target, object: input.object, runId, mode: "incremental", cursor: null, runStartedAt: now };
  try {
    const applied: AppliedChange[] = [];
    const changeIds: string[] = [];
    // the whole batch in one transaction, or on PGlite a few records at a time while webhook requests
    // are coming (an empty batch still records its page)
    for (let from = 0; from === 0 || from < ordered.length;) {
      const size = foregroundBusy() && getDriver().kind === "pglite" ? BUSY_CHUNK : ordered.length;
      const chunk = ordered.slice(from, from + size);
      from += Math.max(1, size);
      const res = await db.$transaction(
        async (tx) => {
          const { mapping } = await appliedMapping(tx, {
            workspaceId: connection.workspaceId,
            connectionId: connection.id,
            object: input.object,
            spec: target.spec,
          });
          const counts = zeroCounts();
          const ops: OperationInput[] = [];
          const ids: string[] = [];
          const out: AppliedChange[] = [];
          const links = await tx.recordLink.findMany({
            where: { connectionId: connection.id, object: input.object, externalId: { in: chunk.map(externalIdOf) } },
            select: { externalId: true, recordId: true, remoteUpdatedAt: true },
          });
          const linkOf = new Map(links.map((l) => [l.externalId, l]));
          const upserts: RawRecord[] = [];
          const deletes: string[] = [];
          for (const c of chunk) {
            const externalId = externalIdOf(c);
            const at = eventTime(c);
            const link = linkOf.get(externalId);
            if (link?.remoteUpdatedAt && at && at.getTime() < link.remoteUpdatedAt.getTime()) {
              counts.skippedCount++;
              const message = `Older than the provider's version Switchboard already has (${link.remoteUpdatedAt.toISOString()})`;
              ops.push({ recordId: link.recordId, externalId, action: "skip", outcome: "skipped", errorMessage: message });
              out.push({ externalId, recordId: link.recordId, action: "skip", outcome: "skipped", message });
            } else if (c.kind === "delete") deletes.push(externalId);
            else upserts.push({ ...c.record, remoteUpdatedAt: c.record.remoteUpdatedAt ?? (at ? at.toISOString() : null) } as RawRecord);
          }
          const before = ops.length;
          counts.readCount += upserts.length;
          if (upserts.length > 0) await applyItemsInTx(tx, pageInput, mapping, upserts, now, counts, ops, ids);
          for (const externalId of deletes) {
            const n = ops.length;
            await applyDelete(tx, pageInput, externalId, counts, ops, ids);
            if (ops.length === n) {
              const link = linkOf.get(externalId);
              out.push({
                externalId,
                recordId: link?.recordId ?? null,
                action: "delete",
                outcome: "skipped",
                message: link ? "Already deleted in Switchboard" : "Not linked to a Switchboard record",
              });
            }
          }
          for (const op of ops.slice(before)) {
            out.push({
              externalId: op.externalId ?? "",
              recordId: op.recordId ?? null,
              action: op.action,
              outcome: op.outcome,
              ...(op.errorMessage ? { message: op.errorMessage } : {}),
            });
          }
          await recordPageInTx(
            tx,
            { id: runId, workspaceId: connection.workspaceId, connectionId: connection.id, object: input.object },
            counts,
            ops,
            null,
            now,
          );
          return { applied: out, changeIds: ids };
        },
        { timeout: 60_000, maxWait: 30_000 },
      );
      applied.push(...res.applied);
      changeIds.push(...res.changeIds);
    }
    const failed = applied.some((a) => a.outcome === "failed");
    await finishRun(runId, failed ? "partial" : "succeeded");
    await publishRecordChanges(changeIds);
    await emitConflictsOpened(connection.id, now);
    return { runId, applied: [...superseded, ...applied], changeIds };
  } catch (err) {
    await finishRun(runId, "failed", { code: "INTERNAL", message: err instanceof Error ? err.message.slice(0, 1000) : String(err) }).catch(
      () => undefined,
    );
    throw err;
  }
}
