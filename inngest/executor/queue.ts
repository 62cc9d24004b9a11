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

type QueueRow = { id: string; kind: string; run_id: string | null; step_id: string | null };

export async function claimDue(ctx: ExecutorContext, limit: number, leaseMs: number): Promise<ExecutorQueueItem[]> {
  if (limit <= 0) return [];
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const now = ctx.clock();
    const nowDate = new Date(now);
    const rows = await tx.$queryRaw<QueueRow[]>`
      SELECT id, kind, run_id, step_id FROM executor_queue
      WHERE due_at <= ${nowDate} AND (leased_until IS NULL OR leased_until < ${nowDate})
      ORDER BY due_at - make_interval(secs => priority), created_at, id
      LIMIT ${limit * 4}
      FOR UPDATE SKIP LOCKED`;
    const leased: string[] = [];
    for (const row of rows) {
      if (leased.length >= limit) break;
      if (row.kind === "call" && row.run_id) {
        const run = await tx.executorRun.findUnique({
          where: { id: row.run_id },
          select: { id: true, status: true, startedAt: true, concurrency: true, throttleKey: true, functionId: true },
        });
        if (run && (run.status === "queued" || run.status === "running")) {
          let blockedBy: string | undefined;
          for (const c of run.concurrency as { key: string; limit: number }[]) {
            const inFlight = await tx.$queryRaw<{ n: number }[]>`
              SELECT count(*)::int AS n FROM executor_queue
              WHERE kind = 'call' AND leased_until > ${nowDate} AND id <> ${row.id} AND ${c.key} = ANY(concurrency_keys)`;
            if ((inFlight[0]?.n ?? 0) >= c.limit) {
              blockedBy = c.key;
              break;
            }
          }
          if (blockedBy) {
            await tx.executorQueueItem.update({
              where: { id: row.id },
              data: { blocked: true, dueAt: new Date(now + BLOCKED_RECHECK_MS) },
            });
            continue;
          }
          if (!run.startedAt && run.throttleKey) {
            const fn = await syncedFunction(run.functionId, tx);
            const throttle = fn?.config.throttle;
            if (throttle) {
              const periodMs = parseDurationMs(throttle.period);
              const window = await tx.executorRun.findMany({
                where: { throttleKey: run.throttleKey, startedAt: { gt: new Date(now - periodMs) } },
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
          if (!run.startedAt) {
            await tx.executorRun.update({ where: { id: run.id }, data: { startedAt: nowDate, status: "running" } });
          }
        }
      }
      await tx.executorQueueItem.update({ where: { id: row.id }, data: { leasedUntil: new Date(now + leaseMs), blocked: false } });
      leased.push(row.id);
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
