// Claiming due work. One transaction per claim, serialised by an advisory lock, picks due items
// (FOR UPDATE SKIP LOCKED) in order of due time minus their run's priority factor (priority.run: a
// run with factor 120 goes ahead of work that has been due for up to 120 s), applies the concurrency
// and throttle limits, and leases what may run. A lease that is not renewed (the process died
// mid-request) expires, and the item runs again.
import { db } from "@/lib/db/client";
import type { ExecutorQueueItem } from "@/lib/generated/prisma/client";
import type { ExecutorContext } from "@/inngest/executor/executor-context";
import { parseDurationMs } from "@/inngest/executor/duration";
import { syncedFunction } from "@/inngest/executor/function-registry";

const CLAIM_LOCK = 727_073_001;
/** A blocked call is re-checked after this long even if no slot release woke it (lost wake-ups). */
const BLOCKED_RECHECK_MS = 1_000;

type QueueRow = {
  id: string;
  kind: string;
  run_id: string | null;
  step_id: string | null;
  /** the run of a call item, read with it (null for other kinds, or a run that is gone) */
  status: string | null;
  started_at: Date | null;
  concurrency: { key: string; limit: number }[] | null;
  throttle_key: string | null;
  function_id: string | null;
};

export async function claimDue(ctx: ExecutorContext, limit: number, leaseMs: number): Promise<ExecutorQueueItem[]> {
  if (limit <= 0) return [];
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const now = ctx.clock();
    const nowDate = new Date(now);
    const rows = await tx.$queryRaw<QueueRow[]>`
      SELECT q.id, q.kind, q.run_id, q.step_id, r.status::text AS status, r.started_at, r.concurrency, r.throttle_key, r.function_id
      FROM executor_queue q LEFT JOIN executor_runs r ON q.kind = 'call' AND r.id = q.run_id
      WHERE q.due_at <= ${nowDate} AND (q.leased_until IS NULL OR q.leased_until < ${nowDate})
      ORDER BY q.due_at - make_interval(secs => q.priority), q.created_at, q.id
      LIMIT ${limit * 4}
      FOR UPDATE OF q SKIP LOCKED`;
    const leased: string[] = [];
    // Concurrency keys found full in this claim stay full for the rest of it (nothing this claim does
    // frees a slot): the other items waiting on them are blocked without counting again.
    const fullKeys = new Set<string>();
    const blocked: string[] = [];
    for (const row of rows) {
      if (leased.length >= limit) break;
      if (row.kind === "call" && row.run_id && (row.status === "queued" || row.status === "running")) {
        let blockedBy: string | undefined;
        for (const c of row.concurrency ?? []) {
          if (fullKeys.has(c.key)) {
            blockedBy = c.key;
            break;
          }
          const inFlight = await tx.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM executor_queue
            WHERE kind = 'call' AND leased_until > ${nowDate} AND id <> ${row.id} AND ${c.key} = ANY(concurrency_keys)`;
          if ((inFlight[0]?.n ?? 0) >= c.limit) {
            blockedBy = c.key;
            fullKeys.add(c.key);
            break;
          }
        }
        if (blockedBy) {
          blocked.push(row.id);
          continue;
        }
        if (!row.started_at && row.throttle_key && row.function_id) {
          const fn = await syncedFunction(row.function_id, tx);
          const throttle = fn?.config.throttle;
          if (throttle) {
            const periodMs = parseDurationMs(throttle.period);
            const window = await tx.executorRun.findMany({
              where: { throttleKey: row.throttle_key, startedAt: { gt: new Date(now - periodMs) } },
              orderBy: { startedAt: "asc" },
              select: { startedAt: true },
            });
            const capacity = throttle.limit + (throttle.burst ?? 0);
            if (window.length >= capacity) {
              // Throttled runs wait (they are not dropped) until the oldest start leaves the window.
              const next = (window[window.length - capacity]?.startedAt?.getTime() ?? now) + periodMs;
              await tx.executorQueueItem.update({ where: { id: row.id }, data: { dueAt: new Date(Math.max(next, now + 1)) } });
              continue;
            }
          }
        }
        if (!row.started_at) {
          await tx.executorRun.update({ where: { id: row.run_id }, data: { startedAt: nowDate, status: "running" } });
        }
      }
      await tx.executorQueueItem.update({ where: { id: row.id }, data: { leasedUntil: new Date(now + leaseMs), blocked: false } });
      leased.push(row.id);
    }
    if (blocked.length > 0) {
      await tx.executorQueueItem.updateMany({
        where: { id: { in: blocked } },
        data: { blocked: true, dueAt: new Date(now + BLOCKED_RECHECK_MS) },
      });
    }
    if (leased.length === 0) return [];
    return tx.executorQueueItem.findMany({ where: { id: { in: leased } }, orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }] });
  });
}

/** Keeps the leases of in-flight items alive while their requests run. */
export async function renewLeases(ctx: ExecutorContext, ids: string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.executorQueueItem.updateMany({ where: { id: { in: ids } }, data: { leasedUntil: new Date(ctx.clock() + leaseMs) } });
}

/** When the next item falls due (for the loop's sleep), or undefined when the queue is empty. */
export async function nextDueAt(): Promise<number | undefined> {
  const next = await db.executorQueueItem.findFirst({ where: { leasedUntil: null }, orderBy: { dueAt: "asc" }, select: { dueAt: true } });
  return next?.dueAt.getTime();
}

/** Drops every lease: only safe when no other process can hold one (PGlite is single-process). */
export async function releaseAllLeases(): Promise<number> {
  const res = await db.executorQueueItem.updateMany({ where: { leasedUntil: { not: null } }, data: { leasedUntil: null } });
  return res.count;
}
