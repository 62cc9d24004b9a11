// A faithful fake of Salesforce's REST API for Lead and Contact (sObject CRUD, SOQL query with
// nextRecordsUrl paging, error arrays, Sforce-Limit-Info, 403 REQUEST_LIMIT_EXCEEDED), its OAuth 2.0
// web-server flow (instance_url in the token response) and Outbound Messages, at /sandbox/salesforce.
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { fakePerson, pastDate } from "@/lib/integrations/sandbox/fake-people";
import { authenticateBearer, handleAuthorize, handleToken, revokeToken } from "@/lib/integrations/sandbox/oauth";
import { createRecord, deleteRecord, getRecord, listRecords, nextExternalId, updateRecord } from "@/lib/integrations/sandbox/record-store";
import type {
  ProviderSandbox,
  RenderedDelivery,
  SandboxAccount,
  SandboxChange,
  SandboxContext,
  SandboxData,
  SandboxObjectSpec,
  SandboxOAuthApp,
  StoredRecord,
} from "@/lib/integrations/sandbox/sandbox-types";
import { countRequest, json, readJson, serveApi, withHeaders, type ApiRoute } from "@/lib/integrations/sandbox/serve-api";
import { LEAD_STATUS_VALUES } from "@/lib/integrations/salesforce/map";
import { evaluate, parseSoql, SoqlError } from "@/lib/integrations/salesforce/soql";
import { OUTBOUND_NS } from "@/lib/integrations/salesforce/webhook";
import { describe, fieldNames, LEAD_SOURCES, SYSTEM_FIELD_NAMES } from "@/lib/integrations/salesforce/sandbox-describe";

const DAILY_LIMIT = 100_000;
const SESSION_SECONDS = 7200;
const OBJECTS = ["Lead", "Contact"] as const;
type Obj = (typeof OBJECTS)[number];
const SYSTEM_FIELDS = SYSTEM_FIELD_NAMES;
const OWNER_IDS = ["005Sb00000AbCdEAAV", "005Sb00000AbCdFAAV", "005Sb00000AbCdGAAV"] as const;
const ACCOUNT_IDS = ["001Sb00000Xy0001AAA", "001Sb00000Xy0002AAA", "001Sb00000Xy0003AAA"] as const;

// ---------------------------------------------------------------------------------------------------
// Errors: always a JSON array of { message, errorCode, fields? }

const sfError = (status: number, errorCode: string, message: string, fields?: string[]) =>
  json([{ message, errorCode, ...(fields ? { fields } : {}) }], status);
const notFound = () => sfError(404, "NOT_FOUND", "The requested resource does not exist");

const faults: ProviderSandbox["faults"] = {
  // Salesforce core REST signals an exhausted API quota with 403, not 429, and sends no Retry-After.
  rateLimited: () => sfError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
  serverError: () =>
    sfError(500, "UNKNOWN_EXCEPTION", `An unexpected error occurred. Please include this ErrorId if you contact support: ${randomBytes(4).toString("hex")}-${randomBytes(2).toString("hex")} (-1${Math.floor(Math.random() * 1e8)})`),
};

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Salesforce datetime format: 2024-06-01T12:00:00.000+0000 */
export function sfDate(d: Date): string {
  return d.toISOString().replace("Z", "+0000");
}

const isObj = (s: string): s is Obj => (OBJECTS as readonly string[]).includes(s);

function idFor(object: Obj, n: number): string {
  return `${object === "Lead" ? "00Q" : "003"}Sb${String(n).padStart(10, "0")}AAA`;
}

function toApi(rec: StoredRecord, object: Obj, version: string, names: readonly string[]): Record<string, unknown> {
  const data = rec.data;
  const out: Record<string, unknown> = { attributes: { type: object, url: `/services/data/${version}/sobjects/${object}/${rec.externalId}` } };
  for (const f of names) out[f] = f === "IsDeleted" ? rec.deleted : (data[f] ?? null);
  return out;
}

