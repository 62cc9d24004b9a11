// Salesforce REST (Lead and Contact sObjects) on top of lib/http, as raw records. Reads select every
// field describe reports; incremental pulls run SOQL on SystemModstamp (following nextRecordsUrl) and
// then ask getDeleted for deletions since the previous pass (30 days of history); batch writes use
// sObject Collections (200 per call). There is no upsert by e-mail: upsert finds by Email, then creates or
// updates (declared atomic: false). API-quota exhaustion is a 403 REQUEST_LIMIT_EXCEEDED.
import { z } from "zod";
import { checkpointCodec } from "@/lib/integrations/checkpoint-codec";
import { AppError } from "@/lib/errors/app-error";
import type { FailureInput, FailureKind } from "@/lib/http/classify-error";
import {
  chunk,
  type BatchItemResult,
  type ChangedPage,
  type FieldDescription,
  type FieldMap,
  type ObjectApi,
  type RawRecord,
} from "@/lib/integrations/object-contract";
import type { ConnectionContext, ProviderClient } from "@/lib/integrations/types";
import {
  describeFieldSchema,
  fieldsToSalesforce,
  salesforceDateToIso,
  salesforceFieldToDescription,
  salesforceRecordSchema,
  salesforceToRaw,
  soqlDateTime,
  soqlString,
  type SalesforceObject,
} from "@/lib/integrations/salesforce/map";
import type { SalesforceConfig, SalesforceCredentials } from "@/lib/integrations/salesforce/settings";

export const SALESFORCE_API_VERSION = "v62.0";
export const SALESFORCE_QUERY_MAX = 2000;
/** sObject Collections: 200 records per create / update / delete call, 2,000 ids per retrieve. */
export const SALESFORCE_COLLECTION_MAX = 200;
export const SALESFORCE_RETRIEVE_MAX = 2000;
/** getDeleted covers the last 30 days. */
export const SALESFORCE_DELETED_RETENTION_MS = 30 * 86_400_000;
/** A query locator (nextRecordsUrl) expires after 15 minutes without use. */
export const SALESFORCE_LOCATOR_TTL_MS = 15 * 60_000;

const queryResponseSchema = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(salesforceRecordSchema),
});

const saveResultSchema = z.object({
  id: z.string().nullable().optional(),
  success: z.boolean(),
  errors: z.array(z.object({ statusCode: z.string().optional(), message: z.string(), fields: z.array(z.string()).optional() }).passthrough()).default([]),
});

const deletedSchema = z.object({
  deletedRecords: z.array(z.object({ id: z.string(), deletedDate: z.string() })),
  earliestDateAvailable: z.string(),
  latestDateCovered: z.string(),
});

/** Salesforce's error array: [{ message, errorCode, fields? }]. */
export function salesforceClassifyError(input: FailureInput): FailureKind | undefined {
  const first = Array.isArray(input.json) ? (input.json[0] as { errorCode?: unknown } | undefined) : undefined;
  const code = typeof first?.errorCode === "string" ? first.errorCode : undefined;
  if (code === "REQUEST_LIMIT_EXCEEDED") return "rate_limited";
  if (code === "DUPLICATES_DETECTED" || code === "DUPLICATE_VALUE") return "duplicate";
  if (code === "INVALID_SESSION_ID") return "auth";
  if (code === "ENTITY_IS_DELETED") return "not_found";
  if (input.status === 300) return "duplicate";
  return undefined;
}

