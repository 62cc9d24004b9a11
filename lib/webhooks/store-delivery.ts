// Storing a verified delivery in the inbox, first and once: a delivery whose key (provider event ids, or
// body hash within 24 h) is already there is a duplicate — counted on the original row and answered 2xx
// without a second effect.
import { ulid } from "ulid";
import { db, type Prisma } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import type { DeliveryFacts } from "@/lib/webhooks/describe-delivery";
import { sql } from "@/inngest/executor/sql-client";

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
  | { kind: "stored"; id: string; duplicate: boolean }
  /** the connection is gone, disabled or changed since it was read: nothing was stored or claimed */
  | { kind: "stale" }
  /** the signed request's fingerprint was already claimed: nothing was stored */
  | { kind: "replayed" }
  /** the key belongs to a body-hash delivery older than the window: storeDelivery handles that */
  | { kind: "expired-key" };

// One statement: re-check the connection and its endpoint against what was read, claim the replay
// fingerprint, insert the delivery or count the duplicate. Data-modifying CTEs run together, so a stale
// read or a replay leaves nothing behind. Plain driver SQL (a prepared statement on PostgreSQL): Prisma
// costs more than the statement itself on this path.
const STORE_CHECKED = `
WITH ok AS (
  SELECT 1 FROM connections c
  WHERE c.id = $1 AND c.status <> 'disabled' AND c.updated_at = $2::timestamptz
    AND c.webhook_secret_sealed IS NOT DISTINCT FROM $3::text
    AND (SELECT e.updated_at FROM webhook_endpoints e WHERE e.connection_id = $1) IS NOT DISTINCT FROM $4::timestamptz
), g AS (
  INSERT INTO webhook_replay_guard (fingerprint, expires_at)
  SELECT $5::text, $6::timestamptz FROM ok WHERE $5::text IS NOT NULL
  ON CONFLICT (fingerprint) DO NOTHING
  RETURNING 1
), d AS (
  INSERT INTO webhook_deliveries (id, workspace_id, connection_id, provider, dedup_key, provider_event_ids, event_type,
    raw_body, body_bytes, headers, received_at, occurred_at)
  SELECT $7::text, $8::text, $1, $9::text, $10::text, $11::text[], $12::text, $13::text, $14::int, $15::jsonb,
    $16::timestamptz, $17::timestamptz
  FROM ok WHERE $5::text IS NULL OR EXISTS (SELECT 1 FROM g)
  ON CONFLICT (connection_id, dedup_key) DO UPDATE
    SET duplicate_count = webhook_deliveries.duplicate_count + 1, last_duplicate_at = EXCLUDED.received_at
    WHERE NOT ($18::boolean AND webhook_deliveries.received_at < $19::timestamptz)
  RETURNING id, (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM ok)::int AS ok, (SELECT count(*) FROM g)::int AS claimed, d.id, d.inserted
FROM (SELECT 1) one LEFT JOIN d ON true`;

/**
 * Stores a verified delivery for one connection in one statement, provided the connection (and its
 * endpoint) is still what `target` says: enabled, same updated_at and webhook secret. With a
 * fingerprint, the replay guard is claimed in the same statement.
 */
export async function storeCheckedDelivery(
  target: TargetVersion,
  facts: DeliveryFacts,
  body: { rawBody: string; bytes: number; headers: Record<string, string> },
  fingerprint: string | null,
  replayGuardUntil: Date,
  now: Date,
): Promise<CheckedStore> {
  const c = target.connection;
  const { rows } = await sql<{ ok: number; claimed: number; id: string | null; inserted: boolean | null }>(
    STORE_CHECKED,
    [
      c.id,
      c.updatedAt,
      c.webhookSecretSealed,
      target.endpointUpdatedAt,
      fingerprint,
      replayGuardUntil,
      ulid().toLowerCase(),
      c.workspaceId,
      c.provider,
      facts.dedupKey,
      facts.eventIds,
      facts.eventType,
      body.rawBody,
      body.bytes,
      JSON.stringify(body.headers),
      now,
      facts.occurredAt,
      facts.byBodyHash,
      new Date(now.getTime() - BODY_HASH_WINDOW_MS),
    ],
    "webhook_store_checked",
  );
  const r = rows[0]!;
  if (r.ok === 0) return { kind: "stale" };
  if (fingerprint && r.claimed === 0) return { kind: "replayed" };
  if (!r.id) return { kind: "expired-key" };
  return { kind: "stored", id: r.id, duplicate: r.inserted !== true };
}
