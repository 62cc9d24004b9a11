// The per-step hot path in plain SQL (sql-client.ts): reading a run's state for a call in one query,
// and applying the most common response — exactly one StepRun while no parallel steps are outstanding —
// in one short transaction: memoize the step, queue the next discovery call already leased to this
// worker, free concurrency slots. Same rows and the same durability as the general path in
// execute-call.ts (which handles every other response); only the statement count differs.
import type { ExecutorQueueItem } from "@/lib/generated/prisma/client";
import type { ExecutorContext } from "@/inngest/executor/executor-context";
import { isTerminal, queueId } from "@/inngest/executor/run-state";
import { sql } from "@/inngest/executor/sql-client";

export type CallState = {
  id: string;
  functionId: string;
  status: string;
  event: unknown;
  events: unknown;
  forceStepPlan: boolean;
  pending: string[];
  priority: number;
  concurrencyKeys: string[];
  /** memoized steps in completion order: [hashed step id, memo] */
  memos: [string, { v: unknown } | null][];
};

// The state a run's next call starts from, carried from applyStepRun to the executeCall of the item it
// queued: while a run has no parallel steps, only its own call adds memoized steps, so after the commit
// this state is exactly what the database holds (a cancellation in between is caught when the next
// result is applied, as for one that arrives during a call).
const carried = new WeakMap<ExecutorQueueItem, CallState>();

/** The run and its memoized steps: carried over from the previous step of this run, or one round trip. */
export async function loadCallState(runId: string, item?: ExecutorQueueItem): Promise<CallState | undefined> {
  const known = item ? carried.get(item) : undefined;
  if (known) {
    carried.delete(item!);
    return known;
  }
  const { rows } = await sql<{
    id: string;
    function_id: string;
    status: string;
    event: unknown;
    events: unknown;
    force_step_plan: boolean;
    pending: string[];
    priority: number;
    concurrency: { key: string }[];
    memos: [string, { v: unknown } | null][] | null;
  }>(
    `SELECT r.id, r.function_id, r.status, r.event, r.events, r.force_step_plan, r.pending, r.priority, r.concurrency,
       (SELECT json_agg(json_build_array(s.step_id, s.memo) ORDER BY s.seq) FROM executor_steps s
         WHERE s.run_id = r.id AND s.seq IS NOT NULL) AS memos
     FROM executor_runs r WHERE r.id = $1`,
    [runId],
    "executor_load_call_state",
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    functionId: r.function_id,
    status: r.status,
    event: r.event,
    events: r.events,
    forceStepPlan: r.force_step_plan,
    pending: r.pending,
    priority: r.priority,
    concurrencyKeys: r.concurrency.map((c) => c.key),
    memos: r.memos ?? [],
  };
}

export async function dropQueueItem(id: string): Promise<void> {
  await sql(`DELETE FROM executor_queue WHERE id = $1`, [id]);
}

export type StepRunOp = { id: string; name?: string | undefined; displayName?: string | undefined; op: string; data?: unknown };

/**
 * Applies one StepRun in a single statement (one round trip, one commit). Returns { next } (the leased
 * discovery call, or undefined when the run ended or the step was a duplicate), or "general" when the
 * run is in parallel mode after all and the general path must handle it (then nothing was written).
 *
 * Why one statement is safe: the UPDATE locks the run row and re-checks it (status, no parallel steps)
 * on its latest version; while a run has no parallel steps, only this call can add memoized steps to
 * it, so the MAX(seq) read from the statement's snapshot is current. Each write below depends on the one
 * before (EXISTS on its RETURNING): no locked run, no claimed item; no claimed item, no step; a
 * duplicate step, no next call.
 */
