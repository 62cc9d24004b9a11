// One page of a pull: read the provider's changes from the checkpoint, then in ONE transaction write
// every record through the one write path (the connection as the source, per-field conflict policies),
// update the links, open conflicts, apply deletions, count, log operations and save the new checkpoint.
// A crash resumes at the last saved checkpoint; re-reading a page changes nothing (hashes + values).
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { db, type Prisma } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { ChangedPage, FieldMap, RawRecord } from "@/lib/integrations/object-contract";
import {
  newRecordsCtes,
  prepareNewRecords,
  writeRecordInTx,
  type PreparedNewRecords,
  type WriteRecordResult,
} from "@/lib/records/write-record";
import { SqlParams } from "@/lib/records/sql-params";
import type { RecordLink } from "@/lib/generated/prisma/client";
import { ulid } from "@/lib/ids/ulid";
import { publishRecordChanges, type ChangeRow } from "@/lib/records/publish-record-changes";
import { emitConflictsOpened } from "@/lib/webhooks/outbound/emit-outbound-event";
import { APPLIED_MAPPING_SQL, appliedMapping, appliedMappingOf, type AppliedMappingRow } from "@/lib/sync/sync-mapping";
import {
  changedSinceLastRead,
  echoHash,
  fieldHashes,
  hashFields,
  mapInbound,
  policiesOf,
  pullOnlyFields,
  type StoredMapping,
} from "@/lib/sync/field-mapping-runtime";
import {
  checkRecordPage,
  RECORD_PAGE_SELECT,
  recordPageCtes,
  recordPageInTx,
  zeroCounts,
  type OperationInput,
  type RunCounts,
} from "@/lib/sync/sync-runs";
import type { SyncTarget } from "@/lib/sync/sync-target";
import { referenceFields, withInboundReferences } from "@/lib/sync/reference-translation";
import { sqlTransaction } from "@/inngest/executor/sql-client";

type Tx = Prisma.TransactionClient;

export type PullMode = "incremental" | "full";

export type PullPageInput = {
  target: SyncTarget;
  object: RecordObject;
  runId: string;
  /** incremental: listChanged from `cursor`; full: listAll pages (a full resync) */
  mode: PullMode;
  cursor: string | null;
  /** full resync: when the run started (links not seen since are deleted at the end) */
  runStartedAt: Date;
  pageSize?: number;
};

export type PullPageResult = { cursor: string | null; hasMore: boolean; counts: RunCounts; changeIds: string[] };

/**
 * A page is as large as the provider's list call allows, up to this many records: fewer provider calls
 * against its rate limit (HubSpot's search allows about five a second) and fewer page transactions,
 * while one page's transaction stays short.
 */
const MAX_PAGE = 200;

/** The match key a pulled record is matched on when it has no link yet: "email:<lower>", "number:<lower>". */
export function matchKeyOf(object: RecordObject, hub: Record<string, unknown>): string | null {
  const s = (k: string) => (typeof hub[k] === "string" && (hub[k] as string).trim() ? (hub[k] as string).trim().toLowerCase() : null);
  if (object === "contact") return s("email") ? `email:${s("email")}` : null;
  if (object === "order") return s("number") ? `number:${s("number")}` : null;
  if (object === "product") return s("sku") ? `number:${s("sku")}` : null;
  return null;
}

/** A pulled item's hub fields under the page's mapping. */
type Inbound = (item: RawRecord) => ReturnType<typeof mapInbound>;

type MatchCandidate = {
  id: string;
  version: number;
  /** its link to this connection, still without a remote id (a push's create in flight) */ pendingLinkId: string | null;
};

/**
 * Hub records that unlinked items match by key; the oldest wins. A record already linked to this
 * connection is no candidate — unless its link has no remote id yet: a push is creating it there right
 * now (the intent is stored before the provider call, the remote id after it), and a webhook or a pull
 * that reads the new remote record first must adopt that link, not make a second hub record of it.
 */