function validate(account: SandboxAccount, object: Obj, body: unknown, mode: "create" | "update"): { ok: true; fields: Record<string, unknown> } | { ok: false; res: Response } {
  const known = fieldNames(account, object);
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, res: sfError(400, "JSON_PARSER_ERROR", "Unexpected character: was expecting a JSON object") };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (!known.has(k)) return { ok: false, res: sfError(400, "INVALID_FIELD", `No such column '${k}' on sobject of type ${object}`) };
    if (SYSTEM_FIELDS.has(k)) return { ok: false, res: sfError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", `Unable to create/update fields: ${k}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [k]) };
    if (k === "Email" && v !== null && v !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(v))) {
      return { ok: false, res: sfError(400, "INVALID_EMAIL_ADDRESS", `Email: invalid email address: ${String(v)}`, ["Email"]) };
    }
    if (k === "Status" && v !== null && !(LEAD_STATUS_VALUES as readonly string[]).includes(String(v))) {
      return { ok: false, res: sfError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `Lead Status: bad value for restricted picklist field: ${String(v)}`, ["Status"]) };
    }
    out[k] = v === "" ? null : v;
  }
  if (mode === "create") {
    const missing = (object === "Lead" ? ["LastName", "Company"] : ["LastName"]).filter((f) => !out[f]);
    if (missing.length) return { ok: false, res: sfError(400, "REQUIRED_FIELD_MISSING", `Required fields are missing: [${missing.join(", ")}]`, missing) };
  }
  return { ok: true, fields: out };
}

function duplicateDetected(object: Obj, existingId: string, version: string): Response {
  const message = "You're creating a duplicate record. We recommend you use an existing record instead.";
  return json(
    [
      {
        // Salesforce's real key is misspelled "duplicateResut".
        duplicateResut: {
          allowSave: false,
          duplicateRule: `Standard_${object}_Duplicate_Rule`,
          duplicateRuleEntityType: object,
          errorMessage: message,
          matchResults: [
            {
              entityType: object,
              errors: [],
              matchEngine: "FuzzyMatchEngine",
              matchRecords: [{ additionalInformation: [], fieldDiffs: [], matchConfidence: 100.0, record: { attributes: { type: object, url: `/services/data/${version}/sobjects/${object}/${existingId}` }, Id: existingId } }],
              rule: `Standard_${object}_Match_Rule_v1_1`,
              size: 1,
              success: true,
            },
          ],
        },
        errorCode: "DUPLICATES_DETECTED",
        message,
      },
    ],
    400,
  );
}

/** Fields Salesforce fills on create when they are not sent (defaultedOnCreate). */
function createDefaults(object: Obj, fields: Record<string, unknown>): Record<string, unknown> {
  return { HasOptedOutOfEmail: false, ...(object === "Lead" ? { Status: LEAD_STATUS_VALUES[0] } : {}), ...fields };
}

function allowsDuplicates(req: Request): boolean {
  return /allowSave\s*=\s*true/i.test(req.headers.get("sforce-duplicate-rule-header") ?? "");
}

async function findByEmail(account: SandboxAccount, object: Obj, email: string, exceptId?: string): Promise<StoredRecord | null> {
  const needle = email.toLowerCase();
  return (await listRecords(account.id, object)).find((r) => r.externalId !== exceptId && String(r.data.Email ?? "").toLowerCase() === needle) ?? null;
}

function stamp(existing: SandboxData | null, changes: Record<string, unknown>, externalId: string, now: Date): SandboxData {
  const iso = sfDate(now);
  const merged: SandboxData = { ...(existing ?? { Id: externalId, CreatedDate: iso, OwnerId: OWNER_IDS[0] }), ...changes, LastModifiedDate: iso, SystemModstamp: iso };
  merged.Name = [merged.FirstName, merged.LastName].filter(Boolean).join(" ");
  return merged;
}

const source = (app: SandboxOAuthApp | null): SandboxChange["source"] => ({ kind: "api", appId: app?.id ?? null });

// ---------------------------------------------------------------------------------------------------
// Query

/** Query locators are stateless: the query and the offset, encoded. */
function encodeLocator(q: string, all: boolean, offset: number, batch: number): string {
  return `01g${Buffer.from(JSON.stringify({ q, all, batch })).toString("base64url")}-${offset}`;
}

function decodeLocator(locator: string): { q: string; all: boolean; offset: number; batch: number } | null {
  const m = /^01g([A-Za-z0-9_-]+)-(\d+)$/.exec(locator);
  if (!m) return null;
  try {
    const { q, all, batch } = JSON.parse(Buffer.from(m[1]!, "base64url").toString("utf8")) as { q: string; all: boolean; batch: number };
    return { q, all, batch, offset: Number(m[2]) };
  } catch {
    return null;
  }
}

function batchSize(req: Request): number {
  const m = /batchSize\s*=\s*(\d+)/i.exec(req.headers.get("sforce-query-options") ?? "");
  // 200..2000, default 2000; Salesforce treats it as a hint.
  return m ? Math.min(Math.max(Number(m[1]), 200), 2000) : 2000;
}

