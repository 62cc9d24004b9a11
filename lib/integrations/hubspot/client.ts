// HubSpot CRM v3 contacts on top of lib/http, as raw records. Every call goes through ctx.request (the
// definition's auth header, token redaction). Incremental pulls use the search API on lastmodifieddate
// with keyset paging: each page starts again at the last timestamp seen (skipping the records already
// returned at it), so no query ever pages toward the 10,000-result search cap; archived contacts since
// the previous pass are the deletions.
import { z } from "zod";
import { checkpointCodec } from "@/lib/integrations/checkpoint-codec";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import {
  chunk,
  type BatchItemResult,
  type ChangedPage,
  type DeletedRecord,
  type FieldDescription,
  type ObjectApi,
  type RawRecord,
} from "@/lib/integrations/object-contract";
import type { ConnectionContext, ProviderClient } from "@/lib/integrations/types";
import {
  HUBSPOT_BASE_PROPERTIES,
  fieldsToHubspotProperties,
  hubspotObjectSchema,
  hubspotPropertySchema,
  hubspotPropertyToField,
  hubspotToRaw,
  newHubspotProperty,
} from "@/lib/integrations/hubspot/map";
import type { HubspotConfig, HubspotCredentials } from "@/lib/integrations/hubspot/settings";

export const HUBSPOT_SEARCH_CAP = 10_000;
export const HUBSPOT_SEARCH_MAX_LIMIT = 200;
export const HUBSPOT_LIST_MAX_LIMIT = 100;
export const HUBSPOT_BATCH_MAX = 100;
/** Archived (deleted) records stay listable for 90 days; a checkpoint older than that cannot report deletions. */
export const HUBSPOT_ARCHIVE_RETENTION_MS = 90 * 86_400_000;

const OBJECT = "contacts";

