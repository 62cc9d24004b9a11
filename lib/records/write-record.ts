// THE ONE WRITE PATH. Every change to a hub record — from the UI, the public API, a pull, a webhook —
// goes through writeRecordInTx: in one transaction it locks the record, computes the changed fields,
// applies the per-field conflict policy when the source is a connection, bumps the version and appends
// a change row. No changed field: no new version, no change row, no event. writeRecord() runs it in its
// own transaction and hands the change to the job runner after commit; callers writing many records in
// one transaction (a pull page) publish all its change ids at once, as one event
// (lib/records/publish-record-changes.ts; the sweeper re-sends anything committed but not sent).
import canonicalize from "canonicalize";
import { ulid } from "@/lib/ids/ulid";
import { db, type Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { sourceTag, type ChangeSource } from "@/lib/records/change-source";
import { decideInbound, type ConflictPolicy } from "@/lib/records/conflict-policy";
import { CUSTOM_PREFIX } from "@/lib/records/field-schemas";
import type { FieldValue, RecordData, RecordObjectDefinition } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import { parseRecordPatch } from "@/lib/records/record-patch";
import { publishRecordChanges, type ChangeRow } from "@/lib/records/publish-record-changes";
import { SqlParams } from "@/lib/records/sql-params";

export type Tx = Prisma.TransactionClient;

export type FieldMeta = Record<string, { at: string; source: string }>;

/** How an inbound change (pull, webhook) is reconciled with the hub, field by field. */
export type InboundRules = {
  policies: Readonly<Record<string, ConflictPolicy>>;
  defaultPolicy: ConflictPolicy;
  /** when this connection and the hub last agreed about the record; null = first time */
  baseline: Date | null;
  /** when the provider changed the record */
  remoteUpdatedAt: Date | null;
};

export type WriteRecordInput = {
  workspaceId: string;
  object: RecordObject;
  /** absent: create a record */
  recordId?: string;
  /** the fields to set (a patch: fields not named stay as they are; null clears) */
  fields?: Record<string, unknown>;
  delete?: boolean;
  /** refuse the write when the record moved past this version (a form opened on an older version) */
  expectedVersion?: number;
  source: ChangeSource;
  /** required when the source is a connection */
  inbound?: InboundRules;
  at?: Date;
};

export type OpenedConflict = { field: string; hubValue: FieldValue; incomingValue: FieldValue };

export type WriteRecordResult = {
  recordId: string;
  version: number;
  created: boolean;
  deleted: boolean;
  /** the change row (and event) id; null when nothing changed */
  changeId: string | null;
  changedFields: string[];
  /** fields under a manual policy whose values differ: the hub kept its value; the caller stores the conflict */
  conflicts: OpenedConflict[];
  /** fields the conflict policy kept at the hub's value */
  kept: string[];
};

/** Equal as stored (canonical JSON); text, booleans and null compared directly (most fields, every field of a create). */
function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  if ((x === null || typeof x === "string" || typeof x === "boolean") && (y === null || typeof y === "string" || typeof y === "boolean")) return false;
  return canonicalize(x) === canonicalize(y);
}

/** An object's consent fields (computed once per object, not per write). */
const consentKeysOf = new WeakMap<RecordObjectDefinition, ReadonlySet<string>>();
function consentKeys(def: RecordObjectDefinition): ReadonlySet<string> {
  let keys = consentKeysOf.get(def);
  if (!keys) consentKeysOf.set(def, (keys = new Set(def.fields.filter((f) => f.consent).map((f) => f.key))));
  return keys;
}

type LockedRow = { id: string };