async function runQuery(account: SandboxAccount, version: string, q: string, all: boolean, offset: number, batch: number): Promise<Response> {
  let parsed;
  try {
    parsed = parseSoql(q);
  } catch (e) {
    return sfError(400, "MALFORMED_QUERY", e instanceof SoqlError ? e.message : "malformed query");
  }
  if (!isObj(parsed.object)) return sfError(400, "INVALID_TYPE", `sObject type '${parsed.object}' is not supported.`);
  const object = parsed.object;
  const names = fieldNames(account, object);
  const known = (f: string) => names.has(f);
  for (const f of [...parsed.fields, ...(parsed.where?.conditions.map((c) => c.field) ?? []), ...parsed.orderBy.map((o) => o.field)]) {
    if (!known(f)) return sfError(400, "INVALID_FIELD", `No such column '${f}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
  }
  let rows = (await listRecords(account.id, object, { includeDeleted: all })).filter((r) => {
    const data = { ...r.data, IsDeleted: r.deleted };
    if (!parsed.where) return true;
    const results = parsed.where.conditions.map((c) => evaluate(data, c));
    return parsed.where.joiner === "AND" ? results.every(Boolean) : results.some(Boolean);
  });
  const order = parsed.orderBy.length ? parsed.orderBy : [{ field: "Id", direction: "ASC" as const }];
  rows = rows.sort((a, b) => {
    for (const o of order) {
      const av = String(a.data[o.field] ?? "");
      const bv = String(b.data[o.field] ?? "");
      if (av !== bv) return (av < bv ? -1 : 1) * (o.direction === "DESC" ? -1 : 1);
    }
    return 0;
  });
  rows = rows.slice(parsed.offset, parsed.limit === null ? undefined : parsed.offset + parsed.limit);
  const page = rows.slice(offset, offset + batch);
  const done = offset + batch >= rows.length;
  return json({
    totalSize: rows.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/${all ? "queryAll" : "query"}/${encodeLocator(q, all, offset + batch, batch)}` }),
    records: page.map((r) => toApi(r, object, version, parsed.fields)),
  });
}

// ---------------------------------------------------------------------------------------------------
// REST routes

type Auth = { account: SandboxAccount; app: SandboxOAuthApp | null };

/** getUpdated / getDeleted windows: whole minutes (seconds ignored), start at most 30 days back. */
function replicationWindow(url: URL, now: Date): { start: number; end: number } | Response {
  const start = Date.parse(url.searchParams.get("start") ?? "");
  const end = Date.parse(url.searchParams.get("end") ?? "");
  if (Number.isNaN(start) || Number.isNaN(end)) return sfError(400, "MALFORMED_QUERY", "start and end are required ISO 8601 date-times");
  const floor = (t: number) => Math.floor(t / 60_000) * 60_000;
  if (start < now.getTime() - 30 * 86_400_000) return sfError(400, "INVALID_REPLICATION_DATE", "startDate cannot be more than 30 days ago");
  if (end <= start) return sfError(400, "INVALID_REPLICATION_DATE", "endDate must chronologically follow the startDate");
  return { start: floor(start), end: floor(end) };
}

const collectionRecordSchema = z.object({ attributes: z.object({ type: z.string() }) }).catchall(z.unknown());
const collectionSchema = z.object({ allOrNone: z.boolean().default(false), records: z.array(collectionRecordSchema) });
type SaveResult = { id?: string; success: boolean; errors: { statusCode: string; message: string; fields: string[] }[] };

/** A single-record error Response -> a collection save result (same codes and messages). */
async function asSaveResult(res: Response, id?: string): Promise<SaveResult> {
  const body = (await res.json()) as { errorCode: string; message: string; fields?: string[] }[];
  return { ...(id ? { id } : {}), success: false, errors: body.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] })) };
}