async function matchCandidates(tx: Tx, input: PullPageInput, inbound: Inbound, items: RawRecord[]): Promise<Map<string, MatchCandidate>> {
  const keys = items.map((i) => matchKeyOf(input.object, inbound(i))).filter((k): k is string => k !== null);
  const emails = keys.filter((k) => k.startsWith("email:")).map((k) => k.slice(6));
  const numbers = keys.filter((k) => k.startsWith("number:")).map((k) => k.slice(7));
  if (emails.length === 0 && numbers.length === 0) return new Map();
  const connectionId = input.target.connection.id;
  const rows = await tx.hubRecord.findMany({
    where: {
      workspaceId: input.target.connection.workspaceId,
      object: input.object,
      deletedAt: null,
      OR: [...(emails.length ? [{ emailKey: { in: emails } }] : []), ...(numbers.length ? [{ numberKey: { in: numbers } }] : [])],
      links: { none: { connectionId, externalId: { not: null } } },
    },
    orderBy: { createdAt: "asc" },
    select: { id: true, version: true, emailKey: true, numberKey: true, links: { where: { connectionId }, select: { id: true } } },
  });
  const out = new Map<string, MatchCandidate>();
  const ambiguous = new Set<string>();
  for (const r of rows) {
    const key = r.emailKey ? `email:${r.emailKey}` : r.numberKey ? `number:${r.numberKey}` : null;
    if (!key) continue;
    const pendingLinkId = r.links[0]?.id ?? null;
    const prev = out.get(key);
    // Two creates of the same key in flight: which remote record is whose is unknown; the pushes settle it.
    if (prev?.pendingLinkId && pendingLinkId) ambiguous.add(key);
    // a record being created there is the one this remote record most likely is
    if (!prev || (pendingLinkId && !prev.pendingLinkId)) out.set(key, { id: r.id, version: r.version, pendingLinkId });
  }
  for (const key of ambiguous) out.delete(key);
  return out;
}

/** Provider records the hub has never seen, prepared: their records and change rows (createRecordsInTx's), their links. */
export type FreshPlan = {
  prepared: PreparedNewRecords;
  links: {
    recordId: string;
    externalId: string;
    remoteUpdatedAt: string | null;
    lastReadHash: string;
    lastReadFields: string;
    lastWrittenHash: string | null;
  }[];
};

/** Validates and maps new provider records; counts, operations and change ids are appended as if the plan's statement has run. */
export function planFresh(
  input: PullPageInput,
  mapping: StoredMapping,
  items: RawRecord[],
  incoming: Record<string, unknown>[],
  now: Date,
  counts: RunCounts,
  ops: OperationInput[],
  changeIds: string[],
  known?: Map<string, ChangeRow>,
): FreshPlan {
  const { connection } = input.target;
  const source = { kind: "connection" as const, connectionId: connection.id };
  const prepared = prepareNewRecords(
    connection.workspaceId,
    input.object,
    incoming.map((fields) => ({ fields, source })),
    now,
  );
  const links: FreshPlan["links"] = [];
  prepared.results.forEach((r, i) => {
    const item = items[i]!;
    if (!r.ok) {
      counts.failedCount++;
      ops.push({
        externalId: item.externalId,
        action: "create",
        outcome: "failed",
        errorCode: r.error.code,
        errorMessage: r.error.message,
      });
      return;
    }
    changeIds.push(r.changeId);
    known?.set(r.changeId, r.change);
    counts.createdCount++;
    ops.push({ recordId: r.recordId, externalId: item.externalId, action: "create", outcome: "succeeded" });
    links.push({
      recordId: r.recordId,
      externalId: item.externalId,
      remoteUpdatedAt: item.remoteUpdatedAt ? new Date(item.remoteUpdatedAt).toISOString() : null,
      lastReadHash: hashFields(incoming[i]!),
      lastReadFields: JSON.stringify(fieldHashes(incoming[i]!)),
      // what the connection holds of the fields we push: a push of the same values costs no call
      lastWrittenHash: echoHash(mapping, item.fields),
    });
  });
  return { prepared, links };
}

/**
 * The CTEs that write a plan (records, change rows, links), or null when it has nothing to write. The
 * connection already has version 1 of a record it created: it is where the record came from.
 */