const checkpointSchema = z.object({
  v: z.literal(1),
  phase: z.enum(["items", "deleted"]),
  /** SystemModstamp lower bound (inclusive, ISO) of the current / next pass */
  since: z.string().nullable(),
  /** the highest SystemModstamp returned in this pass */
  maxSeen: z.string().nullable(),
  /** nextRecordsUrl of the running query */
  locator: z.string().nullable(),
  /** deletions since this instant (ISO) */
  delSince: z.string(),
  passStart: z.string().nullable(),
  firstPass: z.boolean(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

const { encode, decode } = checkpointCodec(checkpointSchema, { slug: "salesforce", name: "Salesforce" });

function saveError(r: z.infer<typeof saveResultSchema>): AppError {
  const first = r.errors[0];
  const code = first?.statusCode === "DUPLICATES_DETECTED" || first?.statusCode === "DUPLICATE_VALUE" ? "PROVIDER_DUPLICATE" : first?.statusCode === "ENTITY_IS_DELETED" ? "PROVIDER_NOT_FOUND" : "PROVIDER_VALIDATION";
  return new AppError(code, first?.message ?? "Salesforce refused the record.", { provider: "salesforce", providerError: r.errors });
}

export type SalesforceClient = ProviderClient & { objects: Record<SalesforceObject, Required<Omit<ObjectApi, "createField">>> };

export function createSalesforceClient(ctx: ConnectionContext<SalesforceConfig, SalesforceCredentials>): SalesforceClient {
  const call = ctx.request;
  const instanceUrl = ctx.baseUrl.replace(/\/services\/data\/v[\d.]+\/?$/, "");

  function api(object: SalesforceObject): Required<Omit<ObjectApi, "createField">> {
    let fieldNames: Promise<string[]> | null = null;
    const fields = (): Promise<string[]> => {
      fieldNames ??= describeFields()
        .then((all) => all.filter((f) => f.type !== "json").map((f) => f.key))
        .catch((err: unknown) => {
          fieldNames = null;
          throw err;
        });
      return fieldNames;
    };

    async function describeFields(): Promise<FieldDescription[]> {
      const res = await call({ url: `/sobjects/${object}/describe`, operation: `${object}.describe` });
      return res.parse(z.object({ fields: z.array(describeFieldSchema) })).fields.map(salesforceFieldToDescription);
    }

    async function get(id: string): Promise<RawRecord | null> {
      const res = await call({ url: `/sobjects/${object}/${encodeURIComponent(id)}`, query: { fields: (await fields()).join(",") }, accept: [404], operation: `${object}.get` });
      return res.status === 404 ? null : salesforceToRaw(res.parse(salesforceRecordSchema));
    }

    async function getMany(ids: readonly string[]): Promise<RawRecord[]> {
      const out: RawRecord[] = [];
      for (const part of chunk(ids, SALESFORCE_RETRIEVE_MAX)) {
        const res = await call({ method: "POST", url: `/composite/sobjects/${object}`, json: { ids: part, fields: await fields() }, operation: `${object}.retrieve` });
        for (const rec of res.parse(z.array(salesforceRecordSchema.nullable()))) if (rec) out.push(salesforceToRaw(rec));
      }
      return out;
    }

    async function query(soql: string, batchSize?: number) {
      const res = await call({
        url: "/query",
        query: { q: soql },
        ...(batchSize ? { headers: { "sforce-query-options": `batchSize=${batchSize}` } } : {}),
        operation: `${object}.query`,
      });
      return res.parse(queryResponseSchema);
    }

    async function queryMore(locator: string) {
      const res = await call({ url: `${instanceUrl}${locator}`, operation: `${object}.queryMore` });
      return res.parse(queryResponseSchema);
    }

    const batchSizeFor = (limit?: number) => (limit ? Math.min(Math.max(limit, 200), SALESFORCE_QUERY_MAX) : undefined);

    async function findByEmails(emails: readonly string[]): Promise<Map<string, RawRecord>> {
      const out = new Map<string, RawRecord>();
      for (const part of chunk([...new Set(emails)], SALESFORCE_COLLECTION_MAX)) {
        let page = await query(`SELECT ${(await fields()).join(",")} FROM ${object} WHERE Email IN (${part.map(soqlString).join(",")}) ORDER BY SystemModstamp DESC`);
        for (;;) {
          for (const r of page.records) {
            const email = typeof r.Email === "string" ? r.Email.toLowerCase() : "";
            if (email && !out.has(email)) out.set(email, salesforceToRaw(r));
          }
          if (page.done || !page.nextRecordsUrl) break;
          page = await queryMore(page.nextRecordsUrl);
        }
      }
      return out;
    }

    /** Collections save: results in input order; successes read back in one retrieve. */
    async function saveMany(method: "POST" | "PATCH", records: readonly Record<string, unknown>[], offset: number, created: boolean): Promise<BatchItemResult[]> {
      const res = await call({ method, url: "/composite/sobjects", json: { allOrNone: false, records: records.map((r) => ({ attributes: { type: object }, ...r })) }, operation: `${object}.${method === "POST" ? "createMany" : "updateMany"}` });
      const results = res.parse(z.array(saveResultSchema));
      const ids = results.filter((r) => r.success && r.id).map((r) => r.id!);
      const byId = new Map((await getMany(ids)).map((r) => [r.externalId, r]));
      return results.map((r, i): BatchItemResult => {
        const rec = r.success && r.id ? byId.get(r.id) : undefined;
        if (rec) return { index: offset + i, ok: true, record: rec, created };
        return { index: offset + i, ok: false, error: r.success ? new AppError("PROVIDER_ERROR", `Salesforce saved ${object} ${r.id ?? ""} but cannot read it back.`, { provider: "salesforce" }) : saveError(r) };
      });
    }

    async function createMany(inputs: readonly FieldMap[]): Promise<BatchItemResult[]> {
      const out: BatchItemResult[] = [];
      for (const [n, part] of chunk(inputs, SALESFORCE_COLLECTION_MAX).entries()) out.push(...(await saveMany("POST", part.map(fieldsToSalesforce), n * SALESFORCE_COLLECTION_MAX, true)));
      return out;
    }

    async function updateMany(inputs: readonly { externalId: string; fields: FieldMap }[]): Promise<BatchItemResult[]> {
      const out: BatchItemResult[] = [];
      for (const [n, part] of chunk(inputs, SALESFORCE_COLLECTION_MAX).entries()) {
        out.push(...(await saveMany("PATCH", part.map((p) => ({ ...fieldsToSalesforce(p.fields), id: p.externalId })), n * SALESFORCE_COLLECTION_MAX, false)));
      }
      return out;
    }

    async function listChanged({ checkpoint, limit }: { checkpoint: string | null; limit?: number }): Promise<ChangedPage> {
      const now = ctx.now();
      let c: Checkpoint = checkpoint
        ? decode(checkpoint)
        : { v: 1, phase: "items", since: null, maxSeen: null, locator: null, delSince: now.toISOString(), passStart: null, firstPass: true };
      if (!c.firstPass && Date.parse(c.delSince) < now.getTime() - SALESFORCE_DELETED_RETENTION_MS) {
        throw new AppError("CHECKPOINT_EXPIRED", "The Salesforce checkpoint is older than the 30 days getDeleted covers; run a full resync.", { provider: "salesforce" });
      }
      c = { ...c, passStart: c.passStart ?? now.toISOString() };
      const expiry = (cp: Checkpoint) =>
        new Date(Math.min(Date.parse(cp.delSince) + SALESFORCE_DELETED_RETENTION_MS, cp.locator ? now.getTime() + SALESFORCE_LOCATOR_TTL_MS : Infinity)).toISOString();

      if (c.phase === "items") {
        const where = c.since ? ` WHERE SystemModstamp >= ${soqlDateTime(c.since)}` : "";
        const page = c.locator ? await queryMore(c.locator) : await query(`SELECT ${(await fields()).join(",")} FROM ${object}${where} ORDER BY SystemModstamp ASC, Id ASC`, batchSizeFor(limit));
        const items = page.records.map(salesforceToRaw);
        const maxSeen = items.reduce<string | null>((m, r) => (r.remoteUpdatedAt && (!m || r.remoteUpdatedAt > m) ? r.remoteUpdatedAt : m), c.maxSeen);
        if (!page.done && page.nextRecordsUrl) {
          const next: Checkpoint = { ...c, maxSeen, locator: page.nextRecordsUrl };
          return { items, deleted: [], checkpoint: encode(next), hasMore: true, checkpointExpiresAt: expiry(next) };
        }
        // The next pass starts at the newest stamp seen (inclusive: the boundary records come again, harmlessly).
        const nextSince = maxSeen ?? c.since;
        if (c.firstPass) {
          const end: Checkpoint = { ...c, since: nextSince, maxSeen: null, locator: null, delSince: c.passStart ?? now.toISOString(), passStart: null, firstPass: false };
          return { items, deleted: [], checkpoint: encode(end), hasMore: false, checkpointExpiresAt: expiry(end) };
        }
        const del: Checkpoint = { ...c, phase: "deleted", since: nextSince, maxSeen: null, locator: null };
        return { items, deleted: [], checkpoint: encode(del), hasMore: true, checkpointExpiresAt: expiry(del) };
      }

      // getDeleted works in whole minutes: start is rounded down, so a deletion may be reported twice.
      const start = new Date(Math.floor(Date.parse(c.delSince) / 60_000) * 60_000).toISOString();
      const res = await call({ url: `/sobjects/${object}/deleted/`, query: { start, end: now.toISOString() }, operation: `${object}.getDeleted` });
      const body = res.parse(deletedSchema);
      const deleted = body.deletedRecords.map((d) => ({ externalId: d.id, deletedAt: salesforceDateToIso(d.deletedDate) }));
      // The next pass asks from the last minute this answer covered (deletions in the current minute come next time).
      const end: Checkpoint = { ...c, phase: "items", delSince: salesforceDateToIso(body.latestDateCovered) ?? c.delSince, passStart: null };
      return { items: [], deleted, checkpoint: encode(end), hasMore: false, checkpointExpiresAt: expiry(end) };
    }

    const objectApi: Required<Omit<ObjectApi, "createField">> = {
      get,
      getMany,
      async listAll({ cursor, limit }) {
        const page = cursor ? await queryMore(cursor) : await query(`SELECT ${(await fields()).join(",")} FROM ${object} ORDER BY Id ASC`, batchSizeFor(limit));
        return { items: page.records.map(salesforceToRaw), nextCursor: page.done ? null : (page.nextRecordsUrl ?? null) };
      },
      listChanged,
      async create(input) {
        const res = await call({ method: "POST", url: `/sobjects/${object}`, json: fieldsToSalesforce(input), operation: `${object}.create` });
        const created = res.parse(saveResultSchema);
        const rec = created.id ? await get(created.id) : null;
        if (!rec) throw new AppError("PROVIDER_ERROR", `Salesforce created ${object} ${created.id ?? ""} but cannot read it back.`, { provider: "salesforce" });
        return rec;
      },
      createMany,
      async update(id, input) {
        await call({ method: "PATCH", url: `/sobjects/${object}/${encodeURIComponent(id)}`, json: fieldsToSalesforce(input), operation: `${object}.update` });
        const rec = await get(id);
        if (!rec) throw new AppError("PROVIDER_NOT_FOUND", `Salesforce ${object} ${id} disappeared after the update.`, { provider: "salesforce" });
        return rec;
      },
      updateMany,
      async upsert(input) {
        const [result] = await objectApi.upsertMany([input]);
        if (!result) throw new AppError("PROVIDER_ERROR", "Salesforce upsert returned no result.", { provider: "salesforce" });
        if (!result.ok) throw result.error;
        return { record: result.record, created: result.created === true };
      },
      async upsertMany(inputs) {
        const emails = inputs.map((f) => (typeof f.Email === "string" ? f.Email.trim().toLowerCase() : ""));
        const existing = await findByEmails(emails.filter(Boolean));
        const results: BatchItemResult[] = [];
        const toCreate: number[] = [];
        const toUpdate: number[] = [];
        emails.forEach((e, i) => {
          if (!e) results.push({ index: i, ok: false, error: new AppError("PROVIDER_VALIDATION", "A Salesforce upsert needs the Email it matches on.", { provider: "salesforce", field: "Email" }) });
          else if (existing.has(e)) toUpdate.push(i);
          else toCreate.push(i);
        });
        const created = await createMany(toCreate.map((i) => inputs[i]!));
        created.forEach((r) => results.push({ ...r, index: toCreate[r.index]! }));
        const updated = await updateMany(toUpdate.map((i) => ({ externalId: existing.get(emails[i]!)!.externalId, fields: inputs[i]! })));
        updated.forEach((r) => results.push({ ...r, index: toUpdate[r.index]! }));
        return results.sort((a, b) => a.index - b.index);
      },
      async delete(id) {
        await call({ method: "DELETE", url: `/sobjects/${object}/${encodeURIComponent(id)}`, accept: [404], operation: `${object}.delete` });
      },
      async deleteMany(ids) {
        for (const part of chunk(ids, SALESFORCE_COLLECTION_MAX)) {
          await call({ method: "DELETE", url: "/composite/sobjects", query: { ids: part.join(","), allOrNone: false }, operation: `${object}.deleteMany` });
        }
      },
      describeFields,
    };
    return objectApi;
  }

  return {
    objects: { Lead: api("Lead"), Contact: api("Contact") },
    async verifyCredentials() {
      // The identity URL from the token response (metadata.id) names the org and user; userinfo otherwise.
      const identity = ctx.metadata.id;
      const res = await call({ url: identity && /^https?:\/\//.test(identity) ? identity : `${instanceUrl}/services/oauth2/userinfo`, operation: "verify" });
      const info = res.parse(z.object({ organization_id: z.string(), user_id: z.string(), display_name: z.string().optional(), name: z.string().optional() }).passthrough());
      const name = info.display_name ?? info.name;
      return { accountId: info.organization_id, ...(name ? { accountName: name } : {}), metadata: { organization_id: info.organization_id } };
    },
  };
}
