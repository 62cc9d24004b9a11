// Records through the public API: the same principal checks and the one write path as the UI, with the
// API key as the source. Upsert matches by external_id (the tenant app's id, api_external_refs), then by
// the object's match key (a contact's e-mail, an order's number, a product's SKU). A transaction-scoped
// advisory lock on the match keys makes concurrent upserts of the same record one create and one update.
import { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/auth/principal";
import { assertAllowed } from "@/lib/auth/principal";
import { db, type Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { CUSTOM_PREFIX } from "@/lib/records/field-schemas";
import { getRecord } from "@/lib/records/get-record";
import { publishRecordChanges } from "@/lib/records/publish-record-changes";
import type { FieldValue, RecordData } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import { parseRecordPatch } from "@/lib/records/record-patch";
import { assertCanEditRecords, assertRequiredOnCreate, deleteRecord, principalSource, recordScope } from "@/lib/records/save-record";
import { writeRecordInTx } from "@/lib/records/write-record";

export type ApiRecord = {
  id: string;
  object: RecordObject;
  external_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  fields: Record<string, unknown>;
};

export type UpsertOutcome = "created" | "updated" | "unchanged";

/** Flat stored fields -> API fields: custom fields nested under customFields. */
export function apiFields(object: RecordObject, data: RecordData): Record<string, unknown> {
  const def = recordObjects[object];
  const out: Record<string, unknown> = {};
  for (const f of def.fields) out[f.key] = data[f.key] ?? null;
  const custom: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(data)) if (k.startsWith(CUSTOM_PREFIX)) custom[k.slice(CUSTOM_PREFIX.length)] = v;
  out.customFields = custom;
  return out;
}

export function toApiRecord(object: RecordObject, r: { id: string; version: number; createdAt: Date; updatedAt: Date; data: unknown }, externalId: string | null): ApiRecord {
  return {
    id: r.id,
    object,
    external_id: externalId,
    version: r.version,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    fields: apiFields(object, r.data as RecordData),
  };
}

async function externalIdsOf(workspaceId: string, object: RecordObject, recordIds: string[]): Promise<Map<string, string>> {
  if (recordIds.length === 0) return new Map();
  const refs = await db.apiExternalRef.findMany({ where: { workspaceId, object, recordId: { in: recordIds } }, select: { recordId: true, externalId: true } });
  return new Map(refs.map((r) => [r.recordId, r.externalId]));
}

export async function getApiRecord(principal: ApiKeyPrincipal, object: RecordObject, id: string): Promise<ApiRecord> {
  const view = await getRecord(principal, object, id); // scope check + workspace + not deleted
  const data: RecordData = Object.fromEntries(view.fields.map((f) => [f.key, f.value]));
  const ext = await externalIdsOf(principal.workspace.id, object, [view.id]);
  return toApiRecord(object, { id: view.id, version: view.version, createdAt: new Date(view.createdAt), updatedAt: new Date(view.updatedAt), data }, ext.get(view.id) ?? null);
}

// ---------- list (keyset on updated_at, id ascending: "what changed since")

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
  status: z.string().trim().max(100).optional(),
  updated_since: z.iso.datetime({ offset: true }).optional(),
  external_id: z.string().trim().min(1).max(255).optional(),
  email: z.string().trim().max(320).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

const cursorSchema = z.object({ u: z.string(), id: z.string() });

export function encodeCursor(updatedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ u: updatedAt.toISOString(), id })).toString("base64url");
}

export function decodeCursor(cursor: string): { u: Date; id: string } {
  try {
    const c = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    const u = new Date(c.u);
    if (Number.isNaN(u.getTime())) throw new Error("bad date");
    return { u, id: c.id };
  } catch {
    throw new AppError("BAD_REQUEST", "This cursor is not valid; start from the first page");
  }
}

/** The where clause shared by list and export: workspace, object, not deleted, filters, after the cursor. */
export async function recordWhere(workspaceId: string, object: RecordObject, q: { status?: string | undefined; updated_since?: string | undefined; cursor?: string | undefined; external_id?: string | undefined; email?: string | undefined }): Promise<Prisma.HubRecordWhereInput> {
  const and: Prisma.HubRecordWhereInput[] = [];
  if (q.status) and.push({ statusKey: q.status });
  if (q.updated_since) and.push({ updatedAt: { gte: new Date(q.updated_since) } });
  if (q.email) and.push({ emailKey: q.email.toLowerCase() });
  if (q.external_id) {
    const ref = await db.apiExternalRef.findUnique({ where: { workspaceId_object_externalId: { workspaceId, object, externalId: q.external_id } } });
    and.push({ id: ref?.recordId ?? "-none-" });
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    and.push({ OR: [{ updatedAt: { gt: c.u } }, { updatedAt: c.u, id: { gt: c.id } }] });
  }
  return { workspaceId, object, deletedAt: null, AND: and };
}

export async function listApiRecords(principal: ApiKeyPrincipal, object: RecordObject, query: ListQuery): Promise<{ data: ApiRecord[]; next_cursor: string | null }> {
  assertAllowed(principal, { role: "member", scope: recordScope(object, "read") }, "");
  const where = await recordWhere(principal.workspace.id, object, query);
  const rows = await db.hubRecord.findMany({
    where,
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    select: { id: true, version: true, createdAt: true, updatedAt: true, data: true },
  });
  const page = rows.slice(0, query.limit);
  const ext = await externalIdsOf(principal.workspace.id, object, page.map((r) => r.id));
  const last = page.at(-1);
  return {
    data: page.map((r) => toApiRecord(object, r, ext.get(r.id) ?? null)),
    next_cursor: rows.length > query.limit && last ? encodeCursor(last.updatedAt, last.id) : null,
  };
}

