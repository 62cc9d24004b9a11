// Storing a verified delivery in the inbox, first and once: a delivery whose key (provider event ids, or
// body hash within 24 h) is already there is a duplicate — counted on the original row and answered 2xx
// without a second effect.
import { ulid } from "@/lib/ids/ulid";
import { db, type Prisma } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import type { DeliveryFacts } from "@/lib/webhooks/describe-delivery";
import { sql } from "@/inngest/executor/sql-client";
import { deliveryEventJoiner, eventsAfterAnswers } from "@/lib/webhooks/send-delivery-events";
import type { JoinedIngest, JoinedIngestSummary } from "@/inngest/executor/ingest-fast-path";
import { groupCommit } from "@/lib/db/group-commit";

/** Body-hash keys stop de-duplicating after this long (the same bytes later are a new delivery). */
export const BODY_HASH_WINDOW_MS = 24 * 60 * 60 * 1000;

export type StoredDelivery = { id: string; duplicate: boolean };

export async function storeDelivery(
  connection: Pick<Connection, "id" | "workspaceId" | "provider">,
  facts: DeliveryFacts,
  body: { rawBody: string; bytes: number; headers: Record<string, string> },
  now: Date,
): Promise<StoredDelivery> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = ulid().toLowerCase();
    const created = await db.webhookDelivery.createMany({
      data: [
        {
          id,
          workspaceId: connection.workspaceId,
          connectionId: connection.id,
          provider: connection.provider,
          dedupKey: facts.dedupKey,
          providerEventIds: facts.eventIds,
          eventType: facts.eventType,
          rawBody: body.rawBody,
          bodyBytes: body.bytes,
          headers: body.headers as Prisma.InputJsonValue,
          receivedAt: now,
          occurredAt: facts.occurredAt,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 1) return { id, duplicate: false };
    const existing = await db.webhookDelivery.findUnique({
      where: { connectionId_dedupKey: { connectionId: connection.id, dedupKey: facts.dedupKey } },
      select: { id: true, receivedAt: true },
    });
    if (!existing) continue; // released between the insert and the read: try again
    if (facts.byBodyHash && now.getTime() - existing.receivedAt.getTime() > BODY_HASH_WINDOW_MS) {
      // outside the window: the old row gives up its key, this one is a new delivery
      await db.webhookDelivery.updateMany({ where: { id: existing.id, dedupKey: facts.dedupKey }, data: { dedupKey: null } });
      continue;
    }
    await db.webhookDelivery.update({ where: { id: existing.id }, data: { duplicateCount: { increment: 1 }, lastDuplicateAt: now } });
    return { id: existing.id, duplicate: true };
  }
  throw new Error("Could not store the webhook delivery (de-duplication key kept changing)");
}

/** What the per-connection fast path read (possibly cached) and the store statement checks is still true. */
export type TargetVersion = {
  connection: Pick<Connection, "id" | "workspaceId" | "provider" | "updatedAt" | "webhookSecretSealed">;
  endpointUpdatedAt: Date | null;
};

export type CheckedStore =
  /** evented: the delivery's event was stored with it (same commit); otherwise the caller sends it */
  | { kind: "stored"; id: string; duplicate: boolean; evented: boolean }
  /** the connection is gone, disabled or changed since it was read: nothing was stored or claimed */
  | { kind: "stale" }
  /** the signed request's fingerprint was already claimed: nothing was stored */
  | { kind: "replayed" }
  /** the key belongs to a body-hash delivery older than the window: storeDelivery handles that */
  | { kind: "expired-key" };

// One statement for a group of deliveries (group commit: lib/db/group-commit.ts): per delivery, re-check
// the connection and its endpoint against what was read, claim the replay fingerprint, insert the
// delivery or count the duplicate. Data-modifying CTEs run together, so a stale read or a replay leaves
// nothing behind. The rows travel as one JSON parameter. Plain driver SQL (a prepared statement on
// PostgreSQL): Prisma costs more than the statement itself on this path. A body-hash key older than the
// window is not counted (the row comes back without an id: storeDelivery settles it). With the embedded
// job runner the same statement also stores and batches the events of the deliveries it inserts
// (storeCheckedJoined): one autocommit statement per group, no transaction around it — where the database
// is a server of its own (PostgreSQL). On PGlite the database runs on the receiver's own thread: there
// the group's statement stores the deliveries alone and their events go after the answers, many to one
// send, once requests leave a gap (sendAfterAck), which costs an answer about a third less CPU
// (npm run bench:webhooks).
// Duplicates and replays are rare, so a group is first stored "optimistically": the same checks and
// inserts without ON CONFLICT's speculative insertion (a pre-check, a token and a confirmation per row)
// and without RETURNING, which makes storing a delivery 8-16 % cheaper on PGlite (statement and its JS,
// six per group). A delivery or fingerprint that is already there fails that statement whole (23505:
// nothing of it is kept), and the group is stored again by the statement that settles each conflict.
// What the settling statement adds: a claimed fingerprint is not claimed again (a replay), a stored key is
// counted as a duplicate unless it is a body-hash key older than the window ($2), and both say what they did.
const GUARD_SETTLING = `
  ON CONFLICT (fingerprint) DO NOTHING
  RETURNING fingerprint`;
const DELIVERY_SETTLING = ` WHERE fingerprint IS NULL OR fingerprint IN (SELECT fingerprint FROM g)
  ON CONFLICT (connection_id, dedup_key) DO UPDATE
    SET duplicate_count = webhook_deliveries.duplicate_count + 1, last_duplicate_at = EXCLUDED.received_at
    WHERE NOT (starts_with(EXCLUDED.dedup_key, 'body:') AND webhook_deliveries.received_at < EXCLUDED.received_at - $2::interval)
  RETURNING id, connection_id, dedup_key, (xmax = 0) AS inserted`;

function storeCtes(settling: boolean): string {
  return `
WITH x AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, connection_id text, updated_at timestamptz, secret text,
    endpoint_updated_at timestamptz, fingerprint text, guard_until timestamptz, id text, workspace_id text, provider text,
    dedup_key text, event_ids jsonb, event_type text, raw_body text, body_bytes int, headers jsonb, received_at timestamptz,
    occurred_at timestamptz)
), ok AS (
  SELECT x.* FROM x JOIN connections c ON c.id = x.connection_id
  WHERE c.status <> 'disabled' AND c.updated_at = x.updated_at AND c.webhook_secret_sealed IS NOT DISTINCT FROM x.secret
    AND (SELECT e.updated_at FROM webhook_endpoints e WHERE e.connection_id = x.connection_id) IS NOT DISTINCT FROM x.endpoint_updated_at
), g AS (
  INSERT INTO webhook_replay_guard (fingerprint, expires_at)
  SELECT fingerprint, guard_until FROM ok WHERE fingerprint IS NOT NULL${settling ? GUARD_SETTLING : ""}
), d AS (
  INSERT INTO webhook_deliveries (id, workspace_id, connection_id, provider, dedup_key, provider_event_ids, event_type,
    raw_body, body_bytes, headers, received_at, occurred_at)
  SELECT id, workspace_id, connection_id, provider, dedup_key,
    ARRAY(SELECT jsonb_array_elements_text(event_ids)), event_type, raw_body, body_bytes, headers, received_at, occurred_at
  FROM ok${settling ? DELIVERY_SETTLING : ""}
)`;
}

/** Per item: checked (ok), fingerprint claimed, the stored row's id, whether it was inserted (or counted as a duplicate). */
function storeResult(settling: boolean): { columns: string; from: string } {
  return settling
    ? {
        columns: "x.i, (ok.i IS NOT NULL) AS ok, (g.fingerprint IS NOT NULL) AS claimed, d.id, d.inserted",
        from: `FROM x LEFT JOIN ok ON ok.i = x.i LEFT JOIN g ON g.fingerprint = x.fingerprint
  LEFT JOIN d ON d.connection_id = x.connection_id AND d.dedup_key = x.dedup_key
ORDER BY x.i`,
      }
    : // the optimistic statement answers only when nothing conflicted: every checked item's fingerprint and row went in
      {
        columns: "x.i, (ok.i IS NOT NULL) AS ok, (ok.i IS NOT NULL) AS claimed, ok.id, (ok.i IS NOT NULL) AS inserted",
        from: "FROM x LEFT JOIN ok ON ok.i = x.i\nORDER BY x.i",
      };
}

function storeAlone(settling: boolean): string {
  const r = storeResult(settling);
  return `${storeCtes(settling)}\nSELECT ${r.columns}\n${r.from}`;
}
const STORE_OPTIMISTIC = storeAlone(false);
const STORE_SETTLING = storeAlone(true);

/**
 * The store statement joined with the ingest of the events of the deliveries it inserts (their ids are
 * the deliveries' ids). The settling statement's second parameter is the body-hash window; the joined
 * ingest's parameters follow the statement's own.
 */
function storeCheckedJoined(joined: JoinedIngest, settling: boolean): string {
  const r = storeResult(settling);
  return `${storeCtes(settling)}, accepted_events AS (SELECT id FROM ${settling ? "d WHERE inserted" : "ok"})${joined.ctes(settling ? 3 : 2)}
SELECT ${r.columns}, ${joined.columns}
${r.from}`;
}

/** The store statement's own parameters: the rows, and for the settling statement the body-hash window. */
function storeParams(rowsJson: string, settling: boolean): unknown[] {
  return settling ? [rowsJson, BODY_HASH_WINDOW] : [rowsJson];
}

/** A unique violation: a delivery or fingerprint of the group is already stored (the optimistic statement failed whole). */
function isConflict(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}

/**
 * Whether the next group is stored optimistically: not right after a group that met a conflict, so that
 * a stream of retried deliveries costs at most every other group a failed statement.
 */
let optimistic = true;

/** Runs a group's statement optimistically first (see storeCtes), then settling when that met a conflict. */
async function optimisticallyThenSettling<T>(run: (settling: boolean) => Promise<T>): Promise<T> {
  if (!optimistic) {
    optimistic = true;
    return run(true);
  }
  try {
    return await run(false);
  } catch (err) {
    if (!isConflict(err)) throw err;
    optimistic = false;
    return run(true);
  }
}

/**
 * Where a stored delivery's event goes: in the store statement itself ("joined", the embedded job
 * runner's common ingest), or after the answer ("after-answer": sendAfterAck). The default follows the
 * database (defaultEventRoute).
 */
export type EventRoute = "joined" | "after-answer";

/** Joined where the database is a server of its own; after the answer where it shares this thread (PGlite). */
export function defaultEventRoute(): EventRoute {
  return eventsAfterAnswers() ? "after-answer" : "joined";
}

type CheckedItem = {
  target: TargetVersion;
  events: EventRoute;
  facts: DeliveryFacts;
  body: { rawBody: string; bytes: number; headers: Record<string, string> };
  fingerprint: string | null;
  replayGuardUntil: Date;
  now: Date;
};

type StoreRow = { i: number; ok: boolean; claimed: boolean; id: string | null; inserted: boolean | null };

/** An item as a row of the statement's JSON parameter, with the id its delivery gets if it is inserted. */
function rowOf(it: CheckedItem, i: number) {
  return {
    i,
    connection_id: it.target.connection.id,
    updated_at: it.target.connection.updatedAt.toISOString(),
    secret: it.target.connection.webhookSecretSealed,
    endpoint_updated_at: it.target.endpointUpdatedAt?.toISOString() ?? null,
    fingerprint: it.fingerprint,
    guard_until: it.replayGuardUntil.toISOString(),
    id: ulid().toLowerCase(),
    workspace_id: it.target.connection.workspaceId,
    provider: it.target.connection.provider,
    dedup_key: it.facts.dedupKey,
    event_ids: it.facts.eventIds,
    event_type: it.facts.eventType,
    raw_body: it.body.rawBody,
    body_bytes: it.body.bytes,
    headers: it.body.headers,
    received_at: it.now.toISOString(),
    occurred_at: it.facts.occurredAt?.toISOString() ?? null,
  };
}

function resultsOf(items: readonly CheckedItem[], out: readonly StoreRow[]): CheckedStore[] {
  return out.map((r): CheckedStore => {
    if (!r.ok) return { kind: "stale" };
    if (items[r.i]!.fingerprint && !r.claimed) return { kind: "replayed" };
    if (!r.id) return { kind: "expired-key" };
    return { kind: "stored", id: r.id, duplicate: r.inserted !== true, evented: false };
  });
}

const BODY_HASH_WINDOW = `${BODY_HASH_WINDOW_MS} milliseconds`;

/**
 * One statement for the items; no two of them share a fingerprint or a (connection, key) (see roundsOf).
 * A group's first round is stored optimistically; a later one holds what met an earlier round's rows.
 */
async function storeCheckedRound(items: readonly CheckedItem[], first: boolean): Promise<CheckedStore[]> {
  const rowsJson = JSON.stringify(items.map(rowOf));
  const run = async (settling: boolean) =>
    (
      await sql<StoreRow>(
        settling ? STORE_SETTLING : STORE_OPTIMISTIC,
        storeParams(rowsJson, settling),
        settling ? "webhook_store_checked" : "webhook_store_optimistic",
      )
    ).rows;
  return resultsOf(items, first ? await optimisticallyThenSettling(run) : await run(true));
}

/**
 * A group in rounds: an item whose fingerprint or (connection, key) an earlier item of the group already
 * has waits for the next round, so it meets that item's row as a replay or a duplicate (one INSERT may
 * not touch the same row twice).
 */
function roundsOf(items: readonly CheckedItem[]): { item: CheckedItem; index: number }[][] {
  const rounds: { item: CheckedItem; index: number }[][] = [];
  let left = items.map((item, index) => ({ item, index }));
  while (left.length > 0) {
    const seen = new Set<string>();
    const round: typeof left = [];
    const later: typeof left = [];
    for (const e of left) {
      const keys = [
        `k:${e.item.target.connection.id}:${e.item.facts.dedupKey}`,
        ...(e.item.fingerprint ? [`f:${e.item.fingerprint}`] : []),
      ];
      if (keys.some((k) => seen.has(k))) later.push(e);
      else {
        keys.forEach((k) => seen.add(k));
        round.push(e);
      }
    }
    rounds.push(round);
    left = later;
  }
  return rounds;
}

/** The rounds one after another, autocommit; the caller sends the events of what they inserted. */
async function storeCheckedRounds(items: readonly CheckedItem[], rounds = roundsOf(items)): Promise<CheckedStore[]> {
  const results: CheckedStore[] = new Array<CheckedStore>(items.length);
  for (const [n, round] of rounds.entries()) {
    const stored = await storeCheckedRound(
      round.map((e) => e.item),
      /* first */ n === 0,
    );
    round.forEach((e, i) => (results[e.index] = stored[i]!));
  }
  return results;
}

/**
 * The group. On PostgreSQL commonly one round whose statement also stores and routes the events of the
 * deliveries it inserts (the embedded job runner's common ingest: one statement, one commit for both).
 * When the events do not go that way (PGlite: EventRoute "after-answer"; Inngest; a group in several
 * rounds; a wait on the events) the caller sends them after its answer (sendAfterAck).
 */
async function storeCheckedGroup(items: CheckedItem[]): Promise<CheckedStore[]> {
  const rounds = roundsOf(items);
  if (rounds.length > 1 || items.some((it) => it.events !== "joined")) return storeCheckedRounds(items, rounds);
  const join = await deliveryEventJoiner();
  if (!join) return storeCheckedRounds(items, rounds);
  const rows = items.map(rowOf);
  const joined = await join(rows.map((r) => ({ deliveryId: r.id, connectionId: r.connection_id, workspaceId: r.workspace_id })));
  if (!joined) return storeCheckedRounds(items, rounds);
  const rowsJson = JSON.stringify(rows);
  const out = await optimisticallyThenSettling(
    async (settling) =>
      (
        await sql<StoreRow & JoinedIngestSummary>(
          storeCheckedJoined(joined, settling),
          [...storeParams(rowsJson, settling), ...joined.params],
          settling ? "webhook_store_checked_evented" : "webhook_store_optimistic_evented",
        )
      ).rows,
  );
  const results = resultsOf(items, out);
  const inserted = results.filter((r) => r.kind === "stored" && !r.duplicate) as Extract<CheckedStore, { kind: "stored" }>[];
  // the deliveries and their events are stored: routing what found no room in a batch failing is the sweeper's to repair
  const evented = await joined.finish(new Set(inserted.map((r) => r.id)), out[0]!).catch((err: unknown) => {
    console.warn(
      "[switchboard] webhook delivery events stored but not routed; the sweeper will re-send them:",
      err instanceof Error ? err.message : err,
    );
    return true;
  });
  if (evented) for (const r of inserted) r.evented = true;
  return results;
}

/** Deliveries stored together while the group before them runs (group commit). */
const submitChecked = groupCommit(storeCheckedGroup, 200);

/**
 * Stores a verified delivery for one connection, provided the connection (and its endpoint) is still
 * what `target` says: enabled, same updated_at and webhook secret. With a fingerprint, the replay guard
 * is claimed in the same statement. Concurrent calls share one statement. `events`: where the event of
 * a delivery it inserts goes (EventRoute); "evented" in the answer says it went with the statement.
 */
export function storeCheckedDelivery(
  target: TargetVersion,
  facts: DeliveryFacts,
  body: { rawBody: string; bytes: number; headers: Record<string, string> },
  fingerprint: string | null,
  replayGuardUntil: Date,
  now: Date,
  events: EventRoute = defaultEventRoute(),
): Promise<CheckedStore> {
  return submitChecked({ target, events, facts, body, fingerprint, replayGuardUntil, now });
}