const tooMany = (n: number, max: number) => sfError(400, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${max} records into this call (got ${n})`);

const routes: ApiRoute<Auth>[] = [
  // Identity URL (the token response's `id`): who the token belongs to, as jsforce's identity() reads it.
  {
    method: "GET",
    path: "/id/:org/:user",
    handler: async ({ params, auth, ctx }) => {
      if (params.org !== auth.account.externalId || params.user !== OWNER_IDS[0]) return sfError(403, "FORBIDDEN", "Bad_Id");
      const base = `${ctx.baseUrl}/services/data/{version}`;
      return json({
        id: `${ctx.baseUrl}/id/${params.org}/${params.user}`,
        asserted_user: true,
        user_id: params.user,
        organization_id: params.org,
        username: "admin@sandbox.example",
        nick_name: "admin",
        display_name: "Sandbox Admin",
        email: "admin@sandbox.example",
        email_verified: true,
        first_name: "Sandbox",
        last_name: "Admin",
        timezone: "America/Los_Angeles",
        status: { created_date: null, body: null },
        photos: {},
        addr_street: null, addr_city: null, addr_state: null, addr_country: "US", addr_zip: null,
        mobile_phone: null, mobile_phone_verified: false, is_lightning_login_user: false,
        urls: {
          enterprise: `${ctx.baseUrl}/services/Soap/c/{version}/${params.org}`,
          partner: `${ctx.baseUrl}/services/Soap/u/{version}/${params.org}`,
          rest: `${base}/`,
          sobjects: `${base}/sobjects/`,
          search: `${base}/search/`,
          query: `${base}/query/`,
          recent: `${base}/recent/`,
          profile: `${ctx.baseUrl}/${params.user}`,
          limits: `${base}/limits/`,
          custom_domain: ctx.baseUrl,
        },
        active: true,
        user_type: "STANDARD",
        language: "en_US",
        locale: "en_US",
        utcOffset: -28800000,
        last_modification_date: "2024-01-01T00:00:00Z",
        is_app_installed: true,
      });
    },
  },
  {
    method: "GET",
    path: "/services/data/:v/sobjects/:obj/describe",
    handler: async ({ params, auth }) => (isObj(params.obj!) ? json(describe(auth.account, params.obj, params.v!)) : notFound()),
  },
  {
    method: "GET",
    path: "/services/data/:v/sobjects/:obj/updated",
    handler: async ({ url, params, auth, ctx }) => {
      const object = params.obj!;
      if (!isObj(object)) return notFound();
      const w = replicationWindow(url, ctx.now());
      if (w instanceof Response) return w;
      const ids = (await listRecords(auth.account.id, object))
        .filter((r) => {
          const t = Date.parse(String(r.data.SystemModstamp ?? "").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
          return t >= w.start && t < w.end;
        })
        .map((r) => r.externalId);
      return json({ ids, latestDateCovered: sfDate(new Date(w.end)) });
    },
  },
  {
    method: "GET",
    path: "/services/data/:v/sobjects/:obj/deleted",
    handler: async ({ url, params, auth, ctx }) => {
      const object = params.obj!;
      if (!isObj(object)) return notFound();
      const now = ctx.now();
      const w = replicationWindow(url, now);
      if (w instanceof Response) return w;
      const deletedRecords = (await listRecords(auth.account.id, object, { includeDeleted: true }))
        .filter((r) => r.deleted && r.deletedAt && r.deletedAt.getTime() >= w.start && r.deletedAt.getTime() < w.end)
        .map((r) => ({ id: r.externalId, deletedDate: sfDate(r.deletedAt!) }));
      return json({ deletedRecords, earliestDateAvailable: sfDate(new Date(Math.floor((now.getTime() - 30 * 86_400_000) / 60_000) * 60_000)), latestDateCovered: sfDate(new Date(w.end)) });
    },
  },
  // sObject Collections: create / update / delete up to 200 records, retrieve up to 2,000 by id.
  {
    method: "POST",
    path: "/services/data/:v/composite/sobjects/:obj",
    handler: async ({ req, params, auth }) => {
      const object = params.obj!;
      if (!isObj(object)) return notFound();
      const body = z.object({ ids: z.array(z.string()), fields: z.array(z.string()) }).safeParse(await readJson(req));
      if (!body.success) return sfError(400, "JSON_PARSER_ERROR", "ids and fields are required");
      if (body.data.ids.length > 2000) return tooMany(body.data.ids.length, 2000);
      const known = fieldNames(auth.account, object);
      const bad = body.data.fields.find((f) => !known.has(f));
      if (bad) return sfError(400, "INVALID_FIELD", `No such column '${bad}' on sobject of type ${object}`);
      const out = [];
      for (const id of body.data.ids) {
        const rec = await getRecord(auth.account.id, object, id);
        out.push(rec ? toApi(rec, object, params.v!, body.data.fields) : null);
      }
      return json(out);
    },
  },
  {
    method: "POST",
    path: "/services/data/:v/composite/sobjects",
    handler: async ({ req, params, auth, ctx }) => {
      const body = collectionSchema.safeParse(await readJson(req));
      if (!body.success) return sfError(400, "JSON_PARSER_ERROR", "records must be a list of sObjects with attributes.type");
      if (body.data.records.length > 200) return tooMany(body.data.records.length, 200);
      const results: SaveResult[] = [];
      for (const { attributes, ...fields } of body.data.records) {
        const object = attributes.type;
        if (!isObj(object)) {
          results.push({ success: false, errors: [{ statusCode: "INVALID_TYPE", message: `sObject type '${object}' is not supported.`, fields: [] }] });
          continue;
        }
        const v = validate(auth.account, object, fields, "create");
        if (!v.ok) {
          results.push(await asSaveResult(v.res));
          continue;
        }
        if (typeof v.fields.Email === "string" && !allowsDuplicates(req)) {
          const dup = await findByEmail(auth.account, object, v.fields.Email);
          if (dup) {
            results.push(await asSaveResult(duplicateDetected(object, dup.externalId, params.v!)));
            continue;
          }
        }
        const id = await nextExternalId(auth.account, object === "Lead" ? leadSpec : contactSpec);
        const now = ctx.now();
        await createRecord({ account: auth.account, objectType: object, externalId: id, data: stamp(null, createDefaults(object, v.fields), id, now), now, source: source(auth.app) });
        results.push({ id, success: true, errors: [] });
      }
      return json(results);
    },
  },
  {
    method: "PATCH",
    path: "/services/data/:v/composite/sobjects",
    handler: async ({ req, params, auth, ctx }) => {
      const body = collectionSchema.safeParse(await readJson(req));
      if (!body.success) return sfError(400, "JSON_PARSER_ERROR", "records must be a list of sObjects with attributes.type and id");
      if (body.data.records.length > 200) return tooMany(body.data.records.length, 200);
      const results: SaveResult[] = [];
      for (const { attributes, id: rawId, ...fields } of body.data.records) {
        const object = attributes.type;
        const id = typeof rawId === "string" ? rawId : "";
        const rec = isObj(object) && id ? await getRecord(auth.account.id, object, id) : null;
        if (!isObj(object) || !rec) {
          results.push({ ...(id ? { id } : {}), success: false, errors: [{ statusCode: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] }] });
          continue;
        }
        const v = validate(auth.account, object, fields, "update");
        if (!v.ok) {
          results.push(await asSaveResult(v.res, id));
          continue;
        }
        if (typeof v.fields.Email === "string" && !allowsDuplicates(req)) {
          const dup = await findByEmail(auth.account, object, v.fields.Email, id);
          if (dup) {
            results.push(await asSaveResult(duplicateDetected(object, dup.externalId, params.v!), id));
            continue;
          }
        }
        const now = ctx.now();
        await updateRecord({ account: auth.account, objectType: object, externalId: id, data: stamp(rec.data, v.fields, id, now), now, source: source(auth.app), ignoreFields: ["LastModifiedDate", "SystemModstamp"] });
        results.push({ id, success: true, errors: [] });
      }
      return json(results);
    },
  },
  {
    method: "DELETE",
    path: "/services/data/:v/composite/sobjects",
    handler: async ({ url, auth, ctx }) => {
      const ids = (url.searchParams.get("ids") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      if (ids.length > 200) return tooMany(ids.length, 200);
      const results: SaveResult[] = [];
      for (const id of ids) {
        const object = id.startsWith("00Q") ? "Lead" : id.startsWith("003") ? "Contact" : null;
        const rec = object ? await getRecord(auth.account.id, object, id, { includeDeleted: true }) : null;
        if (!object || !rec || rec.deleted) {
          results.push({ id, success: false, errors: [{ statusCode: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] }] });
          continue;
        }
        await deleteRecord({ account: auth.account, objectType: object, externalId: id, now: ctx.now(), source: source(auth.app) });
        results.push({ id, success: true, errors: [] });
      }
      return json(results);
    },
  },
  {
    method: "GET",
    path: "/services/oauth2/userinfo",
    handler: async ({ auth, ctx }) =>
      json({ sub: `${ctx.baseUrl}/id/${auth.account.externalId}/${OWNER_IDS[0]}`, user_id: OWNER_IDS[0], organization_id: auth.account.externalId, name: "Sandbox Admin", email: "admin@sandbox.example", preferred_username: "admin@sandbox.example" }),
  },
  {
    method: "GET",
    path: "/services/data/:v/limits",
    handler: async ({ auth }) => {
      const used = countRequest(`sf-daily:${auth.account.id}`, 86_400_000) - 1;
      return json({ DailyApiRequests: { Max: DAILY_LIMIT, Remaining: Math.max(0, DAILY_LIMIT - used) } });
    },
  },
  {
    method: "GET",
    path: "/services/data/:v/query",
    handler: async ({ req, url, params, auth }) => {
      const q = url.searchParams.get("q");
      if (!q) return sfError(400, "MALFORMED_QUERY", "A query string must be provided.");
      return runQuery(auth.account, params.v!, q, false, 0, batchSize(req));
    },
  },
  {
    method: "GET",
    path: "/services/data/:v/queryAll",
    handler: async ({ req, url, params, auth }) => {
      const q = url.searchParams.get("q");
      if (!q) return sfError(400, "MALFORMED_QUERY", "A query string must be provided.");
      return runQuery(auth.account, params.v!, q, true, 0, batchSize(req));
    },
  },
  {
    method: "GET",
    path: "/services/data/:v/:kind/:locator",
    handler: async ({ params, auth }) => {
      if (params.kind !== "query" && params.kind !== "queryAll") return notFound();
      const loc = decodeLocator(params.locator!);
      if (!loc) return sfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
      return runQuery(auth.account, params.v!, loc.q, loc.all, loc.offset, loc.batch);
    },
  },
  {
    method: "POST",
    path: "/services/data/:v/sobjects/:obj",
    handler: async ({ req, params, auth, ctx }) => {
      const object = params.obj!;
      if (!isObj(object)) return notFound();
      const v = validate(auth.account, object, await readJson(req), "create");
      if (!v.ok) return v.res;
      if (typeof v.fields.Email === "string" && !allowsDuplicates(req)) {
        const dup = await findByEmail(auth.account, object, v.fields.Email);
        if (dup) return duplicateDetected(object, dup.externalId, params.v!);
      }
      const spec = object === "Lead" ? leadSpec : contactSpec;
      const id = await nextExternalId(auth.account, spec);
      const now = ctx.now();
      await createRecord({ account: auth.account, objectType: object, externalId: id, data: stamp(null, createDefaults(object, v.fields), id, now), now, source: source(auth.app) });
      return json({ id, success: true, errors: [] }, 201);
    },
  },
  {
    method: "GET",
    path: "/services/data/:v/sobjects/:obj/:id",
    handler: async ({ url, params, auth }) => {
      const object = params.obj!;
      if (!isObj(object)) return notFound();
      const rec = await getRecord(auth.account.id, object, params.id!);
      if (!rec) return notFound();
      const fields = url.searchParams.get("fields")?.split(",").map((f) => f.trim()).filter(Boolean) ?? null;
      const known = fieldNames(auth.account, object);
      const bad = fields?.find((f) => !known.has(f));
      if (bad) return sfError(400, "INVALID_FIELD", `No such column '${bad}' on sobject of type ${object}`);
      return json(toApi(rec, object, params.v!, fields ?? [...known]));
    },
  },
  {
    method: "PATCH",
    path: "/services/data/:v/sobjects/:obj/:id",
    handler: async ({ req, params, auth, ctx }) => {
      const object = params.obj!;
      if (!isObj(object)) return notFound();
      const rec = await getRecord(auth.account.id, object, params.id!);
      if (!rec) return notFound();
      const v = validate(auth.account, object, await readJson(req), "update");
      if (!v.ok) return v.res;
      if (typeof v.fields.Email === "string" && !allowsDuplicates(req)) {
        const dup = await findByEmail(auth.account, object, v.fields.Email, rec.externalId);
        if (dup) return duplicateDetected(object, dup.externalId, params.v!);
      }
      const now = ctx.now();
      await updateRecord({ account: auth.account, objectType: object, externalId: rec.externalId, data: stamp(rec.data, v.fields, rec.externalId, now), now, source: source(auth.app), ignoreFields: ["LastModifiedDate", "SystemModstamp"] });
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "DELETE",
    path: "/services/data/:v/sobjects/:obj/:id",
    handler: async ({ params, auth, ctx }) => {
      const object = params.obj!;
      if (!isObj(object)) return notFound();
      const rec = await getRecord(auth.account.id, object, params.id!, { includeDeleted: true });
      if (!rec) return notFound();
      if (rec.deleted) return sfError(404, "ENTITY_IS_DELETED", "entity is deleted");
      await deleteRecord({ account: auth.account, objectType: object, externalId: rec.externalId, now: ctx.now(), source: source(auth.app) });
      return new Response(null, { status: 204 });
    },
  },
];

async function authenticate(req: Request, ctx: SandboxContext): Promise<Auth | Response> {
  const auth = await authenticateBearer(req, ctx);
  if (auth.ok && auth.via === "oauth") return auth;
  return sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
}

/** Sforce-Limit-Info on every REST response. */
function decorate(res: Response, auth: Auth): Response {
  const used = countRequest(`sf-daily:${auth.account.id}`, 86_400_000);
  return withHeaders(res, { "sforce-limit-info": `api-usage=${used}/${DAILY_LIMIT}` });
}

// ---------------------------------------------------------------------------------------------------
// OAuth

async function token(req: Request, ctx: SandboxContext): Promise<Response> {
  return handleToken(req, ctx, {
    accessTokenTtlSeconds: SESSION_SECONDS,
    refreshTokenRotates: false,
    echoRefreshToken: false,
    clientAuth: "either",
    tokenPrefix: "00DSb!",
    success: (r) => {
      const id = `${ctx.baseUrl}/id/${r.account.externalId}/${OWNER_IDS[0]}`;
      const issuedAt = String(r.issuedAt.getTime());
      return json({
        access_token: r.accessToken,
        ...(r.refreshToken ? { refresh_token: r.refreshToken } : {}),
        signature: createHmac("sha256", r.app.clientSecret).update(id + issuedAt).digest("base64"),
        scope: r.scope || "api refresh_token",
        instance_url: ctx.baseUrl,
        id,
        token_type: "Bearer",
        issued_at: issuedAt,
      });
    },
    error: (code, description) => {
      if (code === "invalid_client") return json({ error: "invalid_client", error_description: "invalid client credentials" }, 400);
      if (code === "invalid_grant") {
        return json({ error: "invalid_grant", error_description: description.includes("refresh") ? "expired access/refresh token" : description.includes("expired") ? "authorization code expired" : "authentication failure" }, 400);
      }
      return json({ error: code, error_description: description }, 400);
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// Outbound messages

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function renderWebhooks(input: { account: SandboxAccount; subscription: { url: string; events: string[]; settings: unknown }; changes: readonly SandboxChange[]; now: Date }): RenderedDelivery[] {
  const { account, subscription, changes } = input;
  const wanted = (object: string) => subscription.events.length === 0 || subscription.events.includes(object);
  // Outbound messages fire from record-triggered flows on create and update, never on delete.
  const relevant = changes.filter((c) => c.kind !== "deleted" && isObj(c.objectType) && wanted(c.objectType));
  const root = subscription.url ? new URL(subscription.url).origin : "";
  const deliveries: RenderedDelivery[] = [];
  for (let i = 0; i < relevant.length; i += 100) {
    const notifications = relevant
      .slice(i, i + 100)
      .map((c) => {
        const fields = Object.entries(c.data)
          .filter(([k]) => k !== "Name")
          .map(([k, v]) => (v === null || v === undefined ? `<sf:${k} xsi:nil="true"/>` : `<sf:${k}>${xmlEscape(String(v))}</sf:${k}>`))
          .join("");
        return `<Notification><Id>04lSb${randomBytes(6).toString("hex").toUpperCase().slice(0, 10)}AAA</Id><sObject xsi:type="sf:${c.objectType}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${fields}</sObject></Notification>`;
      })
      .join("");
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<soapenv:Body><notifications xmlns="${OUTBOUND_NS}"><OrganizationId>${account.externalId}</OrganizationId><ActionId>04kSb0000000001AAA</ActionId><SessionId xsi:nil="true"/>` +
      `<EnterpriseUrl>${xmlEscape(root)}/services/Soap/c/62.0/${account.externalId}</EnterpriseUrl><PartnerUrl>${xmlEscape(root)}/services/Soap/u/62.0/${account.externalId}</PartnerUrl>` +
      `${notifications}</notifications></soapenv:Body></soapenv:Envelope>`;
    deliveries.push({ body, headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""', "user-agent": "Salesforce - Outbound Notification" } });
  }
  return deliveries;
}

// ---------------------------------------------------------------------------------------------------
// Panel objects + seeds

function personSpec(object: Obj, seedCount: number): SandboxObjectSpec {
  const fields: SandboxObjectSpec["fields"] = [
    { name: "FirstName", label: "First name" },
    { name: "LastName", label: "Last name" },
    { name: "Email", label: "Email", type: "email" },
    { name: "Phone", label: "Phone", type: "tel" },
    ...(object === "Lead"
      ? [{ name: "Company", label: "Company" }, { name: "Status", label: "Status", type: "select" as const, options: LEAD_STATUS_VALUES }]
      : [{ name: "AccountId", label: "Account id", type: "select" as const, options: ["", ...ACCOUNT_IDS] }]),
    { name: "Title", label: "Title" },
    { name: "OwnerId", label: "Owner id", type: "select", options: OWNER_IDS },
    { name: "LeadSource", label: "Lead source", type: "select", options: ["", ...LEAD_SOURCES] },
  ];
  const spec: SandboxObjectSpec = {
    type: object,
    label: object === "Lead" ? "Leads" : "Contacts",
    seedCount,
    fields,
    newExternalId: (_a, n) => idFor(object, n),
    seed: ({ rng, externalId, index, now }) => {
      const p = fakePerson(rng, index);
      const createdAt = pastDate(rng, now, 365);
      const updatedAt = new Date(createdAt.getTime() + Math.floor(rng.next() * (now.getTime() - createdAt.getTime())));
      const data: SandboxData = {
        Id: externalId, FirstName: p.firstName, LastName: p.lastName, Name: `${p.firstName} ${p.lastName}`, Email: p.email, Phone: p.phone,
        MobilePhone: null, Title: p.jobTitle, OwnerId: rng.pick(OWNER_IDS), LeadSource: rng.pick(LEAD_SOURCES), HasOptedOutOfEmail: rng.chance(0.08),
        City: p.city, State: p.state || null, Country: p.country,
        ...(object === "Lead" ? { Company: p.company, Status: rng.pick(LEAD_STATUS_VALUES), Industry: null, Rating: null, Website: `https://${p.domain}` } : { AccountId: rng.pick(ACCOUNT_IDS), Department: null }),
        CreatedDate: sfDate(createdAt), LastModifiedDate: sfDate(updatedAt), SystemModstamp: sfDate(updatedAt),
      };
      return { data, createdAt, updatedAt };
    },
    summary: (data) => ({ title: String(data.Name ?? data.LastName ?? "(no name)"), subtitle: [data.Email, data.Company ?? data.Title].filter(Boolean).join(" · ") }),
    toForm: (data) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)])),
    fromForm: (values, { existing, externalId, now }) => {
      const changes: Record<string, unknown> = {};
      for (const f of fields) if (values[f.name] !== undefined) changes[f.name] = values[f.name]!.trim() === "" ? null : values[f.name]!.trim();
      if (typeof changes.Email === "string") changes.Email = changes.Email.toLowerCase();
      return stamp(existing, changes, externalId, now);
    },
  };
  return spec;
}