export async function applyStepRun(
  ctx: ExecutorContext,
  state: CallState,
  item: ExecutorQueueItem,
  op: StepRunOp,
  startedAt: number,
  leaseMs: number,
): Promise<{ next: ExecutorQueueItem | undefined } | "general"> {
  const now = ctx.clock();
  const name = op.name ?? op.displayName ?? op.id;
  const next: ExecutorQueueItem = {
    id: queueId(),
    key: `${state.id}:d:${op.id}`,
    kind: "call",
    runId: state.id,
    functionId: state.functionId,
    stepId: "step",
    attempt: 0,
    dueAt: new Date(now),
    leasedUntil: new Date(now + leaseMs),
    concurrencyKeys: state.concurrencyKeys,
    blocked: false,
    priority: state.priority,
    payload: null,
    createdAt: new Date(now),
  };
  // Freeing concurrency slots scans blocked items: only for runs that hold a slot at all.
  const freeSlots =
    state.concurrencyKeys.length > 0
      ? `, freed AS (UPDATE executor_queue SET blocked = false, due_at = $9
           WHERE blocked AND id <> $2 AND concurrency_keys && $12::text[] AND EXISTS (SELECT 1 FROM claimed) RETURNING 1)`
      : `, freed AS (SELECT 1 WHERE false)`;
  const { rows } = await sql<{ locked: number; claimed: number; memoized: number; queued: number; freed: number; status: string | null }>(
    `WITH locked AS (
       UPDATE executor_runs SET requests = requests + 1
       WHERE id = $1 AND status IN ('queued', 'running') AND cardinality(pending) = 0 AND NOT force_step_plan
       RETURNING id),
     claimed AS (DELETE FROM executor_queue WHERE id = $2 AND EXISTS (SELECT 1 FROM locked) RETURNING id),
     memoized AS (
       INSERT INTO executor_steps (run_id, step_id, name, display_name, op, status, attempts, memo, error, seq, started_at, ended_at)
       SELECT $1, $3, $4, $5, $6, 'completed', $7, $8::jsonb, NULL,
         (SELECT COALESCE(MAX(seq), 0) + 1 FROM executor_steps WHERE run_id = $1), $10, $9
       WHERE EXISTS (SELECT 1 FROM claimed)
       ON CONFLICT (run_id, step_id) DO UPDATE SET
         op = EXCLUDED.op, status = EXCLUDED.status, memo = EXCLUDED.memo, seq = EXCLUDED.seq, ended_at = EXCLUDED.ended_at,
         attempts = EXCLUDED.attempts, name = EXCLUDED.name, display_name = EXCLUDED.display_name
       WHERE executor_steps.seq IS NULL
       RETURNING seq),
     queued AS (
       INSERT INTO executor_queue (id, key, kind, run_id, function_id, step_id, attempt, due_at, leased_until, concurrency_keys, blocked, priority, payload, created_at)
       SELECT $11, $13, 'call', $1, $14, 'step', 0, $9, $15, $12::text[], false, $16, NULL, $9
       WHERE EXISTS (SELECT 1 FROM memoized)
       ON CONFLICT (key) DO NOTHING
       RETURNING id)
     ${freeSlots}
     SELECT (SELECT count(*) FROM locked)::int AS locked, (SELECT count(*) FROM claimed)::int AS claimed,
       (SELECT count(*) FROM memoized)::int AS memoized, (SELECT count(*) FROM queued)::int AS queued,
       (SELECT count(*) FROM freed)::int AS freed, (SELECT status FROM executor_runs WHERE id = $1) AS status`,
    [
      state.id,
      item.id,
      op.id,
      name,
      op.displayName ?? name,
      op.op,
      item.attempt + 1,
      JSON.stringify({ v: op.data ?? null }),
      new Date(now),
      new Date(startedAt),
      next.id,
      state.concurrencyKeys,
      next.key,
      state.functionId,
      next.leasedUntil,
      state.priority,
    ],
    state.concurrencyKeys.length > 0 ? "executor_apply_step_run_slots" : "executor_apply_step_run",
  );
  const r = rows[0];
  if (!r) return { next: undefined };
  // Not locked although the run is live: it is in parallel mode, which the general path handles.
  if (r.locked === 0) return r.status !== null && !isTerminal(r.status) ? "general" : { next: undefined };
  if (r.freed > 0) ctx.wake();
  if (r.queued !== 1) return { next: undefined };
  carried.set(next, { ...state, status: "running", memos: [...state.memos, [op.id, { v: op.data ?? null }]] });
  return { next };
}

/**
 * Applies a 200 (the function returned) for a run that no parent invoked, in one statement: the run is
 * completed with its output, its remaining queue items, waits and unfinished steps are cleared, and
 * concurrency slots are freed — what finishRun does for a success. Returns false when the general path
 * must handle it (an invoked run, or the call was already applied elsewhere); then nothing was written.
 */
export async function applyRunCompleted(
  ctx: ExecutorContext,
  state: CallState,
  item: ExecutorQueueItem,
  output: unknown,
): Promise<boolean> {
  const now = new Date(ctx.clock());
  const freeSlots =
    state.concurrencyKeys.length > 0
      ? `, freed AS (UPDATE executor_queue SET blocked = false, due_at = $3
           WHERE blocked AND run_id IS DISTINCT FROM $1 AND concurrency_keys && $5::text[] AND EXISTS (SELECT 1 FROM locked) RETURNING 1)`
      : `, freed AS (SELECT 1 WHERE $5::text[] IS NULL)`;
  const { rows } = await sql<{ claimed: number; locked: number; freed: number }>(
    `WITH claimed AS (
       DELETE FROM executor_queue WHERE id = $2
         AND EXISTS (SELECT 1 FROM executor_runs WHERE id = $1 AND status IN ('queued', 'running') AND parent_run_id IS NULL)
       RETURNING id),
     locked AS (
       UPDATE executor_runs SET requests = requests + 1, status = 'completed', ended_at = $3, pending = '{}', output = $4::jsonb
       WHERE id = $1 AND status IN ('queued', 'running') AND EXISTS (SELECT 1 FROM claimed)
       RETURNING id),
     other_items AS (DELETE FROM executor_queue WHERE run_id = $1 AND id <> $2 AND EXISTS (SELECT 1 FROM locked) RETURNING 1),
     waits AS (DELETE FROM executor_waits WHERE run_id = $1 AND EXISTS (SELECT 1 FROM locked) RETURNING 1),
     open_steps AS (
       UPDATE executor_steps SET status = 'cancelled', ended_at = $3
       WHERE run_id = $1 AND seq IS NULL AND status IN ('planned', 'running', 'retrying', 'sleeping', 'waiting', 'invoking')
         AND EXISTS (SELECT 1 FROM locked)
       RETURNING 1)
     ${freeSlots}
     SELECT (SELECT count(*) FROM claimed)::int AS claimed, (SELECT count(*) FROM locked)::int AS locked,
       (SELECT count(*) FROM freed)::int AS freed, (SELECT count(*) FROM other_items)::int + (SELECT count(*) FROM waits)::int
         + (SELECT count(*) FROM open_steps)::int AS cleared`,
    [state.id, item.id, now, JSON.stringify({ v: output ?? null }), state.concurrencyKeys],
    state.concurrencyKeys.length > 0 ? "executor_apply_run_completed_slots" : "executor_apply_run_completed",
  );
  const r = rows[0];
  if (!r || r.claimed === 0) return false;
  if (r.freed > 0) ctx.wake();
  if (r.locked === 1) ctx.log.info(`run ${state.id} ${state.functionId} completed`);
  return true;
}
