// batchEvents and debounce: events held in executor_buffers (one open buffer per function and key)
// until their run starts. Everything happens inside the ingesting transaction, so an event is either
// in a buffer (with its flush item queued) or already in a run — a crash loses nothing.
//   batchEvents: the first matching event opens a batch; the run starts with every event when the batch
//     reaches maxSize, or when `timeout` has passed since the first event. Events failing `if` run at once, alone.
//   debounce: every event replaces the buffered one and pushes the start to `period` from now, but never
//     past `timeout` after the first event; the run gets the last event.
import { monotonicFactory } from "@/lib/ids/ulid";
import type { ExecutorQueueItem } from "@/lib/generated/prisma/client";
import type { ExecutorContext, Tx } from "@/inngest/executor/executor-context";
import { createRun, createRuns, type StoredEvent } from "@/inngest/executor/create-run";
import { parseDurationMs } from "@/inngest/executor/duration";
import { evaluateKey, matches } from "@/inngest/executor/expressions";
import type { SyncedFunction } from "@/inngest/executor/function-registry";
import { enqueue, json } from "@/inngest/executor/run-state";

const ulid = monotonicFactory();

type BufferRow = { id: string; size: number; first_at: Date; events: StoredEvent[] };

/** The queue key of a buffer's flush item. */
export const flushKey = (bufferId: string) => `flush:${bufferId}`;

async function openBuffer(tx: Tx, fnId: string, key: string): Promise<BufferRow | undefined> {
  // Same key, same lock: concurrent ingests (and instances) append to one buffer in turn.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`buffer:${fnId}:${key}`}))`;
  const [row] = await tx.$queryRaw<BufferRow[]>`
    SELECT id, size, first_at, events FROM executor_buffers WHERE function_id = ${fnId} AND key = ${key} FOR UPDATE`;
  return row;
}