export async function writeRecordInTx(tx: Tx, input: WriteRecordInput): Promise<WriteRecordResult> {
  const def = recordObjects[input.object];
  const at = input.at ?? new Date();
  const tag = sourceTag(input.source);
  if (input.source.kind === "connection" && !input.inbound) throw new AppError("INTERNAL", "An inbound write needs its conflict rules");
  const patch = input.delete ? {} : parseRecordPatch(def, input.fields ?? {});

  let existing: Existing | null = null;
  if (input.recordId) {
    const locked = await tx.$queryRaw<LockedRow[]>`
      SELECT id FROM hub_records
      WHERE id = ${input.recordId} AND workspace_id = ${input.workspaceId} AND object = ${input.object}::"RecordObject"
      FOR UPDATE`;
    const row = locked[0]
      ? await tx.hubRecord.findUnique({
          where: { id: input.recordId },
          select: { id: true, data: true, fieldMeta: true, version: true, deletedAt: true, createdAt: true },
        })
      : null;
    if (!row || row.deletedAt) throw new AppError("NOT_FOUND", `This ${def.label.toLowerCase()} does not exist or was deleted`);
    existing = { ...row, data: row.data as RecordData, fieldMeta: row.fieldMeta as FieldMeta };
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
      throw new AppError("CONFLICT", `This ${def.label.toLowerCase()} was changed by someone else since you opened it. Reload to see the latest values.`, {
        currentVersion: row.version,
      });
    }
  } else if (input.delete) {
    throw new AppError("BAD_REQUEST", "Nothing to delete");
  }

  const result: WriteRecordResult = {
    recordId: existing?.id ?? "",
    version: existing?.version ?? 0,
    created: false,
    deleted: false,
    changeId: null,
    changedFields: [],
    conflicts: [],
    kept: [],
  };

  // --- delete: a tombstone, so the delete can propagate
  if (input.delete && existing) {
    const changeId = ulid(at.getTime());
    const version = existing.version + 1;
    // (its search words stay: every search skips tombstones)
    await tx.hubRecord.update({ where: { id: existing.id }, data: { deletedAt: at, updatedAt: at, version } });
    await tx.recordChange.create({ data: changeRow(changeId, input, existing.id, version, "deleted", {}, tag, at) });
    return { ...result, version, deleted: true, changeId };
  }

  // --- compute the changed fields
  const { after, meta, changes, kept, conflicts } = computeChange(def, existing, patch, input.inbound, tag, at);
  result.kept = kept;
  result.conflicts = conflicts;
  result.changedFields = Object.keys(changes);
  if (result.changedFields.length === 0) {
    if (!existing) throw new AppError("VALIDATION_FAILED", `Give the new ${def.label.toLowerCase()} at least one field`);
    return result;
  }

  // --- write record (its search words in the same statement) and the change row
  const cols = def.columns(after);
  const title = cols.title.slice(0, 500);
  const sortKey = cols.title.toLowerCase().slice(0, 200);
  const changeId = ulid(at.getTime());
  let recordId: string;
  let version: number;
  if (existing) {
    recordId = existing.id;
    version = existing.version + 1;
    await tx.$executeRaw`
      UPDATE hub_records SET data = ${JSON.stringify(after)}::jsonb, field_meta = ${JSON.stringify(meta)}::jsonb, version = ${version}, updated_at = ${at}::timestamptz,
        title = ${title}, sort_key = ${sortKey}, email_key = ${cols.emailKey ?? null}, phone_key = ${cols.phoneKey ?? null}, number_key = ${cols.numberKey ?? null}, status_key = ${cols.statusKey ?? null},
        search = array_to_tsvector(${cols.terms}::text[])
      WHERE id = ${recordId}`;
  } else {
    version = 1;
    recordId = ulid(at.getTime()).toLowerCase();
    await tx.$executeRaw`
      INSERT INTO hub_records (id, workspace_id, object, data, field_meta, version, title, sort_key, email_key, phone_key, number_key, status_key, created_source, created_at, updated_at, search)
      VALUES (${recordId}, ${input.workspaceId}, ${input.object}::"RecordObject", ${JSON.stringify(after)}::jsonb, ${JSON.stringify(meta)}::jsonb, 1, ${title}, ${sortKey},
        ${cols.emailKey ?? null}, ${cols.phoneKey ?? null}, ${cols.numberKey ?? null}, ${cols.statusKey ?? null}, ${tag}, ${at}::timestamptz, ${at}::timestamptz, array_to_tsvector(${cols.terms}::text[]))`;
    result.created = true;
  }
  await tx.recordChange.create({
    data: changeRow(changeId, input, recordId, version, existing ? "updated" : "created", changes, tag, at),
  });
  return { ...result, recordId, version, changeId };
}

type Existing = { id: string; data: RecordData; fieldMeta: FieldMeta; version: number; deletedAt: Date | null; createdAt: Date };