export function freshCtes(p: SqlParams, input: PullPageInput, plan: FreshPlan, now: Date): string | null {
  if (plan.prepared.rows.length === 0) return null;
  const { connection } = input.target;
  const records = newRecordsCtes(p, connection.workspaceId, input.object, plan.prepared, now);
  const time = p.add(now);
  const l = plan.links;
  return `${records},
    links AS (
      INSERT INTO record_links (id, workspace_id, connection_id, object, record_id, external_id, remote_updated_at, last_read_hash, last_read_fields, last_written_hash, last_pulled_at, last_pushed_version, status, created_at, updated_at)
      SELECT v.id, ${p.add(connection.workspaceId)}::text, ${p.add(connection.id)}::text, ${p.add(input.object)}::"RecordObject", v.record_id, v.external_id, v.remote_updated_at, v.last_read_hash, v.last_read_fields::jsonb, v.last_written_hash,
        ${time}::timestamptz, 1, 'synced'::"SyncLinkStatus", ${time}::timestamptz, ${time}::timestamptz
      FROM unnest(${p.add(l.map(() => ulid().toLowerCase()))}::text[], ${p.add(l.map((x) => x.recordId))}::text[], ${p.add(l.map((x) => x.externalId))}::text[],
        ${p.add(l.map((x) => x.remoteUpdatedAt))}::timestamptz[], ${p.add(l.map((x) => x.lastReadHash))}::text[],
        ${p.add(l.map((x) => x.lastReadFields))}::text[], ${p.add(l.map((x) => x.lastWrittenHash))}::text[])
        AS v(id, record_id, external_id, remote_updated_at, last_read_hash, last_read_fields, last_written_hash)
      RETURNING 1
    )`;
}

/** Provider records the hub has never seen: created in bulk through the write path, linked, counted (one statement). */
async function createFresh(
  tx: Tx,
  input: PullPageInput,
  mapping: StoredMapping,
  inbound: Inbound,
  items: RawRecord[],
  now: Date,
  counts: RunCounts,
  ops: OperationInput[],
  changeIds: string[],
  known?: Map<string, ChangeRow>,
): Promise<void> {
  const plan = planFresh(input, mapping, items, items.map(inbound), now, counts, ops, changeIds, known);
  const p = new SqlParams();
  const ctes = freshCtes(p, input, plan, now);
  if (ctes) await tx.$queryRawUnsafe(`WITH ${ctes} SELECT 1`, ...p.values);
}

async function readPage(
  input: PullPageInput,
): Promise<{ items: RawRecord[]; deleted: ChangedPage["deleted"]; cursor: string | null; hasMore: boolean }> {
  const { api, spec } = input.target;
  const limitFor = (call: { maxPageSize: number } | undefined) => Math.min(input.pageSize ?? MAX_PAGE, call?.maxPageSize ?? MAX_PAGE);
  if (input.mode === "incremental" && api.listChanged) {
    const limit = limitFor(spec.capabilities.listChanged);
    const page = await api.listChanged({ checkpoint: input.cursor, limit });
    return { items: page.items, deleted: page.deleted, cursor: page.checkpoint, hasMore: page.hasMore };
  }
  if (api.listAll) {
    const limit = limitFor(spec.capabilities.listAll);
    const page = await api.listAll({ cursor: input.cursor, limit });
    return { items: page.items, deleted: [], cursor: page.nextCursor, hasMore: page.nextCursor !== null };
  }
  if (api.listChanged) {
    const page = await api.listChanged({ checkpoint: input.cursor, limit: limitFor(spec.capabilities.listChanged) });
    return { items: page.items, deleted: page.deleted, cursor: page.checkpoint, hasMore: page.hasMore };
  }
  throw new AppError("BAD_REQUEST", `${input.target.def.name} cannot list ${input.target.spec.label}; it relies on push and webhooks`);
}

/**
 * Writes provider records through the one write path: linked ones update their record, unlinked ones
 * match an existing hub record by key or are created in bulk. Used by pullPage and by webhook
 * deliveries (lib/sync/apply-webhook-records.ts); counts, operations and change ids are appended.
 */