const leadSpec = personSpec("Lead", 200);
const contactSpec = personSpec("Contact", 150);

export const salesforceSandbox: ProviderSandbox = {
  slug: "salesforce",
  objects: [leadSpec, contactSpec],
  newAccount: ({ key, rng }) => ({
    name: key === "default" ? "Acme Demo (Salesforce)" : `Salesforce org ${key}`,
    externalId: `00DSb${rng.hex(10).toUpperCase()}AAA`,
  }),
  oauthApp: {
    name: "Switchboard (sandbox connected app)",
    // Salesforce shapes: 3MVG9 consumer key, 64-hex-digit consumer secret, 0H4 connected-app id.
    newCredentials: (random) => ({
      appExternalId: `0H4Sb${random.hex(5).toUpperCase()}AAA`,
      clientId: `3MVG9${random.base64url(60).replace(/[-_]/g, "A").slice(0, 80)}`,
      clientSecret: random.hex(32).toUpperCase(),
    }),
  },
  faults,
  renderWebhooks,
  async handle(req, ctx) {
    const p = ctx.path;
    if (p === "/services/oauth2/authorize") return handleAuthorize(req, ctx, { providerName: "Salesforce", accent: "#0176d3" });
    if (p === "/services/oauth2/token" && req.method === "POST") return token(req, ctx);
    if (p === "/services/oauth2/revoke" && req.method === "POST") {
      const t = new URLSearchParams(await req.text()).get("token") ?? "";
      return (await revokeToken("salesforce", t, ctx.now())) ? new Response(null, { status: 200 }) : json({ error: "unsupported_token_type", error_description: "this token type is not supported" }, 400);
    }
    return serveApi<Auth>(req, ctx, { routes, authenticate, faults, notFound, decorate });
  },
};