/** The pure part of the write path: the record after the patch, per-field provenance and the change set. */
function computeChange(def: RecordObjectDefinition, existing: Existing | null, patch: RecordData, inbound: InboundRules | undefined, tag: string, at: Date) {
  const kept: string[] = [];
  const conflicts: OpenedConflict[] = [];
  const before: RecordData = existing?.data ?? {};
  const meta: FieldMeta = { ...(existing?.fieldMeta ?? {}) };
  const after: RecordData = { ...before };
  const changes: Record<string, { old: FieldValue; new: FieldValue }> = {};
  const consent = consentKeys(def);
  const atIso = at.toISOString();

  for (const [key, value] of Object.entries(patch)) {
    const old = before[key] ?? null;
    if (same(old, value)) continue;
    if (inbound && existing) {
      const m = meta[key];
      const decision = decideInbound({
        policy: inbound.policies[key] ?? inbound.defaultPolicy,
        hubValue: old,
        incomingValue: value,
        hubChangedAt: m ? new Date(m.at) : null,
        hubSource: m?.source ?? null,
        source: tag,
        incomingAt: inbound.remoteUpdatedAt,
        baseline: inbound.baseline,
        consent: consent.has(key),
      });
      if (decision === "keep") {
        kept.push(key);
        continue;
      }
      if (decision === "conflict") {
        conflicts.push({ field: key, hubValue: old, incomingValue: value });
        continue;
      }
    }
    after[key] = value;
    changes[key] = { old, new: value };
    meta[key] = { at: atIso, source: tag };
  }

  // --- derived fields (a contact's time zone): recomputed while the system set them
  if (def.derive && def.derivedKeys) {
    // Derived while empty or while the system set it; a value a person or a provider gave stays.
    const eligible = def.derivedKeys.filter((k) => {
      if (patch[k] !== undefined && patch[k] !== null) return false;
      return (after[k] ?? null) === null || (meta[k]?.source ?? "system") === "system";
    });
    const base = { ...after };
    for (const k of eligible) base[k] = null;
    const derived = def.derive(base);
    for (const k of eligible) {
      const next = derived[k] ?? null;
      const old = after[k] ?? null;
      if (same(old, next)) continue;
      after[k] = next;
      changes[k] = { old: before[k] ?? null, new: next };
      meta[k] = { at: atIso, source: "system" };
    }
  }

  for (const [k, v] of Object.entries(after)) if (v === null && k.startsWith(CUSTOM_PREFIX)) delete after[k];
  return { after, meta, changes, kept, conflicts };
}

function changeRow(
  id: string,
  input: WriteRecordInput,
  recordId: string,
  version: number,
  action: "created" | "updated" | "deleted",
  changes: Record<string, { old: FieldValue; new: FieldValue }>,
  source: string,
  at: Date,
): Prisma.RecordChangeUncheckedCreateInput {
  return {
    id,
    workspaceId: input.workspaceId,
    recordId,
    object: input.object,
    version,
    action,
    changes: changes as Prisma.InputJsonObject,
    source,
    sourceConnectionId: input.source.kind === "connection" ? input.source.connectionId : null,
    createdAt: at,
  };
}

/** writeRecordInTx in its own transaction, then the record-changed event. */
export async function writeRecord(input: WriteRecordInput): Promise<WriteRecordResult> {
  const result = await db.$transaction((tx) => writeRecordInTx(tx, input));
  if (result.changeId) await publishRecordChanges([result.changeId]);
  return result;
}

export type NewRecordInput = { fields: Record<string, unknown>; source: ChangeSource };
/** `change`: the change row written (publishRecordChanges takes it as known, without reading it back) */
export type NewRecordResult = { ok: true; recordId: string; changeId: string; change: ChangeRow } | { ok: false; error: AppError };

/** New records validated and computed, ready for their INSERT (see newRecordsCtes). */
export type PreparedNewRecords = {
  results: NewRecordResult[];
  /** the valid inputs' rows, in input order (empty: nothing to insert) */
  rows: { index: number; id: string; changeId: string; tag: string; sourceConnectionId: string | null; after: RecordData; meta: FieldMeta; changes: Record<string, { old: FieldValue; new: FieldValue }>; cols: ReturnType<RecordObjectDefinition["columns"]> }[];
};

/**
 * The pure part of a bulk create: the same validation, derivation, provenance and search words as
 * writeRecordInTx's create, for every input; the results (in input order) are final once the INSERT
 * from newRecordsCtes has run. An invalid input fails alone.
 */
export function prepareNewRecords(workspaceId: string, object: RecordObject, inputs: readonly NewRecordInput[], at: Date): PreparedNewRecords {
  const def = recordObjects[object];
  const results: NewRecordResult[] = new Array<NewRecordResult>(inputs.length);
  const rows: PreparedNewRecords["rows"] = [];
  const time = at.getTime();
  inputs.forEach((input, index) => {
    try {
      const patch = parseRecordPatch(def, input.fields);
      const tag = sourceTag(input.source);
      const { after, meta, changes } = computeChange(def, null, patch, undefined, tag, at);
      for (const [k, v] of Object.entries(after)) if (v === null && k.startsWith(CUSTOM_PREFIX)) delete after[k];
      if (Object.keys(changes).length === 0) throw new AppError("VALIDATION_FAILED", `Give the new ${def.label.toLowerCase()} at least one field`);
      // Ids made here, so nothing depends on the order RETURNING gives rows back in.
      const id = ulid(time).toLowerCase();
      const changeId = ulid(time);
      const sourceConnectionId = input.source.kind === "connection" ? input.source.connectionId : null;
      rows.push({ index, id, changeId, tag, sourceConnectionId, after, meta, changes, cols: def.columns(after) });
      results[index] = { ok: true, recordId: id, changeId, change: { id: changeId, workspaceId, recordId: id, object, version: 1, action: "created", sourceConnectionId } };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results[index] = { ok: false, error: err };
    }
  });
  return { results, rows };
}