export async function applyItemsInTx(
  tx: Tx,
  input: PullPageInput,
  mapping: StoredMapping,
  items: RawRecord[],
  now: Date,
  counts: RunCounts,
  ops: OperationInput[],
  changeIds: string[],
  /** filled with the change rows of the records created here (see publishRecordChanges) */
  known?: Map<string, ChangeRow>,
): Promise<void> {
  const { connection } = input.target;
  // an appointment's contact id from the provider becomes the hub contact's id (reference-translation.ts)
  mapping = await withInboundReferences(tx, connection.id, input.object, mapping, items);
  // One query each for the page's links and match-key candidates; new records are created in bulk.
  const links = await tx.recordLink.findMany({
    where: { connectionId: connection.id, object: input.object, externalId: { in: items.map((i) => i.externalId) } },
  });
  const linkOf = new Map(links.map((l) => [l.externalId, l]));
  const unlinked = items.filter((i) => !linkOf.has(i.externalId));
  // an item's hub fields, mapped once (the match key, then the create, read them)
  const mapped = new Map<RawRecord, Record<string, unknown>>();
  const inbound: Inbound = (item) => {
    let fields = mapped.get(item);
    if (!fields) mapped.set(item, (fields = mapInbound(mapping, item.fields)));
    return fields;
  };
  const matches = await matchCandidates(tx, input, inbound, unlinked);
  const fresh: RawRecord[] = [];
  const taken = new Set<string>();
  for (const item of items) {
    const link = linkOf.get(item.externalId) ?? null;
    if (!link) {
      const key = matchKeyOf(input.object, inbound(item));
      const match = key ? matches.get(key) : undefined;
      if (!match || taken.has(match.id)) {
        fresh.push(item);
        continue;
      }
      taken.add(match.id);
      if (match.pendingLinkId) {
        // our own create coming back before the push saved its remote id: the link is the record's
        const adopted = await tx.recordLink.update({ where: { id: match.pendingLinkId }, data: { externalId: item.externalId } });
        await applyItem(tx, input, mapping, item, now, counts, ops, changeIds, adopted, null);
      } else await applyItem(tx, input, mapping, item, now, counts, ops, changeIds, null, match);
      continue;
    }
    await applyItem(tx, input, mapping, item, now, counts, ops, changeIds, link, null);
  }
  if (fresh.length > 0) await createFresh(tx, input, mapping, inbound, fresh, now, counts, ops, changeIds, known);
}

/** A page is taken by the general path (it is not all new): pullNewPage's reason to decline. */
class NotAllNew extends Error {
  constructor(readonly remember: boolean) {
    super("not all new");
  }
}

/**
 * (connection, object) pairs whose last page was not all new (an incremental pull of updates): their
 * pages go straight to the general path, without pullNewPage's two queries first, until a page is all
 * new again.
 */
const notAllNew = new Set<string>();
const NOT_ALL_NEW_MAX = 10_000;

/**
 * A page of provider records the hub has never seen (a backfill's pages): exactly the writes of the
 * general path for new records (createFresh) and its bookkeeping (recordPageInTx), in one transaction
 * on the driver's own SQL, the writes as ONE statement. Prisma costs about 1 ms of CPU per statement and
 * an interactive transaction's round trips; this path has three statements and no Prisma. A page with
 * an item linked already or matching a hub record by key, a deletion or a reference field to translate
 * is declined (null, nothing written): the general path takes it.
 */