// ---------- writes

async function lockKeys(tx: Prisma.TransactionClient, keys: string[]): Promise<void> {
  for (const k of [...keys].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${k}, 0))`;
}

async function loadForApi(tx: Prisma.TransactionClient, workspaceId: string, object: RecordObject, id: string) {
  return tx.hubRecord.findFirst({ where: { id, workspaceId, object, deletedAt: null }, select: { id: true, version: true, createdAt: true, updatedAt: true, data: true } });
}

/**
 * Create, or update the record matched by external_id / match key. One transaction; the record-changed
 * event is sent after commit. Validation errors are AppErrors naming the field (details.fields).
 */
export async function upsertApiRecord(
  principal: ApiKeyPrincipal,
  object: RecordObject,
  input: { external_id?: string | undefined; fields: Record<string, unknown> },
): Promise<{ outcome: UpsertOutcome; record: ApiRecord }> {
  assertCanEditRecords(principal, object);
  const def = recordObjects[object];
  const workspaceId = principal.workspace.id;
  const patch = parseRecordPatch(def, input.fields); // validate before taking locks
  const cols = def.columns(patch);
  const matchKeys = [cols.emailKey && `email:${cols.emailKey}`, cols.numberKey && `number:${cols.numberKey}`].filter((k): k is string => !!k);
  const lockNames = [...(input.external_id ? [`ext:${input.external_id}`] : []), ...matchKeys].map((k) => `api-upsert:${workspaceId}:${object}:${k}`);

  const result = await db.$transaction(async (tx) => {
    await lockKeys(tx, lockNames);
    let recordId: string | null = null;
    let refExists = false;
    if (input.external_id) {
      const ref = await tx.apiExternalRef.findUnique({ where: { workspaceId_object_externalId: { workspaceId, object, externalId: input.external_id } } });
      if (ref && (await loadForApi(tx, workspaceId, object, ref.recordId))) {
        recordId = ref.recordId;
        refExists = true;
      } else if (ref) {
        await tx.apiExternalRef.delete({ where: { workspaceId_object_externalId: { workspaceId, object, externalId: input.external_id } } });
      }
    }
    if (!recordId && (cols.emailKey || cols.numberKey)) {
      const match = await tx.hubRecord.findFirst({
        where: { workspaceId, object, deletedAt: null, ...(cols.emailKey ? { emailKey: cols.emailKey } : { numberKey: cols.numberKey }) },
        orderBy: { createdAt: "asc" },
        select: { id: true },
      });
      recordId = match?.id ?? null;
    }
    if (!recordId) assertRequiredOnCreate(object, input.fields);
    const written = await writeRecordInTx(tx, {
      workspaceId,
      object,
      ...(recordId ? { recordId } : {}),
      fields: input.fields,
      source: principalSource(principal),
    });
    if (input.external_id && !refExists) {
      // the tenant's id now names this record (an id that named a record matched by e-mail moves here)
      await tx.apiExternalRef.deleteMany({ where: { workspaceId, object, recordId: written.recordId } });
      await tx.apiExternalRef.create({ data: { workspaceId, object, externalId: input.external_id, recordId: written.recordId } });
    }
    const row = await loadForApi(tx, workspaceId, object, written.recordId);
    if (!row) throw new AppError("INTERNAL", "The record vanished inside its own transaction");
    const ext = input.external_id ?? (await tx.apiExternalRef.findFirst({ where: { workspaceId, object, recordId: row.id }, select: { externalId: true } }))?.externalId ?? null;
    const outcome: UpsertOutcome = written.created ? "created" : written.changeId ? "updated" : "unchanged";
    return { outcome, changeId: written.changeId, record: toApiRecord(object, row, ext) };
  });
  if (result.changeId) await publishRecordChanges([result.changeId]);
  return { outcome: result.outcome, record: result.record };
}

export async function patchApiRecord(principal: ApiKeyPrincipal, object: RecordObject, id: string, fields: Record<string, unknown>): Promise<{ outcome: UpsertOutcome; record: ApiRecord }> {
  assertCanEditRecords(principal, object);
  const workspaceId = principal.workspace.id;
  const result = await db.$transaction(async (tx) => {
    const written = await writeRecordInTx(tx, { workspaceId, object, recordId: id, fields, source: principalSource(principal) });
    const row = await loadForApi(tx, workspaceId, object, written.recordId);
    if (!row) throw new AppError("NOT_FOUND", `This ${recordObjects[object].label.toLowerCase()} does not exist or was deleted`);
    const ref = await tx.apiExternalRef.findFirst({ where: { workspaceId, object, recordId: row.id }, select: { externalId: true } });
    return { outcome: (written.changeId ? "updated" : "unchanged") as UpsertOutcome, changeId: written.changeId, record: toApiRecord(object, row, ref?.externalId ?? null) };
  });
  if (result.changeId) await publishRecordChanges([result.changeId]);
  return { outcome: result.outcome, record: result.record };
}

export async function deleteApiRecord(principal: ApiKeyPrincipal, object: RecordObject, id: string): Promise<void> {
  await deleteRecord(principal, object, id);
  await db.apiExternalRef.deleteMany({ where: { workspaceId: principal.workspace.id, object, recordId: id } });
}
