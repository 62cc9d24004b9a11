// Group commit for event sends (inngest.send() in this process, POST /e/<key>, executor.send()): a send
// joins the group that has not started yet and resolves when that group's transaction commits, so an
// acknowledged event is stored. While one group's transaction runs, the sends arriving meanwhile gather
// in the next one; a burst of concurrent sends costs a few transactions of a few statements each
// (ingestPrepared), not one transaction per send. Nothing waits on a timer: a group starts as soon as
// the one before it is done and the event loop has read what is ready (a setImmediate turn).
import { db } from "@/lib/db/client";
import type { StoredEvent } from "@/inngest/executor/create-run";
import type { ExecutorContext } from "@/inngest/executor/executor-context";
import { ingestPrepared, prepareEvent, type IncomingEvent } from "@/inngest/executor/ingest-events";
import { ingestAppendOnly } from "@/inngest/executor/ingest-fast-path";

/** Most events one group carries (a send larger than this is a group of its own). */
const MAX_GROUP_EVENTS = 500;

type Send = { events: StoredEvent[]; done: () => void; failed: (err: unknown) => void };
type Group = { ctx: ExecutorContext; sends: Send[]; size: number };

const queue: { open: Group | null; tail: Promise<void> } = { open: null, tail: Promise.resolve() };

/**
 * Stores and routes the events (validated here, so a malformed send fails alone); resolves with their
 * ids once they are committed. A duplicate id is accepted and not routed again, also within a group.
 */
export function submitEvents(ctx: ExecutorContext, events: IncomingEvent[]): Promise<string[]> {
  let prepared: StoredEvent[];
  try {
    prepared = events.map((raw) => prepareEvent(ctx, raw));
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const ids = prepared.map((e) => e.id);
  if (prepared.length === 0) return Promise.resolve(ids);
  return new Promise<string[]>((resolve, reject) => {
    let group = queue.open;
    if (!group || group.ctx !== ctx || group.size + prepared.length > MAX_GROUP_EVENTS) {
      const next: Group = { ctx, sends: [], size: 0 };
      queue.open = next;
      // a setImmediate turn first: see lib/db/group-commit.ts (on PGlite, without it, sends never meet)
      queue.tail = queue.tail.then(() => new Promise<void>((r) => setImmediate(r))).then(() => commit(next));
      group = next;
    }
    group.sends.push({ events: prepared, done: () => resolve(ids), failed: reject });
    group.size += prepared.length;
  });
}

async function commit(group: Group): Promise<void> {
  if (queue.open === group) queue.open = null;
  try {
    const events = group.sends.flatMap((s) => s.events);
    if (!(await ingestAppendOnly(group.ctx, events))) await db.$transaction((tx) => ingestPrepared(tx, group.ctx, events));
    for (const s of group.sends) s.done();
    return;
  } catch (err) {
    if (group.sends.length === 1) {
      group.sends[0]!.failed(err);
      return;
    }
  }
  // One send's events may be what failed (or a conflict with another instance): each send on its own,
  // so the others still get through and the failing one gets its own error.
  for (const s of group.sends) {
    try {
      await db.$transaction((tx) => ingestPrepared(tx, group.ctx, s.events));
      s.done();
    } catch (err) {
      s.failed(err);
    }
  }
}