async function dropBuffer(tx: Tx, bufferId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM executor_buffers WHERE id = ${bufferId}`;
  // A flush item already claimed by a worker is left alone (it finds no buffer and does nothing):
  // waiting for its row lock while it waits for the buffer's would deadlock.
  await tx.$executeRaw`DELETE FROM executor_queue WHERE key = ${flushKey(bufferId)} AND leased_until IS NULL`;
}

/**
 * Routes the events that trigger `fn` (in arrival order) through batchEvents or debounce when the
 * function has one; otherwise starts a run for each. Events of one key are appended to its buffer
 * together (one lock, one read, one write), with the same outcome as appending them one at a time.
 */
export async function triggerRuns(tx: Tx, ctx: ExecutorContext, fn: SyncedFunction, events: StoredEvent[]): Promise<void> {
  const { batchEvents: batch, debounce } = fn.config;
  if (batch) {
    const alone: [StoredEvent][] = [];
    const byKey = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (!matches(batch.if, { event }) || batch.maxSize <= 1) {
        alone.push([event]);
        continue;
      }
      const key = batch.key ? evaluateKey(batch.key, { event }) : "";
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    await createRuns(tx, ctx, fn, alone);
    for (const [key, keyed] of inKeyOrder(byKey)) await appendToBatch(tx, ctx, fn, batch, key, keyed);
    return;
  }
  if (debounce) {
    const byKey = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const key = debounce.key ? evaluateKey(debounce.key, { event }) : "";
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    for (const [key, keyed] of inKeyOrder(byKey)) await debounceEvents(tx, ctx, fn, debounce, key, keyed);
    return;
  }
  await createRuns(
    tx,
    ctx,
    fn,
    events.map((e) => [e]),
  );
}

/** Buffers are locked in key order, so two transactions appending to the same keys cannot deadlock. */
export function inKeyOrder(byKey: Map<string, StoredEvent[]>): [string, StoredEvent[]][] {
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

type BatchConfig = NonNullable<SyncedFunction["config"]["batchEvents"]>;
type DebounceConfig = NonNullable<SyncedFunction["config"]["debounce"]>;

/**
 * Appends events to the open batch of `key`: every maxSize events (counting those already buffered)
 * become a run at once; what is left stays in the open batch, or opens a new one (timeout from now).
 */
async function appendToBatch(tx: Tx, ctx: ExecutorContext, fn: SyncedFunction, batch: BatchConfig, key: string, added: StoredEvent[]) {
  const now = ctx.clock();
  const open = await openBuffer(tx, fn.id, key);
  const all = [...(open?.events ?? []), ...added];
  const full: [StoredEvent, ...StoredEvent[]][] = [];
  while (all.length >= batch.maxSize) full.push(all.splice(0, batch.maxSize) as [StoredEvent, ...StoredEvent[]]);
  if (open && full.length === 0) {
    await tx.$executeRaw`UPDATE executor_buffers SET events = events || ${JSON.stringify(added)}::jsonb, size = size + ${added.length}
      WHERE id = ${open.id}`;
    return;
  }
  if (open) await dropBuffer(tx, open.id);
  await createRuns(tx, ctx, fn, full);
  if (all.length === 0) return;
  const id = ulid(now);
  const dueAt = now + parseDurationMs(batch.timeout);
  await tx.executorBuffer.create({
    data: {
      id,
      functionId: fn.id,
      kind: "batch",
      key,
      events: json(all),
      size: all.length,
      firstAt: new Date(now),
      dueAt: new Date(dueAt),
    },
  });
  await enqueue(tx, ctx, { key: flushKey(id), kind: "flush", functionId: fn.id, dueAt, payload: { bufferId: id } });
}

/** Debounces events of `key`: the last one replaces the buffered event and pushes the start out. */
async function debounceEvents(
  tx: Tx,
  ctx: ExecutorContext,
  fn: SyncedFunction,
  debounce: DebounceConfig,
  key: string,
  added: StoredEvent[],
) {
  const last = added[added.length - 1];
  if (!last) return;
  const now = ctx.clock();
  const open = await openBuffer(tx, fn.id, key);
  const firstAt = open ? open.first_at.getTime() : now;
  let dueAt = now + parseDurationMs(debounce.period);
  if (debounce.timeout) dueAt = Math.min(dueAt, firstAt + parseDurationMs(debounce.timeout));
  if (!open) {
    const id = ulid(now);
    await tx.executorBuffer.create({
      data: {
        id,
        functionId: fn.id,
        kind: "debounce",
        key,
        events: json([last]),
        size: added.length,
        firstAt: new Date(now),
        dueAt: new Date(dueAt),
      },
    });
    await enqueue(tx, ctx, { key: flushKey(id), kind: "flush", functionId: fn.id, dueAt, payload: { bufferId: id } });
    return;
  }
  await tx.$executeRaw`UPDATE executor_buffers SET events = ${JSON.stringify([last])}::jsonb, size = size + ${added.length}, due_at = ${new Date(dueAt)}
    WHERE id = ${open.id}`;
  // The flush item moves with the buffer; if it was claimed already, flushBuffer re-queues it.
  await tx.$executeRaw`UPDATE executor_queue SET due_at = ${new Date(dueAt)} WHERE key = ${flushKey(open.id)} AND leased_until IS NULL`;
}

/** A due flush item: the batch timed out or the debounce period passed; the buffered events become a run. */
export async function flushBuffer(tx: Tx, ctx: ExecutorContext, fn: SyncedFunction | undefined, item: ExecutorQueueItem): Promise<void> {
  const { bufferId } = item.payload as { bufferId: string };
  const [row] = await tx.$queryRaw<(BufferRow & { due_at: Date; function_id: string })[]>`
    SELECT id, size, first_at, events, due_at, function_id FROM executor_buffers WHERE id = ${bufferId} FOR UPDATE`;
  if (!row) return;
  const now = ctx.clock();
  if (row.due_at.getTime() > now) {
    // A debounce was extended after this item was claimed: wait for the new end of the period.
    await enqueue(tx, ctx, {
      key: flushKey(row.id),
      kind: "flush",
      functionId: row.function_id,
      dueAt: row.due_at.getTime(),
      payload: { bufferId },
    });
    return;
  }
  await tx.$executeRaw`DELETE FROM executor_buffers WHERE id = ${row.id}`;
  const [first, ...rest] = row.events;
  if (!fn || !first) {
    ctx.log.warn(`buffered events of ${row.function_id} dropped: the function is no longer synced`);
    return;
  }
  await createRun(tx, ctx, fn, [first, ...rest]);
}