/**
 * The CTEs `records` and `changes` of a statement that inserts prepared records and their change rows
 * (INSERT ... SELECT FROM unnest(arrays): one parameter per column instead of one per value; a record's
 * search words go in as one JSON array each, made its tsvector column). A caller can add its own CTEs
 * (a pull page's links and run counts) to the same statement: one round trip for all of a page's rows.
 */
export function newRecordsCtes(p: SqlParams, workspaceId: string, object: RecordObject, prepared: PreparedNewRecords, at: Date): string {
  const rows = prepared.rows;
  const ws = p.add(workspaceId);
  const obj = p.add(object);
  const time = p.add(at);
  return `records AS (
      INSERT INTO hub_records (id, workspace_id, object, data, field_meta, version, title, sort_key, email_key, phone_key, number_key, status_key, created_source, created_at, updated_at, search)
      SELECT v.id, ${ws}::text, ${obj}::"RecordObject", v.data::jsonb, v.meta::jsonb, 1, v.title, v.sort_key, v.email_key, v.phone_key, v.number_key, v.status_key, v.source, ${time}::timestamptz, ${time}::timestamptz,
        array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(v.terms::jsonb)))
      FROM unnest(
        ${p.add(rows.map((r) => r.id))}::text[], ${p.add(rows.map((r) => JSON.stringify(r.after)))}::text[], ${p.add(rows.map((r) => JSON.stringify(r.meta)))}::text[],
        ${p.add(rows.map((r) => r.cols.title.slice(0, 500)))}::text[], ${p.add(rows.map((r) => r.cols.title.toLowerCase().slice(0, 200)))}::text[],
        ${p.add(rows.map((r) => r.cols.emailKey ?? null))}::text[], ${p.add(rows.map((r) => r.cols.phoneKey ?? null))}::text[], ${p.add(rows.map((r) => r.cols.numberKey ?? null))}::text[],
        ${p.add(rows.map((r) => r.cols.statusKey ?? null))}::text[], ${p.add(rows.map((r) => r.tag))}::text[], ${p.add(rows.map((r) => JSON.stringify(r.cols.terms)))}::text[]
      ) AS v(id, data, meta, title, sort_key, email_key, phone_key, number_key, status_key, source, terms)
      RETURNING 1
    ),
    changes AS (
      INSERT INTO record_changes (id, workspace_id, record_id, object, version, action, changes, source, source_connection_id, created_at)
      SELECT v.id, ${ws}::text, v.record_id, ${obj}::"RecordObject", 1, 'created'::"RecordChangeAction", v.changes::jsonb, v.source, v.source_connection_id, ${time}::timestamptz
      FROM unnest(${p.add(rows.map((r) => r.changeId))}::text[], ${p.add(rows.map((r) => r.id))}::text[], ${p.add(rows.map((r) => JSON.stringify(r.changes)))}::text[],
        ${p.add(rows.map((r) => r.tag))}::text[], ${p.add(rows.map((r) => r.sourceConnectionId))}::text[])
        AS v(id, record_id, changes, source, source_connection_id)
      RETURNING 1
    )`;
}

/**
 * The write path for many new records at once (a backfill page): the same validation, derivation,
 * provenance, search words and change rows as writeRecordInTx's create, in one statement instead of
 * two per record. Results are in input order; an invalid input fails alone.
 */
export async function createRecordsInTx(tx: Tx, workspaceId: string, object: RecordObject, inputs: readonly NewRecordInput[], at = new Date()): Promise<NewRecordResult[]> {
  const prepared = prepareNewRecords(workspaceId, object, inputs, at);
  if (prepared.rows.length === 0) return prepared.results;
  const p = new SqlParams();
  await tx.$queryRawUnsafe(`WITH ${newRecordsCtes(p, workspaceId, object, prepared, at)} SELECT 1`, ...p.values);
  return prepared.results;
}