async function pullNewPage(
  input: PullPageInput,
  page: Awaited<ReturnType<typeof readPage>>,
  now: Date,
  known: Map<string, ChangeRow>,
): Promise<{ counts: RunCounts; changeIds: string[] } | null> {
  const { connection } = input.target;
  const key = `${connection.id}:${input.object}`;
  if (page.items.length === 0 || page.deleted.length > 0 || notAllNew.has(key) || referenceFields(input.object).length > 0) return null;
  try {
    return await sqlTransaction(async (q) => {
      known.clear(); // a retried transaction starts over
      // the applied mapping, and whether any item is linked to this connection already
      const {
        rows: [row],
      } = await q.query<AppliedMappingRow & { linked: boolean }>(
        `SELECT a.*, EXISTS (SELECT 1 FROM record_links WHERE connection_id = $1 AND object = $2::"RecordObject" AND external_id = ANY($3::text[])) AS linked FROM (${APPLIED_MAPPING_SQL}) a`,
        [connection.id, input.object, page.items.map((i) => i.externalId)],
        "sync_new_page_check",
      );
      if (!row) throw new NotAllNew(false); // no mapping stored yet: the general path stores version 1
      if (row.linked) throw new NotAllNew(true);
      const { mapping } = appliedMappingOf(row);
      const incoming = page.items.map((i) => mapInbound(mapping, i.fields));
      // any hub record an item matches by key (matchCandidates decides what becomes of it): declined
      const keys = incoming.map((f) => matchKeyOf(input.object, f)).filter((k): k is string => k !== null);
      const emails = keys.filter((k) => k.startsWith("email:")).map((k) => k.slice(6));
      const numbers = keys.filter((k) => k.startsWith("number:")).map((k) => k.slice(7));
      if (emails.length > 0 || numbers.length > 0) {
        const {
          rows: [m],
        } = await q.query<{ hit: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM hub_records WHERE workspace_id = $1 AND object = $2::"RecordObject" AND email_key = ANY($3::text[]) AND deleted_at IS NULL)
             OR EXISTS (SELECT 1 FROM hub_records WHERE workspace_id = $1 AND object = $2::"RecordObject" AND number_key = ANY($4::text[]) AND deleted_at IS NULL) AS hit`,
          [connection.workspaceId, input.object, emails, numbers],
          "sync_new_page_keys",
        );
        if (m?.hit) throw new NotAllNew(true);
      }
      const counts = zeroCounts();
      const ops: OperationInput[] = [];
      const changeIds: string[] = [];
      counts.readCount += page.items.length;
      const plan = planFresh(input, mapping, page.items, incoming, now, counts, ops, changeIds, known);
      const p = new SqlParams();
      const fresh = freshCtes(p, input, plan, now);
      const checkpoint = input.mode === "incremental" ? { cursor: page.cursor } : undefined;
      const run = { id: input.runId, workspaceId: connection.workspaceId, connectionId: connection.id, object: input.object };
      const bookkeeping = recordPageCtes(p, run, counts, ops, page.cursor, now, checkpoint);
      const {
        rows: [res],
      } = await q.query<{ runs: number; settings: number }>(
        `WITH ${fresh ? `${fresh},\n    ` : ""}${bookkeeping}\n    ${RECORD_PAGE_SELECT}`,
        p.values,
        fresh ? "sync_new_page_write" : "sync_new_page_bookkeeping",
      );
      checkRecordPage(res, checkpoint);
      return { counts, changeIds };
    });
  } catch (err) {
    if (!(err instanceof NotAllNew)) throw err;
    if (err.remember) {
      if (notAllNew.size >= NOT_ALL_NEW_MAX) notAllNew.clear();
      notAllNew.add(key);
    }
    return null;
  }
}

export async function pullPage(input: PullPageInput): Promise<PullPageResult> {
  const page = await readPage(input);
  const { connection } = input.target;
  const now = new Date();
  // the change rows this page's creates wrote, handed to the publish step instead of read back
  const known = new Map<string, ChangeRow>();
  const result =
    (await pullNewPage(input, page, now, known)) ??
    (await db.$transaction(
      async (tx) => {
        known.clear(); // a retried transaction starts over
        const { mapping } = await appliedMapping(tx, {
          workspaceId: connection.workspaceId,
          connectionId: connection.id,
          object: input.object,
          spec: input.target.spec,
        });
        const counts = zeroCounts();
        const ops: OperationInput[] = [];
        const changeIds: string[] = [];
        counts.readCount += page.items.length;
        await applyItemsInTx(tx, input, mapping, page.items, now, counts, ops, changeIds, known);
        for (const d of page.deleted) await applyDelete(tx, input, d.externalId, counts, ops, changeIds);
        // the counts, the operations and (incremental) the new checkpoint: one statement, in this transaction
        const checkpoint = input.mode === "incremental" ? { cursor: page.cursor } : undefined;
        await recordPageInTx(
          tx,
          { id: input.runId, workspaceId: connection.workspaceId, connectionId: connection.id, object: input.object },
          counts,
          ops,
          page.cursor,
          now,
          checkpoint,
        );
        // a page of new records only: the next page tries pullNewPage again
        if (counts.createdCount === page.items.length) notAllNew.delete(`${connection.id}:${input.object}`);
        return { counts, changeIds };
      },
      { timeout: 60_000, maxWait: 30_000 },
    ));
  await publishRecordChanges(result.changeIds, known);
  // a page that opened no conflict has none to announce (one query less per page)
  if (result.counts.conflictCount > 0) await emitConflictsOpened(connection.id, now);
  return { cursor: page.cursor, hasMore: page.hasMore, counts: result.counts, changeIds: result.changeIds };
}

export async function applyItem(
  tx: Tx,
  input: PullPageInput,
  mapping: StoredMapping,
  item: RawRecord,
  now: Date,
  counts: RunCounts,
  ops: OperationInput[],
  changeIds: string[],
  link: RecordLink | null,
  match: { id: string; version: number } | null,
): Promise<void> {
  const { connection } = input.target;
  const started = Date.now();
  const remoteUpdatedAt = item.remoteUpdatedAt ? new Date(item.remoteUpdatedAt) : null;
  const incoming = mapInbound(mapping, item.fields);
  const readHash = hashFields(incoming);
  const readFields = fieldHashes(incoming);
  // a partial read (a webhook's fields) keeps the hashes of the fields it did not carry
  const lastReadFields = {
    ...(link?.lastReadFields && typeof link.lastReadFields === "object" ? (link.lastReadFields as Record<string, string>) : {}),
    ...readFields,
  };
  const seen = { lastPulledAt: now, remoteUpdatedAt, lastReadFields };
  // Our own write coming back, or a record re-read by the lookback overlap: nothing to do — except the
  // fields Switchboard never writes there (pull-only: an order's status in KeyCRM), which no echo carries.
  const echo = link?.lastWrittenHash && echoHash(mapping, item.fields as FieldMap) === link.lastWrittenHash;
  // Only what the provider changed since this link last read it is applied: a field it still holds at the
  // value read before says nothing new, and must not undo a newer hub edit not yet pushed there.
  const fields = changedSinceLastRead(echo ? pullOnlyFields(mapping, incoming) : incoming, readFields, link?.lastReadFields);
  if (link && (link.lastReadHash === readHash || Object.keys(fields).length === 0)) {
    await tx.recordLink.update({ where: { id: link.id }, data: { ...seen, lastReadHash: readHash } });
    counts.skippedCount++;
    ops.push({
      recordId: link.recordId,
      externalId: item.externalId,
      action: "skip",
      outcome: "skipped",
      durationMs: Date.now() - started,
    });
    return;
  }
  let recordId = link?.recordId;
  let previousVersion = 0;
  if (recordId) {
    const rec = await tx.hubRecord.findUnique({ where: { id: recordId }, select: { version: true, deletedAt: true } });
    if (!rec || rec.deletedAt) {
      // The hub deleted it: the delete wins over a later remote edit (the push sends the delete).
      await tx.recordLink.update({ where: { id: link!.id }, data: { ...seen, lastReadHash: readHash } });
      counts.skippedCount++;
      ops.push({
        recordId,
        externalId: item.externalId,
        action: "skip",
        outcome: "skipped",
        errorMessage: "Deleted in Switchboard",
        durationMs: Date.now() - started,
      });
      return;
    }
    previousVersion = rec.version;
  } else if (match) {
    recordId = match.id;
    previousVersion = match.version;
  }
  let res: WriteRecordResult;
  try {
    const baseline = link ? maxDate(link.lastPulledAt, link.lastPushedAt) : null;
    res = await writeRecordInTx(tx, {
      workspaceId: connection.workspaceId,
      object: input.object,
      ...(recordId ? { recordId } : {}),
      fields,
      source: { kind: "connection", connectionId: connection.id },
      inbound: { policies: policiesOf(mapping), defaultPolicy: "last_writer_wins", baseline, remoteUpdatedAt },
      at: now,
    });
  } catch (err) {
    if (!isAppError(err) || err.code !== "VALIDATION_FAILED") throw err;
    counts.failedCount++;
    ops.push({
      recordId: recordId ?? null,
      externalId: item.externalId,
      action: recordId ? "update" : "create",
      outcome: "failed",
      errorCode: err.code,
      errorMessage: err.message,
      durationMs: Date.now() - started,
    });
    // nothing of this read was applied: the per-field hashes stay at the last read that was
    if (link)
      await tx.recordLink.update({
        where: { id: link.id },
        data: {
          lastPulledAt: now,
          remoteUpdatedAt,
          status: "failed",
          lastErrorCode: err.code,
          lastErrorMessage: err.message,
          lastErrorAt: now,
        },
      });
    return;
  }
  if (res.changeId) changeIds.push(res.changeId);
  // The connection already holds what it just sent: unless the hub had changes it has not pushed there
  // yet (or kept its own values), the new version counts as pushed to it.
  const inSync = res.kept.length === 0 && res.conflicts.length === 0 && (res.created || (link?.lastPushedVersion ?? -1) >= previousVersion);
  const linkData = {
    ...seen,
    lastReadHash: readHash,
    status: res.conflicts.length > 0 ? ("conflict" as const) : ("synced" as const),
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    // in sync, the connection holds what a push would write: the same values are not sent back to it
    ...(inSync ? { lastPushedVersion: res.version, lastWrittenHash: echoHash(mapping, item.fields as FieldMap) } : {}),
  };
  if (link) await tx.recordLink.update({ where: { id: link.id }, data: linkData });
  else
    await tx.recordLink.create({
      data: {
        workspaceId: connection.workspaceId,
        connectionId: connection.id,
        object: input.object,
        recordId: res.recordId,
        externalId: item.externalId,
        ...linkData,
      },
    });
  for (const c of res.conflicts) {
    const open = await tx.syncConflict.findFirst({
      where: { recordId: res.recordId, connectionId: connection.id, field: c.field, status: "open" },
      select: { id: true },
    });
    const values = { hubValue: c.hubValue as Prisma.InputJsonValue, providerValue: c.incomingValue as Prisma.InputJsonValue };
    if (open) await tx.syncConflict.update({ where: { id: open.id }, data: values });
    else
      await tx.syncConflict.create({
        data: {
          workspaceId: connection.workspaceId,
          connectionId: connection.id,
          object: input.object,
          recordId: res.recordId,
          field: c.field,
          ...values,
        },
      });
  }
  counts.conflictCount += res.conflicts.length;
  if (res.created) counts.createdCount++;
  else if (res.changeId) counts.updatedCount++;
  else counts.skippedCount++;
  ops.push({
    recordId: res.recordId,
    externalId: item.externalId,
    action: res.created ? "create" : res.changeId ? "update" : "skip",
    outcome: res.changeId ? "succeeded" : "skipped",
    ...(res.conflicts.length
      ? { errorCode: "CONFLICT", errorMessage: `Kept the hub value of ${res.conflicts.map((c) => c.field).join(", ")} (manual policy)` }
      : {}),
    durationMs: Date.now() - started,
  });
}

export async function applyDelete(
  tx: Tx,
  input: PullPageInput,
  externalId: string,
  counts: RunCounts,
  ops: OperationInput[],
  changeIds: string[],
): Promise<void> {
  const { connection } = input.target;
  const link = await tx.recordLink.findUnique({
    where: { connectionId_object_externalId: { connectionId: connection.id, object: input.object, externalId } },
  });
  if (!link) return;
  const rec = await tx.hubRecord.findUnique({ where: { id: link.recordId }, select: { deletedAt: true } });
  if (!rec || rec.deletedAt) return;
  const res = await writeRecordInTx(tx, {
    workspaceId: connection.workspaceId,
    object: input.object,
    recordId: link.recordId,
    delete: true,
    source: { kind: "connection", connectionId: connection.id },
    inbound: { policies: {}, defaultPolicy: "last_writer_wins", baseline: null, remoteUpdatedAt: null },
  });
  if (res.changeId) changeIds.push(res.changeId);
  await tx.recordLink.update({
    where: { id: link.id },
    data: { lastPushedVersion: res.version, lastPulledAt: new Date(), status: "synced" },
  });
  counts.deletedCount++;
  ops.push({ recordId: link.recordId, externalId, action: "delete", outcome: "succeeded" });
}

/** After a completed full resync: links the listing never returned are records deleted at the provider. */
export async function applyFullResyncDeletes(
  target: SyncTarget,
  object: RecordObject,
  runId: string,
  runStartedAt: Date,
): Promise<string[]> {
  const { connection } = target;
  const changeIds = await db.$transaction(async (tx) => {
    const gone = await tx.recordLink.findMany({
      where: {
        connectionId: connection.id,
        object,
        externalId: { not: null },
        createdAt: { lt: runStartedAt },
        AND: [
          { OR: [{ lastPulledAt: null }, { lastPulledAt: { lt: runStartedAt } }] },
          // a record pushed there during the listing may simply have been created after the pages passed it
          { OR: [{ lastPushedAt: null }, { lastPushedAt: { lt: runStartedAt } }] },
        ],
        record: { deletedAt: null },
      },
      select: { externalId: true },
    });
    const counts = zeroCounts();
    const ops: OperationInput[] = [];
    const ids: string[] = [];
    for (const g of gone)
      if (g.externalId)
        await applyDelete(tx, { target, object, runId, mode: "full", cursor: null, runStartedAt }, g.externalId, counts, ops, ids);
    await recordPageInTx(tx, { id: runId, workspaceId: connection.workspaceId, connectionId: connection.id, object }, counts, ops);
    return ids;
  });
  await publishRecordChanges(changeIds);
  return changeIds;
}

function maxDate(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