const searchResponseSchema = z.object({
  total: z.number(),
  results: z.array(hubspotObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

const listResponseSchema = z.object({
  results: z.array(hubspotObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

const batchErrorSchema = z
  .object({
    status: z.string().optional(),
    category: z.string().optional(),
    message: z.string(),
    context: z.record(z.string(), z.array(z.string())).optional(),
  })
  .passthrough();

const batchResponseSchema = z.object({
  status: z.string(),
  results: z.array(hubspotObjectSchema.extend({ new: z.boolean().optional(), objectWriteTraceId: z.string().optional() })),
  errors: z.array(batchErrorSchema).optional(),
  numErrors: z.number().optional(),
});
type BatchResponse = z.infer<typeof batchResponseSchema>;

/** The listChanged checkpoint: where the keyset walk stands and since when deletions are reported. */
const checkpointSchema = z.object({
  v: z.literal(1),
  phase: z.enum(["items", "deleted"]),
  /** lastmodifieddate (epoch ms) of the last record returned */
  lo: z.number(),
  /** ids already returned whose lastmodifieddate is exactly `lo` (dropped when the next query returns them again) */
  seen: z.array(z.string()),
  /** archived records since this instant (epoch ms) are reported as deleted */
  delSince: z.number(),
  /** paging cursor within the archived listing */
  delAfter: z.string().nullable(),
  /** when the current pass started (null between passes); becomes the next delSince */
  passStart: z.number().nullable(),
  /** the first pass reports no deletions (there is nothing to delete yet) */
  firstPass: z.boolean(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

const { encode, decode } = checkpointCodec(checkpointSchema, { slug: "hubspot", name: "HubSpot" });

const tsOf = (r: RawRecord): number => (r.remoteUpdatedAt ? Date.parse(r.remoteUpdatedAt) : 0);

export type HubspotClient = ProviderClient & { objects: { contacts: Required<ObjectApi> } };

export function createHubspotClient(ctx: ConnectionContext<HubspotConfig, HubspotCredentials>): HubspotClient {
  const call = (req: HttpRequest): Promise<HttpResponse> => ctx.request(req);

  // The portal's property names (standard + custom), read once per client: HubSpot returns only the
  // properties a request names, and raw records carry all of them.
  let propertyNames: Promise<string[]> | null = null;
  const properties = (): Promise<string[]> => {
    propertyNames ??= describeFields()
      .then((fields) => [...new Set([...HUBSPOT_BASE_PROPERTIES, ...fields.map((f) => f.key)])])
      .catch((err: unknown) => {
        propertyNames = null;
        throw err;
      });
    return propertyNames;
  };

  async function describeFields(): Promise<FieldDescription[]> {
    const res = await call({ url: `/crm/v3/properties/${OBJECT}`, operation: "properties.list" });
    const body = res.parse(z.object({ results: z.array(hubspotPropertySchema) }));
    return body.results.filter((p) => p.hidden !== true).map(hubspotPropertyToField);
  }

  async function get(id: string): Promise<RawRecord | null> {
    const res = await call({ url: `/crm/v3/objects/${OBJECT}/${encodeURIComponent(id)}`, query: { properties: (await properties()).join(",") }, accept: [404], operation: "contacts.get" });
    return res.status === 404 ? null : hubspotToRaw(res.parse(hubspotObjectSchema));
  }

  async function batch(op: "create" | "read" | "update" | "upsert", body: Record<string, unknown>): Promise<BatchResponse> {
    const res = await call({ method: "POST", url: `/crm/v3/objects/${OBJECT}/batch/${op}`, json: body, accept: [207], operation: `contacts.batch.${op}` });
    return res.parse(batchResponseSchema);
  }

  /** Per-input outcome of a batch by a key each input and each result carry (trace id, id, e-mail). */
  function outcomes(body: BatchResponse, keys: readonly string[], keyOf: (r: BatchResponse["results"][number]) => string | undefined, missing: (key: string) => AppError): BatchItemResult[] {
    const byKey = new Map(body.results.map((r) => [keyOf(r), r]));
    const errorFor = (key: string): AppError | null => {
      const e = body.errors?.find((x) => Object.values(x.context ?? {}).some((vals) => vals.includes(key)));
      return e ? new AppError(e.category === "OBJECT_NOT_FOUND" ? "PROVIDER_NOT_FOUND" : "PROVIDER_VALIDATION", e.message, { provider: "hubspot", providerError: e }) : null;
    };
    return keys.map((key, index): BatchItemResult => {
      const hit = byKey.get(key);
      if (hit) return { index, ok: true, record: hubspotToRaw(hit), ...(hit.new === undefined ? {} : { created: hit.new }) };
      return { index, ok: false, error: errorFor(key) ?? missing(key) };
    });
  }

  /** A whole batch refused (400/409): every input gets that error. */
  async function settle(inputs: number, run: () => Promise<BatchItemResult[]>, offset: number): Promise<BatchItemResult[]> {
    try {
      return (await run()).map((r) => ({ ...r, index: r.index + offset }));
    } catch (err) {
      if (!isAppError(err) || err.code === "RATE_LIMITED" || err.code === "PROVIDER_UNAVAILABLE" || err.code === "INVALID_CREDENTIALS") throw err;
      return Array.from({ length: inputs }, (_, i) => ({ index: offset + i, ok: false as const, error: err }));
    }
  }

  async function search(lo: number, after: number, limit: number, props: readonly string[]) {
    const res = await call({
      method: "POST",
      url: `/crm/v3/objects/${OBJECT}/search`,
      json: {
        filterGroups: [{ filters: [{ propertyName: "lastmodifieddate", operator: "GTE", value: String(lo) }] }],
        sorts: [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }],
        properties: props,
        limit,
        ...(after > 0 ? { after: String(after) } : {}),
      },
      operation: "contacts.search",
    });
    return res.parse(searchResponseSchema);
  }

  async function listChanged({ checkpoint, limit }: { checkpoint: string | null; limit?: number }): Promise<ChangedPage> {
    const now = ctx.now().getTime();
    const pageSize = Math.min(Math.max(limit ?? HUBSPOT_SEARCH_MAX_LIMIT, 1), HUBSPOT_SEARCH_MAX_LIMIT);
    let c: Checkpoint = checkpoint
      ? decode(checkpoint)
      : { v: 1, phase: "items", lo: 0, seen: [], delSince: now, delAfter: null, passStart: null, firstPass: true };
    if (!c.firstPass && c.delSince < now - HUBSPOT_ARCHIVE_RETENTION_MS) {
      throw new AppError("CHECKPOINT_EXPIRED", "The HubSpot checkpoint is older than the 90 days HubSpot keeps deleted contacts; run a full resync.", { provider: "hubspot" });
    }
    c = { ...c, passStart: c.passStart ?? now };
    const expiresAt = (cp: Checkpoint) => new Date(cp.delSince + HUBSPOT_ARCHIVE_RETENTION_MS).toISOString();

    if (c.phase === "items") {
      // Keyset: everything modified at or after `lo`, minus what was already returned at `lo`. Ids (not an
      // offset) mark what was returned, so a record deleted or changed meanwhile cannot shift the page.
      const seen = new Set(c.seen);
      const props = await properties();
      let items: RawRecord[] = [];
      let more = false;
      for (let after = 0; ; ) {
        const result = await search(c.lo, after, pageSize, props);
        const page = result.results.map(hubspotToRaw);
        more = result.paging?.next !== undefined && page.length === pageSize;
        items = page.filter((r) => !(tsOf(r) === c.lo && seen.has(r.externalId)));
        // A full page made only of records already returned (many share one millisecond): look further.
        if (items.length === 0 && more) {
          after += page.length;
          continue;
        }
        break;
      }
      let next: Checkpoint = c;
      const last = items.at(-1);
      if (last) {
        const lastTs = tsOf(last);
        const atLast = items.filter((r) => tsOf(r) === lastTs).map((r) => r.externalId);
        next = { ...c, lo: lastTs, seen: lastTs === c.lo ? [...c.seen, ...atLast] : atLast };
      }
      const itemsDone = !more;
      if (!itemsDone) return { items, deleted: [], checkpoint: encode(next), hasMore: true, checkpointExpiresAt: expiresAt(next) };
      if (next.firstPass) {
        const end: Checkpoint = { ...next, phase: "items", delSince: next.passStart ?? now, delAfter: null, passStart: null, firstPass: false };
        return { items, deleted: [], checkpoint: encode(end), hasMore: false, checkpointExpiresAt: expiresAt(end) };
      }
      const del: Checkpoint = { ...next, phase: "deleted", delAfter: null };
      return { items, deleted: [], checkpoint: encode(del), hasMore: true, checkpointExpiresAt: expiresAt(del) };
    }

    // Deletions: the archived listing, oldest id first, filtered to what was archived since delSince.
    const res = await call({
      url: `/crm/v3/objects/${OBJECT}`,
      query: { archived: true, limit: HUBSPOT_LIST_MAX_LIMIT, properties: "lastmodifieddate", ...(c.delAfter ? { after: c.delAfter } : {}) },
      operation: "contacts.listArchived",
    });
    const body = res.parse(listResponseSchema);
    const deleted: DeletedRecord[] = body.results
      .filter((o) => o.archivedAt !== undefined && Date.parse(o.archivedAt) >= c.delSince)
      .map((o) => ({ externalId: o.id, deletedAt: o.archivedAt ?? null }));
    const nextAfter = body.paging?.next?.after ?? null;
    if (nextAfter) {
      const more: Checkpoint = { ...c, delAfter: nextAfter };
      return { items: [], deleted, checkpoint: encode(more), hasMore: true, checkpointExpiresAt: expiresAt(more) };
    }
    const end: Checkpoint = { ...c, phase: "items", delSince: c.passStart ?? now, delAfter: null, passStart: null };
    return { items: [], deleted, checkpoint: encode(end), hasMore: false, checkpointExpiresAt: expiresAt(end) };
  }

  const contacts: HubspotClient["objects"]["contacts"] = {
    get,

    async getMany(ids) {
      const props = await properties();
      const out: RawRecord[] = [];
      for (const part of chunk(ids, HUBSPOT_BATCH_MAX)) {
        const body = await batch("read", { properties: props, inputs: part.map((id) => ({ id })) });
        out.push(...body.results.map(hubspotToRaw));
      }
      return out;
    },

    async listAll({ cursor, limit }) {
      const res = await call({
        url: `/crm/v3/objects/${OBJECT}`,
        query: { limit: Math.min(Math.max(limit ?? HUBSPOT_LIST_MAX_LIMIT, 1), HUBSPOT_LIST_MAX_LIMIT), properties: (await properties()).join(","), ...(cursor ? { after: cursor } : {}) },
        operation: "contacts.list",
      });
      const body = res.parse(listResponseSchema);
      return { items: body.results.map(hubspotToRaw), nextCursor: body.paging?.next?.after ?? null };
    },

    listChanged,

    async create(fields) {
      try {
        const res = await call({ method: "POST", url: `/crm/v3/objects/${OBJECT}`, json: { properties: fieldsToHubspotProperties(fields) }, operation: "contacts.create" });
        return hubspotToRaw(res.parse(hubspotObjectSchema));
      } catch (err) {
        throw withExistingId(err);
      }
    },

    async createMany(inputs) {
      const out: BatchItemResult[] = [];
      for (const [n, part] of chunk(inputs, HUBSPOT_BATCH_MAX).entries()) {
        const traces = part.map((_, i) => String(i));
        const run = async () =>
          outcomes(
            await batch("create", { inputs: part.map((fields, i) => ({ properties: fieldsToHubspotProperties(fields), objectWriteTraceId: traces[i] })) }),
            traces,
            (r) => r.objectWriteTraceId,
            () => new AppError("PROVIDER_ERROR", "HubSpot returned no result for this input.", { provider: "hubspot" }),
          );
        out.push(...(await settle(part.length, run, n * HUBSPOT_BATCH_MAX)));
      }
      return out;
    },

    async update(externalId, fields) {
      const res = await call({
        method: "PATCH",
        url: `/crm/v3/objects/${OBJECT}/${encodeURIComponent(externalId)}`,
        json: { properties: fieldsToHubspotProperties(fields) },
        operation: "contacts.update",
      });
      return hubspotToRaw(res.parse(hubspotObjectSchema));
    },

    async updateMany(inputs) {
      const out: BatchItemResult[] = [];
      for (const [n, part] of chunk(inputs, HUBSPOT_BATCH_MAX).entries()) {
        const ids = part.map((p) => p.externalId);
        const run = async () =>
          outcomes(
            await batch("update", { inputs: part.map((p) => ({ id: p.externalId, properties: fieldsToHubspotProperties(p.fields) })) }),
            ids,
            (r) => r.id,
            (id) => new AppError("PROVIDER_NOT_FOUND", `HubSpot has no contact ${id}.`, { provider: "hubspot" }),
          );
        out.push(...(await settle(part.length, run, n * HUBSPOT_BATCH_MAX)));
      }
      return out;
    },

    async upsert(fields) {
      const [result] = await contacts.upsertMany([fields]);
      if (!result) throw new AppError("PROVIDER_ERROR", "HubSpot batch upsert returned no result.", { provider: "hubspot" });
      if (!result.ok) throw result.error;
      return { record: result.record, created: result.created === true };
    },

    async upsertMany(inputs) {
      const out: BatchItemResult[] = [];
      for (const [n, part] of chunk(inputs, HUBSPOT_BATCH_MAX).entries()) {
        const base = n * HUBSPOT_BATCH_MAX;
        const emails = part.map((f) => (typeof f.email === "string" ? f.email.trim().toLowerCase() : ""));
        const results = new Map<number, BatchItemResult>();
        const valid: number[] = [];
        emails.forEach((e, i) => {
          if (e) valid.push(i);
          else results.set(i, { index: base + i, ok: false, error: new AppError("PROVIDER_VALIDATION", "A HubSpot upsert needs the e-mail address it matches on.", { provider: "hubspot", field: "email" }) });
        });
        if (valid.length) {
          const keys = valid.map((i) => emails[i]!);
          // Batch results are not guaranteed in input order: they are matched back by e-mail.
          const run = async () =>
            outcomes(
              await batch("upsert", { inputs: valid.map((i) => ({ idProperty: "email", id: emails[i], properties: fieldsToHubspotProperties(part[i]!) })) }),
              keys,
              (r) => r.properties.email?.toLowerCase(),
              () => new AppError("PROVIDER_ERROR", "HubSpot returned no result for this input.", { provider: "hubspot" }),
            );
          for (const r of await settle(valid.length, run, 0)) {
            const i = valid[r.index]!;
            results.set(i, { ...r, index: base + i });
          }
        }
        out.push(...part.map((_, i) => results.get(i)!));
      }
      return out;
    },

    async delete(externalId) {
      await call({ method: "DELETE", url: `/crm/v3/objects/${OBJECT}/${encodeURIComponent(externalId)}`, accept: [404], operation: "contacts.delete" });
    },

    async deleteMany(ids) {
      for (const part of chunk(ids, HUBSPOT_BATCH_MAX)) {
        await call({ method: "POST", url: `/crm/v3/objects/${OBJECT}/batch/archive`, json: { inputs: part.map((id) => ({ id })) }, operation: "contacts.batch.archive" });
      }
    },

    describeFields,

    async createField(input) {
      const res = await call({ method: "POST", url: `/crm/v3/properties/${OBJECT}`, json: newHubspotProperty(input), operation: "properties.create" });
      propertyNames = null;
      return hubspotPropertyToField(res.parse(hubspotPropertySchema));
    },
  };

  return {
    objects: { contacts },
    async verifyCredentials() {
      if (ctx.authKind === "oauth2") {
        const token = await ctx.auth.getAccessToken();
        const http = ctx.http.with({ baseUrl: ctx.baseUrl, secrets: () => [...(ctx.http.options.secrets?.() ?? []), token] });
        const res = await http.request({ url: `/oauth/v1/access-tokens/${encodeURIComponent(token)}`, operation: "verify" });
        const info = res.parse(z.object({ hub_id: z.coerce.string(), hub_domain: z.string().optional(), user: z.string().optional() }).passthrough());
        return { accountId: info.hub_id, ...(info.hub_domain ? { accountName: info.hub_domain } : {}), metadata: { hub_id: info.hub_id } };
      }
      const res = await call({ url: "/account-info/v3/details", operation: "verify" });
      const info = res.parse(z.object({ portalId: z.coerce.string(), uiDomain: z.string().optional() }).passthrough());
      return { accountId: info.portalId, ...(info.uiDomain ? { accountName: info.uiDomain } : {}), metadata: { hub_id: info.portalId } };
    },
  };
}

/** HubSpot's 409 names the existing contact ("Existing ID: 123"); keep it for the push layer to link. */
function withExistingId(err: unknown): unknown {
  if (!isAppError(err) || err.code !== "PROVIDER_DUPLICATE") return err;
  const body = err.details?.providerError as { message?: unknown } | undefined;
  const m = typeof body?.message === "string" ? /Existing ID:\s*(\d+)/.exec(body.message) : null;
  if (!m) return err;
  return new AppError(err.code, err.message, { ...err.details, existingExternalId: m[1] }, { cause: err });
}

/**
 * App-level webhook configuration (HubSpot webhooks belong to the app, authenticated with the developer
 * API key): set the target URL and subscribe to contact events.
 */
export async function configureHubspotAppWebhooks(
  ctx: Pick<ConnectionContext, "http" | "baseUrl">,
  input: { appId: string; developerApiKey: string; targetUrl: string; properties: readonly string[] },
): Promise<void> {
  const http = ctx.http.with({ baseUrl: ctx.baseUrl, secrets: () => [input.developerApiKey] });
  await http.request({
    method: "PUT",
    url: `/webhooks/v3/${input.appId}/settings`,
    query: { hapikey: input.developerApiKey },
    json: { targetUrl: input.targetUrl, throttling: { maxConcurrentRequests: 10 } },
    operation: "webhooks.settings",
  });
  const subs = [
    { eventType: "contact.creation", active: true },
    { eventType: "contact.deletion", active: true },
    ...input.properties.map((propertyName) => ({ eventType: "contact.propertyChange", propertyName, active: true })),
  ];
  for (const sub of subs) {
    await http.request({ method: "POST", url: `/webhooks/v3/${input.appId}/subscriptions`, query: { hapikey: input.developerApiKey }, json: sub, operation: "webhooks.subscribe" });
  }
}

