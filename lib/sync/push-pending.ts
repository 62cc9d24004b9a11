// Push: drain one batch of the hub records a connection has not received yet (no link, or a version
// newer than the one last pushed there). A change that came from the connection itself was marked as
// pushed when it was pulled, so it never goes back. Unchanged mapped values (same hash as last written)
// cost no call. Creates are the one non-idempotent call: the intent is stored first, and a retry after
// an unknown outcome goes through the provider's upsert on the match key, never a second blind create.
import { db, Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import type { BatchItemResult, FieldMap, RawRecord } from "@/lib/integrations/object-contract";
import type { RecordData } from "@/lib/records/record-object-definition";
import { appliedMapping } from "@/lib/sync/sync-mapping";
import { mapOutbound, writtenHash } from "@/lib/sync/field-mapping-runtime";
import { outcomeUnknown, syncErrorClass } from "@/lib/sync/sync-error-class";
import { recordPageInTx, zeroCounts, type OperationInput, type RunCounts } from "@/lib/sync/sync-runs";
import type { SyncTarget } from "@/lib/sync/sync-target";
import { withoutStaleSubscribe } from "@/lib/sync/consent-push";
import {
  referenceFields,
  referencingObjects,
  releaseWaiting,
  releaseWaitingFor,
  WAITING_FOR_CONTACT,
  withOutboundReferences,
} from "@/lib/sync/reference-translation";

/**
 * A provider without batch writes costs one request per record: a batch (one job step) of 50 would hold
 * a person's change back for 50 round trips behind a cross-push. Small steps cost little more there.
 */
const ONE_BY_ONE_BATCH = 10;
/** a provider with batch writes: one call per step, up to its batch size and at most this */
const MAX_BATCH = 100;

type Pending = {
  id: string;
  version: number;
  data: RecordData;
  fieldMeta: unknown;
  deletedAt: Date | null;
  link: {
    id: string;
    externalId: string | null;
    lastWrittenHash: string | null;
    createIntentAt: Date | null;
    lastPushedAt: Date | null;
  } | null;
  /** an earlier attempt recorded a create intent and never learnt its outcome */
  earlierIntent: boolean;
};

type PendingRow = {
  id: string;
  version: number;
  data: unknown;
  field_meta: unknown;
  deleted_at: Date | null;
  link_id: string | null;
  external_id: string | null;
  last_written_hash: string | null;
  create_intent_at: Date | null;
  last_pushed_at: Date | null;
};

/**
 * Where a push run's scan has got to: every record pending when a batch started whose (updated_at, id)
 * is at or before this position was taken by that batch or an earlier one of the run. Carried from one
 * push step to the next (the job runner keeps step results), so a batch starts where the last one
 * ended instead of scanning the connection's records from the oldest again.
 */
export type PushCursor = { at: string; id: string };

export type PendingPage = { pending: Pending[]; cursor: PushCursor | null };

/**
 * Records waiting to be pushed to a connection: a person's (or the API's) changes first, then the oldest
 * change first. A contact made in Switchboard must not wait behind the hundreds of records a backfill of
 * another connection is cross-pushing here. Cheap to tell: a record not there yet is a person's when
 * Switchboard made it (created_source); for a record already there, a change row since the last push
 * that no connection made is looked up — only for those rows (CASE), so a backfill's thousands of new
 * records cost no lookup each.
 *
 * With `after`, only records after that position (updated_at, id) are considered: a change to a record
 * the scan has passed moves the record's updated_at past the cursor, so it is found again. A change whose
 * time is older than the cursor but committed after the scan passed it (a transaction slower than the
 * ones around it, a held record released) is found by the full scan a push run makes before it ends
 * (pushBatch: an empty page after a cursor is scanned again from the start).
 *
 * The returned cursor is the furthest position up to which every pending record was taken in this page:
 * a person's records are taken first wherever they sit, so the cursor stops before the first pending
 * record (in updated_at, id order) that was not taken. Ids are compared by the database in both places.
 */
export async function pendingPage(
  workspaceId: string,
  connectionId: string,
  object: RecordObject,
  limit: number,
  after: PushCursor | null = null,
  only?: readonly string[],
): Promise<PendingPage> {
  const from = after ? Prisma.sql`AND (r.updated_at, r.id) > (${new Date(after.at)}::timestamptz, ${after.id}::text)` : Prisma.empty;
  // `only`: looked up by id alone (the fence keeps the workspace's conditions out of that scan, so no
  // planner estimate can turn it into a scan of the workspace's records)
  const records = only ? Prisma.sql`(SELECT * FROM hub_records WHERE id = ANY(${[...only]}::text[]) OFFSET 0)` : Prisma.sql`hub_records`;
  const rows = await db.$queryRaw<(PendingRow & { updated_at: Date; rn: bigint | null; is_cursor: boolean })[]>`
    WITH candidates AS (
      SELECT r.id, r.updated_at,
        CASE WHEN l.external_id IS NULL THEN r.created_source NOT LIKE 'connection:%'
          ELSE EXISTS (SELECT 1 FROM record_changes c WHERE c.record_id = r.id AND c.version > COALESCE(l.last_pushed_version, 0) AND c.source_connection_id IS NULL)
        END AS first
      FROM ${records} r
      LEFT JOIN record_links l ON l.record_id = r.id AND l.connection_id = ${connectionId}
      WHERE r.workspace_id = ${workspaceId} AND r.object = ${object}::"RecordObject" ${from}
        AND (l.id IS NULL OR l.last_pushed_version IS NULL OR l.last_pushed_version < r.version)
        AND (r.deleted_at IS NULL OR l.external_id IS NOT NULL)
    ),
    ranked AS (SELECT id, updated_at, row_number() OVER (ORDER BY first DESC, updated_at, id) AS rn FROM candidates),
    taken AS (SELECT id, updated_at, rn FROM ranked WHERE rn <= ${limit} ORDER BY rn LIMIT ${limit}),
    -- the first pending record, in scan order, that this page leaves for a later one
    left_over AS (SELECT updated_at, id FROM ranked WHERE rn > ${limit} ORDER BY updated_at, id LIMIT 1),
    cursor_row AS (
      SELECT t.id FROM taken t
      WHERE NOT EXISTS (SELECT 1 FROM left_over) OR (t.updated_at, t.id) < (SELECT o.updated_at, o.id FROM left_over o)
      ORDER BY t.updated_at DESC, t.id DESC LIMIT 1
    )
    SELECT r.id, r.version, r.data, r.field_meta, r.deleted_at, r.updated_at, t.rn, r.id = (SELECT id FROM cursor_row) AS is_cursor,
      l.id AS link_id, l.external_id, l.last_written_hash, l.create_intent_at, l.last_pushed_at
    FROM taken t
    JOIN hub_records r ON r.id = t.id
    LEFT JOIN record_links l ON l.record_id = r.id AND l.connection_id = ${connectionId}
    ORDER BY t.rn`;
  const at = rows.find((r) => r.is_cursor);
  return {
    pending: rows.map((r) => ({
      id: r.id,
      version: r.version,
      data: r.data as RecordData,
      fieldMeta: r.field_meta,
      deletedAt: r.deleted_at,
      link: r.link_id
        ? {
            id: r.link_id,
            externalId: r.external_id,
            lastWrittenHash: r.last_written_hash,
            createIntentAt: r.create_intent_at,
            lastPushedAt: r.last_pushed_at,
          }
        : null,
      earlierIntent: r.external_id === null && r.create_intent_at !== null,
    })),
    // a look-up by id moves no scan position
    cursor: at && !only ? { at: at.updated_at.toISOString(), id: at.id } : after,
  };
}

/** The first `limit` records waiting to be pushed to a connection, from the start (see pendingPage). */
export async function pendingForConnection(
  workspaceId: string,
  connectionId: string,
  object: RecordObject,
  limit: number,
): Promise<Pending[]> {
  return (await pendingPage(workspaceId, connectionId, object, limit)).pending;
}

export async function countPending(workspaceId: string, connectionId: string, object: RecordObject): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM hub_records r
    LEFT JOIN record_links l ON l.record_id = r.id AND l.connection_id = ${connectionId}
    WHERE r.workspace_id = ${workspaceId} AND r.object = ${object}::"RecordObject"
      AND (l.id IS NULL OR l.last_pushed_version IS NULL OR l.last_pushed_version < r.version)
      AND (r.deleted_at IS NULL OR l.external_id IS NOT NULL)`;
  return Number(rows[0]?.n ?? 0);
}

/** `cursor`: where the next batch of the same run starts (null: from the start) */
export type PushBatchResult = { processed: number; counts: RunCounts; mappingVersion: number; cursor: PushCursor | null };

type Outcome =
  | { kind: "written"; rec: Pending; record: RawRecord | null; hash: string; action: "create" | "update" | "delete" }
  | { kind: "unchanged"; rec: Pending }
  /** held: a record it references has no id on the connection yet */
  | { kind: "waiting"; rec: Pending; reason: string }
  | { kind: "failed"; rec: Pending; action: "create" | "update" | "delete"; error: AppError };

/**
 * One batch of a push run. `after`: the cursor the previous batch of the run returned. A batch that finds
 * nothing after the cursor scans once more from the start before it reports nothing to do, so a run ends
 * only after a full scan found nothing pending.
 */
/**
 * `only`: push these records, if they are pending, and nothing else (a run's first batch takes the few
 * records whose change asked for the push by id, instead of scanning the connection's records first);
 * the cursor stays where it was.
 */
export async function pushBatch(
  target: SyncTarget,
  object: RecordObject,
  runId: string,
  batchSize?: number,
  after: PushCursor | null = null,
  only?: readonly string[],
): Promise<PushBatchResult> {
  const { connection, spec, api } = target;
  const caps = spec.capabilities;
  const providerBatch = caps.upsert?.batch?.batchSize ?? caps.update?.batch?.batchSize ?? caps.create?.batch?.batchSize;
  const size = Math.max(1, Math.min(batchSize ?? (providerBatch ? MAX_BATCH : ONE_BY_ONE_BATCH), providerBatch ?? ONE_BY_ONE_BATCH));
  // records held for their contact go back in line once the contact has an id here
  // (released records keep their updated_at, which may be behind the cursor: the scan starts over)
  if (referenceFields(object).length > 0 && (await releaseWaiting(connection.id, object)) > 0) after = null;
  let page = await pendingPage(connection.workspaceId, connection.id, object, size, after, only);
  if (page.pending.length === 0 && after !== null && !only)
    page = await pendingPage(connection.workspaceId, connection.id, object, size, null);
  const pending = page.pending;
  const { version: mappingVersion, mapping: stored } = await db.$transaction((tx) =>
    appliedMapping(tx, { workspaceId: connection.workspaceId, connectionId: connection.id, object, spec }),
  );
  const counts = zeroCounts();
  if (pending.length === 0) return { processed: 0, counts, mappingVersion, cursor: null };
  // hub contact ids -> this connection's; records whose contact has no id here yet wait (reference-translation.ts)
  const { mapping, waiting } = await withOutboundReferences(connection.id, object, stored, pending);

  const outcomes: Outcome[] = [];
  const halt: Halt = { error: null, uncertain: new Set() };
  const updates: { rec: Pending; fields: FieldMap; hash: string }[] = [];
  const creates: { rec: Pending; fields: FieldMap; hash: string }[] = [];
  for (const rec of pending) {
    const reason = waiting.get(rec.id);
    if (reason) {
      outcomes.push({ kind: "waiting", rec, reason });
      continue;
    }
    if (rec.deletedAt) {
      if (!caps.delete || !api.delete || !rec.link?.externalId) {
        outcomes.push({
          kind: "failed",
          rec,
          action: "delete",
          error: new AppError("BAD_REQUEST", `${target.def.name} cannot delete ${spec.label} through its API; delete it there by hand`),
        });
        continue;
      }
      const externalId = rec.link.externalId;
      const res = await attempt(halt, null, () => api.delete!(externalId, mapOutbound(mapping, rec.data)));
      if (res?.ok) outcomes.push({ kind: "written", rec, record: null, hash: "", action: "delete" });
      else if (res) outcomes.push({ kind: "failed", rec, action: "delete", error: res.error });
      continue;
    }
    const mapped = mapOutbound(mapping, rec.data, rec.fieldMeta);
    // an update sends "subscribed" only when it changed in the hub since the last push there (consent-push.ts)
    const fields = rec.link?.externalId ? withoutStaleSubscribe(object, mapping, mapped, rec, rec.link.lastPushedAt) : mapped;
    const hash = writtenHash(mapping, fields);
    // unchanged: what this update would send, or the whole mapped record, is what was last written there
    const unchanged =
      rec.link?.lastWrittenHash != null &&
      (rec.link.lastWrittenHash === hash || (fields !== mapped && rec.link.lastWrittenHash === writtenHash(mapping, mapped)));
    if (rec.link?.externalId && unchanged) outcomes.push({ kind: "unchanged", rec });
    else if (rec.link?.externalId) updates.push({ rec, fields, hash });
    else creates.push({ rec, fields, hash });
  }

  // Store the create intents before calling the provider: after a crash the retry knows a create may have happened.
  if (creates.length > 0) {
    await db.$transaction(async (tx) => {
      for (const c of creates) {
        if (c.rec.link)
          await tx.recordLink.update({
            where: { id: c.rec.link.id },
            data: { createIntentAt: c.rec.link.createIntentAt ?? new Date(), status: "pending" },
          });
        else {
          const link = await tx.recordLink.create({
            data: {
              workspaceId: connection.workspaceId,
              connectionId: connection.id,
              object,
              recordId: c.rec.id,
              createIntentAt: new Date(),
              status: "pending",
            },
            select: { id: true },
          });
          c.rec.link = { id: link.id, externalId: null, lastWrittenHash: null, createIntentAt: new Date(), lastPushedAt: null };
        }
      }
    });
  }

  outcomes.push(...(await runUpdates(target, updates, halt)));
  outcomes.push(...(await runCreates(target, creates, halt)));
  // What did happen is kept even when the provider stopped the batch half-way (a rate limit, an outage).
  await settle(target, object, runId, outcomes, counts);
  // records that waited for these (an appointment for its contact) can go now
  if (referencingObjects(object).length > 0) {
    await releaseWaitingFor(
      connection.id,
      object,
      outcomes.filter((o) => o.kind === "written" && o.action === "create").map((o) => o.rec.id),
    );
  }
  if (halt.error !== null) {
    // Creates that were never sent, or were refused outright (429, quota, auth), did not happen: their
    // intents go, so the retry creates them. A create whose answer was lost (5xx, timeout) keeps its intent.
    const settled = new Set(outcomes.map((o) => o.rec.id));
    const notMade = creates.filter((c) => !settled.has(c.rec.id) && !halt.uncertain.has(c.rec.id) && c.rec.link).map((c) => c.rec.link!.id);
    if (notMade.length > 0)
      await db.recordLink.updateMany({ where: { id: { in: notMade }, externalId: null }, data: { createIntentAt: null } });
    throw halt.error;
  }
  return { processed: pending.length, counts, mappingVersion, cursor: page.cursor };
}

/**
 * Set by the first failure that concerns the connection rather than one record (rate limited, transient,
 * authentication): no further provider call is made in this batch, and the step fails with it after
 * settling what was done. `uncertain`: records whose create may have happened despite the failure.
 */
type Halt = { error: unknown; uncertain: Set<string> };

/** One provider call unless the batch has halted: its value, a per-record failure, or null (halted). */
async function attempt<T>(
  halt: Halt,
  creating: Pending[] | null,
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: AppError } | null> {
  if (halt.error !== null) return null;
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (syncErrorClass(err) === "record") return { ok: false, error: err as AppError };
    stop(halt, creating, err);
    return null;
  }
}

function stop(halt: Halt, creating: Pending[] | null, err: unknown): void {
  halt.error ??= err;
  if (creating && outcomeUnknown(err)) for (const rec of creating) halt.uncertain.add(rec.id);
}

function fromBatch<T extends { rec: Pending; hash: string }>(
  halt: Halt,
  items: T[],
  results: BatchItemResult[],
  action: "create" | "update",
): Outcome[] {
  const out: Outcome[] = [];
  items.forEach((item, i) => {
    const r = results.find((x) => x.index === i);
    if (!r)
      out.push({
        kind: "failed",
        rec: item.rec,
        action,
        error: new AppError("PROVIDER_ERROR", "The provider returned no result for this record"),
      });
    else if (r.ok) out.push({ kind: "written", rec: item.rec, record: r.record, hash: item.hash, action });
    else if (syncErrorClass(r.error) === "record") out.push({ kind: "failed", rec: item.rec, action, error: r.error });
    // rate limited or unavailable for this item: left pending for the retry
    else stop(halt, action === "create" ? [item.rec] : null, r.error);
  });
  return out;
}

type Write = { rec: Pending; fields: FieldMap; hash: string };

/**
 * One call for the whole batch where the provider has one; when the provider refuses the batch as a
 * whole for a record's sake (a validation error), the records go one by one so only the bad one fails.
 */
async function batchOrEach(
  halt: Halt,
  items: Write[],
  action: "create" | "update",
  creating: boolean,
  many: ((items: Write[]) => Promise<BatchItemResult[]>) | null,
  one: (item: Write) => Promise<RawRecord>,
): Promise<Outcome[]> {
  if (items.length === 0) return [];
  if (many && items.length > 1) {
    const res = await attempt(halt, creating ? items.map((i) => i.rec) : null, () => many(items));
    if (!res) return [];
    if (res.ok) return fromBatch(halt, items, res.value, action);
  }
  const out: Outcome[] = [];
  for (const item of items) {
    const res = await attempt(halt, creating ? [item.rec] : null, () => one(item));
    if (res?.ok) out.push({ kind: "written", rec: item.rec, record: res.value, hash: item.hash, action });
    else if (res) out.push({ kind: "failed", rec: item.rec, action, error: res.error });
  }
  return out;
}

function cannot(target: SyncTarget, verb: string): never {
  throw new AppError("BAD_REQUEST", `${target.def.name} cannot ${verb} ${target.spec.label} through its API`);
}

async function runUpdates(target: SyncTarget, updates: Write[], halt: Halt): Promise<Outcome[]> {
  const { api } = target;
  const many = api.updateMany
    ? (items: Write[]) => api.updateMany!(items.map((u) => ({ externalId: u.rec.link!.externalId!, fields: u.fields })))
    : null;
  // a provider that only upserts (Loops) updates through its upsert on the match key
  const one = async (u: Write) =>
    api.update
      ? api.update(u.rec.link!.externalId!, u.fields)
      : api.upsert
        ? (await api.upsert(u.fields)).record
        : cannot(target, "update");
  return batchOrEach(halt, updates, "update", false, many, one);
}

async function runCreates(target: SyncTarget, creates: Write[], halt: Halt): Promise<Outcome[]> {
  const { api, spec } = target;
  if (creates.length === 0) return [];
  const matchKey = spec.capabilities.upsert?.matchKey;
  // Upsert on the match key is idempotent: always preferred when the record carries the key, and a lost
  // answer is no reason to hold the record back.
  const viaUpsert = creates.filter(
    (c) => matchKey && api.upsert && c.fields[matchKey] !== null && c.fields[matchKey] !== undefined && c.fields[matchKey] !== "",
  );
  const plain = creates.filter((c) => !viaUpsert.includes(c));
  const out: Outcome[] = [];
  const upsertMany = api.upsertMany ? (items: Write[]) => api.upsertMany!(items.map((c) => c.fields)) : null;
  out.push(...(await batchOrEach(halt, viaUpsert, "create", false, upsertMany, async (c) => (await api.upsert!(c.fields)).record)));
  // Without an upsert, a create whose earlier attempt may have succeeded is not repeated blindly.
  // (The intent must predate this batch: comparing its age with the clock flagged this batch's own
  // creates whenever the upserts before them took longer than that age.)
  const retried = plain.filter((c) => c.rec.earlierIntent && c.rec.link?.externalId === null);
  for (const c of retried) {
    out.push({
      kind: "failed",
      rec: c.rec,
      action: "create",
      error: new AppError(
        "CONFLICT",
        "An earlier create of this record may have reached the provider; check there, then retry it from Switchboard",
      ),
    });
  }
  const fresh = plain.filter((c) => !retried.includes(c));
  const createMany = api.createMany ? (items: Write[]) => api.createMany!(items.map((c) => c.fields)) : null;
  out.push(
    ...(await batchOrEach(halt, fresh, "create", true, createMany, (c) => (api.create ? api.create(c.fields) : cannot(target, "create")))),
  );
  return out;
}

/** Links, counts and operations for the batch, in one transaction. */
async function settle(target: SyncTarget, object: RecordObject, runId: string, outcomes: Outcome[], counts: RunCounts): Promise<void> {
  const { connection } = target;
  const now = new Date();
  const ops: OperationInput[] = [];
  // Unchanged records and written updates/deletes settle in two statements for the whole batch; creates
  // (which may clash with a link another record of the same batch just took) and failures row by row.
  const unchanged: Pending[] = [];
  const written: { recordId: string; version: number; hash: string | null; remoteUpdatedAt: string | null }[] = [];
  await db.$transaction(
    async (tx) => {
      for (const o of outcomes) {
        const where = { connectionId_recordId: { connectionId: connection.id, recordId: o.rec.id } };
        if (o.kind === "unchanged") {
          unchanged.push(o.rec);
          counts.skippedCount++;
          ops.push({ recordId: o.rec.id, externalId: o.rec.link?.externalId ?? null, action: "skip", outcome: "skipped" });
          continue;
        }
        if (o.kind === "waiting") {
          // Counted as pushed at this version so the batch moves on; releaseWaiting() puts it back in line.
          const data = {
            lastPushedVersion: o.rec.version,
            status: "pending" as const,
            lastErrorCode: WAITING_FOR_CONTACT,
            lastErrorMessage: o.reason,
            lastErrorAt: now,
          };
          if (o.rec.link) await tx.recordLink.update({ where, data });
          else
            await tx.recordLink.create({
              data: { workspaceId: connection.workspaceId, connectionId: connection.id, object, recordId: o.rec.id, ...data },
            });
          counts.skippedCount++;
          ops.push({
            recordId: o.rec.id,
            externalId: o.rec.link?.externalId ?? null,
            action: "skip",
            outcome: "skipped",
            errorCode: WAITING_FOR_CONTACT,
            errorMessage: o.reason,
          });
          continue;
        }
        if (o.kind === "failed") {
          // Counted as pushed at this version so the batch moves on; "retry" in the UI clears it.
          const data = {
            lastPushedVersion: o.rec.version,
            status: "failed" as const,
            lastErrorCode: o.error.code,
            lastErrorMessage: o.error.message.slice(0, 1000),
            lastErrorAt: now,
          };
          if (o.rec.link) await tx.recordLink.update({ where, data });
          else
            await tx.recordLink.create({
              data: { workspaceId: connection.workspaceId, connectionId: connection.id, object, recordId: o.rec.id, ...data },
            });
          counts.failedCount++;
          ops.push({
            recordId: o.rec.id,
            externalId: o.rec.link?.externalId ?? null,
            action: o.action,
            outcome: "failed",
            errorCode: o.error.code,
            errorMessage: o.error.message,
            ...httpOf(o.error),
          });
          continue;
        }
        const externalId = o.record?.externalId ?? o.rec.link?.externalId ?? null;
        // Another hub record may already be linked to the same remote record (an upsert matched it): keep one link.
        if (externalId && o.action === "create") {
          const clash = await tx.recordLink.findUnique({
            where: { connectionId_object_externalId: { connectionId: connection.id, object, externalId } },
            select: { recordId: true },
          });
          if (clash && clash.recordId !== o.rec.id) {
            const msg = "The provider matched this record to one already linked to another Switchboard record (same match key)";
            await tx.recordLink.update({
              where,
              data: {
                lastPushedVersion: o.rec.version,
                status: "failed",
                lastErrorCode: "PROVIDER_DUPLICATE",
                lastErrorMessage: msg,
                lastErrorAt: now,
                createIntentAt: null,
              },
            });
            counts.failedCount++;
            ops.push({
              recordId: o.rec.id,
              externalId,
              action: "create",
              outcome: "failed",
              errorCode: "PROVIDER_DUPLICATE",
              errorMessage: msg,
            });
            continue;
          }
        }
        if (o.action !== "create" && o.rec.link) {
          written.push({
            recordId: o.rec.id,
            version: o.rec.version,
            hash: o.action === "delete" ? null : o.hash,
            remoteUpdatedAt: o.record?.remoteUpdatedAt ? new Date(o.record.remoteUpdatedAt).toISOString() : null,
          });
          if (o.action === "delete") counts.deletedCount++;
          else counts.updatedCount++;
          ops.push({ recordId: o.rec.id, externalId, action: o.action, outcome: "succeeded" });
          continue;
        }
        await tx.recordLink.update({
          where,
          data: {
            ...(externalId ? { externalId } : {}),
            lastPushedVersion: o.rec.version,
            lastPushedAt: now,
            lastWrittenHash: o.action === "delete" ? null : o.hash,
            ...(o.record?.remoteUpdatedAt ? { remoteUpdatedAt: new Date(o.record.remoteUpdatedAt) } : {}),
            createIntentAt: null,
            status: "synced",
            lastErrorCode: null,
            lastErrorMessage: null,
            lastErrorAt: null,
          },
        });
        if (o.action === "create") counts.createdCount++;
        else if (o.action === "delete") counts.deletedCount++;
        else counts.updatedCount++;
        ops.push({ recordId: o.rec.id, externalId, action: o.action, outcome: "succeeded" });
      }
      if (unchanged.length > 0) {
        await tx.$executeRaw`
          UPDATE record_links AS l SET last_pushed_version = v.version, status = 'synced', updated_at = ${now}
          FROM unnest(${unchanged.map((r) => r.id)}::text[], ${unchanged.map((r) => r.version)}::int[]) AS v(record_id, version)
          WHERE l.connection_id = ${connection.id} AND l.record_id = v.record_id`;
      }
      if (written.length > 0) {
        await tx.$executeRaw`
          UPDATE record_links AS l SET
            last_pushed_version = v.version, last_pushed_at = ${now}, last_written_hash = v.hash,
            remote_updated_at = COALESCE(v.remote_updated_at, l.remote_updated_at), create_intent_at = NULL,
            status = 'synced', last_error_code = NULL, last_error_message = NULL, last_error_at = NULL, updated_at = ${now}
          FROM unnest(${written.map((w) => w.recordId)}::text[], ${written.map((w) => w.version)}::int[], ${written.map((w) => w.hash)}::text[], ${written.map((w) => w.remoteUpdatedAt)}::timestamptz[])
            AS v(record_id, version, hash, remote_updated_at)
          WHERE l.connection_id = ${connection.id} AND l.record_id = v.record_id`;
      }
      await recordPageInTx(
        tx,
        { id: runId, workspaceId: connection.workspaceId, connectionId: connection.id, object },
        counts,
        ops,
        undefined,
        now,
      );
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

export function httpOf(err: AppError): { http?: Prisma.InputJsonValue } {
  const d = err.details ?? {};
  if (!d.method && !d.status) return {};
  return {
    http: {
      request: { method: String(d.method ?? ""), url: String(d.url ?? "") },
      response: { status: Number(d.status ?? 0), body: providerBody(d.providerError).slice(0, 4000) },
    },
  };
}

/** The provider's error body as text: JSON bodies as JSON, never "[object Object]". */
function providerBody(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
