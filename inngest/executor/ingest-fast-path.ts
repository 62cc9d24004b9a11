// The common ingest on plain SQL: events that cancel nothing, resume no wait and only join open batches
// that still have room (a burst of webhook deliveries, each batched per connection). One prepared
// statement stores the events and looks for waits, one per batch appends to it (sql-client.ts): a few
// round trips, no Prisma. Everything else — a run to start, a batch to open or to fill, a debounce, a
// wait to resume, a cancellation, an id already stored — is ingestPrepared's: the fast path rolls back
// and says so, and the caller runs ingestPrepared instead, with the same outcome.
// The append needs no lock of its own: the UPDATE locks the buffer's row and re-checks the room on its
// newest version; a buffer opened by another transaction after this statement's snapshot is not seen,
// so the group goes the full way, which takes the buffer's advisory lock.
import type { ExecutorContext } from "@/inngest/executor/executor-context";
import type { StoredEvent } from "@/inngest/executor/create-run";
import { sqlTransaction } from "@/inngest/executor/sql-client";
import { syncedFunctions } from "@/inngest/executor/function-registry";
import { cancelsRuns, DEDUPE_WINDOW_MS, eventsTriggering } from "@/inngest/executor/ingest-events";
import { evaluateKey, matches } from "@/inngest/executor/expressions";
import { inKeyOrder } from "@/inngest/executor/flow-buffers";

const STORE_EVENTS = `
WITH w AS (
  SELECT EXISTS (SELECT 1 FROM executor_waits WHERE event_name = ANY($2::text[]) AND expires_at > $3) AS found
), ins AS (
  INSERT INTO executor_events (id, name, payload, received_at)
  SELECT e->>'id', e->>'name', e, $3 FROM jsonb_array_elements($1::jsonb) AS e WHERE NOT (SELECT found FROM w)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, payload = EXCLUDED.payload, received_at = EXCLUDED.received_at
    WHERE executor_events.received_at < $4
  RETURNING 1
)
SELECT (SELECT found FROM w) AS waits, (SELECT count(*) FROM ins)::int AS stored`;

const APPEND_TO_BATCH = `
UPDATE executor_buffers SET events = events || $3::jsonb, size = size + $4
WHERE function_id = $1 AND key = $2 AND kind = 'batch' AND size + $4 < $5
RETURNING id`;

class NotTheFastPath extends Error {}

type Append = { functionId: string; key: string; events: StoredEvent[]; maxSize: number };

/** The batch appends the events make, in the order ingestPrepared makes them; null when they need more. */
function planAppends(fns: Awaited<ReturnType<typeof syncedFunctions>>, events: StoredEvent[]): Append[] | null {
  if (events.some((e) => cancelsRuns(fns, e))) return null;
  const appends: Append[] = [];
  for (const fn of fns.values()) {
    const triggering = eventsTriggering(fn, events);
    if (triggering.length === 0) continue;
    const batch = fn.config.batchEvents;
    if (!batch || batch.maxSize <= 1) return null;
    const byKey = new Map<string, StoredEvent[]>();
    for (const event of triggering) {
      if (!matches(batch.if, { event })) return null;
      const key = batch.key ? evaluateKey(batch.key, { event }) : "";
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    for (const [key, keyed] of inKeyOrder(byKey)) appends.push({ functionId: fn.id, key, events: keyed, maxSize: batch.maxSize });
  }
  return appends;
}

/**
 * Stores and routes the events when they take the common shape; false (nothing written) when they do
 * not, and ingestPrepared must.
 */
export async function ingestAppendOnly(ctx: ExecutorContext, events: StoredEvent[]): Promise<boolean> {
  if (events.length === 0) return true;
  if (new Set(events.map((e) => e.id)).size !== events.length) return false;
  const fns = await syncedFunctions();
  const appends = planAppends(fns, events);
  if (!appends) return false;
  const now = ctx.clock();
  try {
    await sqlTransaction(async (q) => {
      const { rows } = await q.query<{ waits: boolean; stored: number }>(
        STORE_EVENTS,
        [JSON.stringify(events), [...new Set(events.map((e) => e.name))], new Date(now), new Date(now - DEDUPE_WINDOW_MS)],
        "executor_ingest_store_events",
      );
      if (rows[0]?.waits || rows[0]?.stored !== events.length) throw new NotTheFastPath();
      for (const a of appends) {
        const res = await q.query(
          APPEND_TO_BATCH,
          [a.functionId, a.key, JSON.stringify(a.events), a.events.length, a.maxSize],
          "executor_ingest_append_batch",
        );
        if (res.affected !== 1) throw new NotTheFastPath();
      }
    });
    return true;
  } catch (err) {
    if (err instanceof NotTheFastPath) return false;
    throw err;
  }
}
