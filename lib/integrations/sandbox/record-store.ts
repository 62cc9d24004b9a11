// The generic record store every sandbox keeps its provider-shaped JSON records in. Every write queues
// the matching change for the webhook emitter.
import { db } from "@/lib/db/client";
import type { SandboxRecord } from "@/lib/generated/prisma/client";
import { allocateNumbers } from "@/lib/integrations/sandbox/accounts";
import type {
  SandboxAccount,
  SandboxChange,
  SandboxData,
  SandboxObjectSpec,
  StoredRecord,
} from "@/lib/integrations/sandbox/sandbox-types";
import { queueChanges } from "@/lib/integrations/sandbox/webhook-emitter";

export type ChangeSource = SandboxChange["source"];

export function toStored(row: SandboxRecord): StoredRecord {
  return {
    id: row.id,
    accountId: row.accountId,
    objectType: row.objectType,
    externalId: row.externalId,
    data: (row.data ?? {}) as SandboxData,
    deleted: row.deleted,
    deletedAt: row.deletedAt,
    seq: row.seq,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** All records of a type in (updatedAt, seq) order. Sandboxes filter and page in memory: accounts hold hundreds, not millions. */
export async function listRecords(
  accountId: string,
  objectType: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<StoredRecord[]> {
  const rows = await db.sandboxRecord.findMany({
    where: { accountId, objectType, ...(opts.includeDeleted ? {} : { deleted: false }) },
    orderBy: [{ updatedAt: "asc" }, { seq: "asc" }],
  });
  return rows.map(toStored);
}

/**
 * Records whose text at `path` in their data (e.g. ["properties", "email"]) equals one of `values`,
 * case-insensitively: one indexed-scan query instead of listing the type. Keyed by the lower-cased
 * value; the first record in (updatedAt, seq) order wins, as a scan of listRecords() would find it.
 */
export async function findRecordsByDataText(accountId: string, objectType: string, path: readonly string[], values: readonly string[]): Promise<Map<string, StoredRecord>> {
  const needles = [...new Set(values.map((v) => v.trim().toLowerCase()).filter(Boolean))];
  const out = new Map<string, StoredRecord>();
  if (needles.length === 0) return out;
  const ids = await db.$queryRaw<{ id: string; k: string }[]>`
    SELECT id, lower(data #>> ${[...path]}::text[]) AS k FROM sandbox_records
    WHERE account_id = ${accountId} AND object_type = ${objectType} AND deleted = false
      AND lower(data #>> ${[...path]}::text[]) = ANY(${needles}::text[])
    ORDER BY updated_at ASC, seq ASC`;
  if (ids.length === 0) return out;
  const rows = new Map((await db.sandboxRecord.findMany({ where: { id: { in: ids.map((r) => r.id) } } })).map((r) => [r.id, r]));
  for (const { id, k } of ids) {
    const row = rows.get(id);
    if (row && !out.has(k)) out.set(k, toStored(row));
  }
  return out;
}

/**
 * One page of the records whose ISO timestamp at `path` in their data (a provider's "modified at"
 * property) is at or after `fromMs`, ordered by it, then by numeric external id; with the total. Done
 * in SQL so a listing of 50,000 records does not load them all for every page.
 */
export async function pageRecordsByDataTime(
  accountId: string,
  objectType: string,
  opts: { path: readonly string[]; fromMs: number; offset: number; limit: number },
): Promise<{ total: number; records: StoredRecord[] }> {
  // CASE, not a WHERE before the cast: a value that is not an ISO time is skipped, never cast.
  const page = await db.$queryRaw<{ id: string | null; total: bigint }[]>`
    WITH m AS (
      SELECT id, external_id,
        CASE WHEN (data #>> ${[...opts.path]}::text[]) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)$'
          THEN extract(epoch FROM (data #>> ${[...opts.path]}::text[])::timestamptz) * 1000 END AS ms
      FROM sandbox_records
      WHERE account_id = ${accountId} AND object_type = ${objectType} AND deleted = false
    ), f AS (SELECT id, external_id, ms FROM m WHERE ms >= ${opts.fromMs})
    SELECT p.id, t.total FROM (SELECT count(*) AS total FROM f) t
    LEFT JOIN LATERAL (SELECT id FROM f ORDER BY ms ASC, length(external_id) ASC, external_id ASC OFFSET ${opts.offset} LIMIT ${opts.limit}) p ON true`;
  const total = Number(page[0]?.total ?? 0);
  const ids = page.map((r) => r.id).filter((id): id is string => id !== null);
  if (ids.length === 0) return { total, records: [] };
  const rows = new Map((await db.sandboxRecord.findMany({ where: { id: { in: ids } } })).map((r) => [r.id, r]));
  return { total, records: ids.map((id) => rows.get(id)).filter((r): r is SandboxRecord => !!r).map(toStored) };
}

export async function getRecord(
  accountId: string,
  objectType: string,
  externalId: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<StoredRecord | null> {
  const row = await db.sandboxRecord.findUnique({
    where: { accountId_objectType_externalId: { accountId, objectType, externalId } },
  });
  if (!row || (row.deleted && !opts.includeDeleted)) return null;
  return toStored(row);
}

export async function nextExternalId(account: SandboxAccount, spec: SandboxObjectSpec): Promise<string> {
  return spec.newExternalId(account, await allocateNumbers(account.id));
}

/** Dotted paths (two levels deep) whose values differ: "email", "properties.firstname". */
export function changedPaths(before: SandboxData | null, after: SandboxData): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const k of keys) {
    const a = before?.[k];
    const b = after[k];
    if (isPlainObject(a) || isPlainObject(b)) {
      const ao = (isPlainObject(a) ? a : {}) as Record<string, unknown>;
      const bo = (isPlainObject(b) ? b : {}) as Record<string, unknown>;
      for (const kk of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
        if (JSON.stringify(ao[kk]) !== JSON.stringify(bo[kk])) out.push(`${k}.${kk}`);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(k);
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export async function createRecord(input: {
  account: SandboxAccount;
  objectType: string;
  externalId: string;
  data: SandboxData;
  now: Date;
  source: ChangeSource;
}): Promise<StoredRecord> {
  const row = await db.sandboxRecord.create({
    data: {
      accountId: input.account.id,
      objectType: input.objectType,
      externalId: input.externalId,
      data: input.data as object,
      createdAt: input.now,
      updatedAt: input.now,
    },
  });
  queueChanges(input.account.id, [
    {
      kind: "created",
      objectType: input.objectType,
      externalId: input.externalId,
      data: input.data,
      previous: null,
      changedFields: changedPaths(null, input.data),
      occurredAt: input.now,
      source: input.source,
    },
  ]);
  return toStored(row);
}

/** Replace a record's data. No change is emitted when nothing changed. */
export async function updateRecord(input: {
  account: SandboxAccount;
  objectType: string;
  externalId: string;
  data: SandboxData;
  now: Date;
  source: ChangeSource;
  /** fields to ignore when deciding whether anything changed (the provider's own timestamps) */
  ignoreFields?: readonly string[];
}): Promise<StoredRecord | null> {
  const before = await getRecord(input.account.id, input.objectType, input.externalId);
  if (!before) return null;
  const changed = changedPaths(before.data, input.data).filter((p) => !input.ignoreFields?.includes(p));
  if (changed.length === 0) return before;
  const row = await db.sandboxRecord.update({
    where: { id: before.id },
    data: { data: input.data as object, updatedAt: input.now },
  });
  queueChanges(input.account.id, [
    {
      kind: "updated",
      objectType: input.objectType,
      externalId: input.externalId,
      data: input.data,
      previous: before.data,
      changedFields: changed,
      occurredAt: input.now,
      source: input.source,
    },
  ]);
  return toStored(row);
}

/** Soft delete (providers keep archived records for a while; Salesforce queryAll shows them). */
export async function deleteRecord(input: {
  account: SandboxAccount;
  objectType: string;
  externalId: string;
  now: Date;
  source: ChangeSource;
}): Promise<boolean> {
  const before = await getRecord(input.account.id, input.objectType, input.externalId);
  if (!before) return false;
  await db.sandboxRecord.update({
    where: { id: before.id },
    data: { deleted: true, deletedAt: input.now, updatedAt: input.now },
  });
  queueChanges(input.account.id, [
    {
      kind: "deleted",
      objectType: input.objectType,
      externalId: input.externalId,
      data: before.data,
      previous: before.data,
      changedFields: [],
      occurredAt: input.now,
      source: input.source,
    },
  ]);
  return true;
}
