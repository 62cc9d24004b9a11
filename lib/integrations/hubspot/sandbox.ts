// A faithful fake of HubSpot's CRM v3 contacts API, OAuth, account info and app webhooks, mounted at
// /sandbox/hubspot. Records are stored as {properties:{...}} with every value a string, as HubSpot does.
import { randomInt, randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { accountSetting } from "@/lib/integrations/sandbox/accounts";
import { fakePerson, pastDate } from "@/lib/integrations/sandbox/fake-people";
import { authenticateBearer, handleAuthorize, handleToken, revokeToken, sha256 } from "@/lib/integrations/sandbox/oauth";
import { createRecord, deleteRecord, findRecordsByDataText, getRecord, listRecords, nextExternalId, pageRecordsByDataTime, updateRecord } from "@/lib/integrations/sandbox/record-store";
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
import { countRequest, json, pageByOffset, readJson, serveApi, withHeaders, type ApiRoute } from "@/lib/integrations/sandbox/serve-api";
import { findSandboxOAuthAppByDeveloperKey } from "@/lib/integrations/sandbox/oauth-apps";
import { hubspotSignatureV1, hubspotSignatureV3 } from "@/lib/integrations/hubspot/webhook";
import { allPropertyDefs, createProperty, LEAD_STATUSES, LIFECYCLE_STAGES, listProperties, OWNER_IDS } from "@/lib/integrations/hubspot/sandbox-properties";

const OBJECT = "contacts";
const DEFAULT_PROPERTIES = ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"];
const READ_ONLY = new Set(["createdate", "lastmodifieddate", "hs_object_id"]);
const STANDARD_PROPERTIES = new Set([
  "email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "website", "address", "city",
  "state", "zip", "country", "lifecyclestage", "hs_lead_status", "hubspot_owner_id", "hs_email_optout",
  "hs_analytics_source", "createdate", "lastmodifieddate", "hs_object_id",
]);
const TOKEN_TTL_SECONDS = 1800;

// ---------------------------------------------------------------------------------------------------
// Error bodies

const err = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  json({ status: "error", ...body, correlationId: randomUUID() }, status, headers);

const notFound = () => err(404, { message: "resource not found", category: "OBJECT_NOT_FOUND" });

function validationError(errors: { message: string; error: string; name: string }[]): Response {
  const detail = errors.map((e) => ({ isValid: false, message: e.message, error: e.error, name: e.name, localizedErrorMessage: e.message }));
  return err(400, { message: `Property values were not valid: ${JSON.stringify(detail)}`, category: "VALIDATION_ERROR", errors: errors.map((e) => ({ message: e.message, code: e.error, context: { propertyName: [e.name] } })) });
}

const badRequest = (message: string) => err(400, { message, category: "VALIDATION_ERROR" });

const faults: ProviderSandbox["faults"] = {
  rateLimited: (retryAfterSeconds) =>
    err(
      429,
      { message: "You have reached your ten_secondly_rolling limit.", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING", requestId: randomUUID() },
      // A real 429 carries the exhausted window: Remaining 0 (the official client and our budget read it).
      {
        "retry-after": String(retryAfterSeconds),
        "x-hubspot-ratelimit-interval-milliseconds": "10000",
        "x-hubspot-ratelimit-max": "110",
        "x-hubspot-ratelimit-remaining": "0",
      },
    ),
  serverError: () => err(500, { message: "internal error", category: "INTERNAL_ERROR" }),
};

// ---------------------------------------------------------------------------------------------------
// Records

type Props = Record<string, string | null>;

function props(data: SandboxData): Props {
  return (data.properties ?? {}) as Props;
}

function allowedProperties(account: SandboxAccount): Set<string> {
  return new Set([...STANDARD_PROPERTIES, ...allPropertyDefs(account).map((d) => d.name)]);
}

function validateProperties(account: SandboxAccount, input: unknown): { ok: true; props: Props } | { ok: false; res: Response } {
  if (!input || typeof input !== "object" || Array.isArray(input)) return { ok: false, res: badRequest("Invalid input JSON on line 1: properties must be an object") };
  const allowed = allowedProperties(account);
  const errors: { message: string; error: string; name: string }[] = [];
  const out: Props = {};
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    if (!allowed.has(name)) {
      errors.push({ message: `Property "${name}" does not exist`, error: "PROPERTY_DOESNT_EXIST", name });
      continue;
    }
    if (READ_ONLY.has(name)) continue;
    const value = raw === null || raw === undefined ? "" : String(raw);
    if (name === "email" && value !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      errors.push({ message: `Email address ${value} is invalid`, error: "INVALID_EMAIL", name });
    } else if (name === "lifecyclestage" && value !== "" && !(LIFECYCLE_STAGES as readonly string[]).includes(value)) {
      errors.push({ message: `${value} was not one of the allowed options: [${LIFECYCLE_STAGES.join(", ")}]`, error: "INVALID_OPTION", name });
    } else if (name === "hs_lead_status" && value !== "" && !(LEAD_STATUSES as readonly string[]).includes(value)) {
      errors.push({ message: `${value} was not one of the allowed options: [${LEAD_STATUSES.join(", ")}]`, error: "INVALID_OPTION", name });
    } else {
      out[name] = name === "email" ? value.toLowerCase() : value;
    }
  }
  return errors.length ? { ok: false, res: validationError(errors) } : { ok: true, props: out };
}

function toObject(rec: StoredRecord, wanted: readonly string[] | null) {
  const p = props(rec.data);
  const names = wanted ?? DEFAULT_PROPERTIES;
  const properties: Props = {};
  for (const n of names) properties[n] = p[n] === undefined || p[n] === "" ? null : p[n]!;
  return {
    id: rec.externalId,
    properties,
    createdAt: rec.createdAt.toISOString(),
    updatedAt: rec.updatedAt.toISOString(),
    archived: rec.deleted,
    ...(rec.deleted && rec.deletedAt ? { archivedAt: rec.deletedAt.toISOString() } : {}),
  };
}

function wantedProperties(url: URL): string[] | null {
  const list = url.searchParams.getAll("properties").flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean);
  return list.length ? [...new Set([...DEFAULT_PROPERTIES, ...list])] : null;
}

async function findByEmail(account: SandboxAccount, email: string): Promise<StoredRecord | null> {
  return (await findRecordsByDataText(account.id, OBJECT, ["properties", "email"], [email])).get(email.trim().toLowerCase()) ?? null;
}

function stamp(existing: Props | null, changes: Props, externalId: string, now: Date): SandboxData {
  const iso = now.toISOString();
  return {
    properties: {
      ...(existing ?? { createdate: iso, hs_object_id: externalId }),
      ...changes,
      lastmodifieddate: iso,
    },
  };
}

const source = (app: SandboxOAuthApp | null): SandboxChange["source"] => ({ kind: "api", appId: app?.id ?? null });

// ---------------------------------------------------------------------------------------------------
// Search

const filterSchema = z.object({
  propertyName: z.string(),
  operator: z.enum(["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"]),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  highValue: z.union([z.string(), z.number()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});
const searchSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  sorts: z.array(z.union([z.string(), z.object({ propertyName: z.string(), direction: z.enum(["ASCENDING", "DESCENDING"]).default("ASCENDING") })])).default([]),
  properties: z.array(z.string()).optional(),
  query: z.string().max(3000).optional(),
  limit: z.number().int().min(0).default(10),
  after: z.union([z.string(), z.number()]).optional(),
});

const DATE_PROPS = new Set(["createdate", "lastmodifieddate"]);

function comparable(name: string, v: string | number | boolean | null | undefined): number | string | null {
  if (v === null || v === undefined || v === "") return null;
  if (DATE_PROPS.has(name)) {
    const n = typeof v === "number" || /^\d+$/.test(String(v)) ? Number(v) : Date.parse(String(v));
    return Number.isNaN(n) ? null : n;
  }
  if (typeof v === "number" || (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v))) return Number(v);
  return String(v).toLowerCase();
}

function matches(p: Props, f: z.infer<typeof filterSchema>): boolean {
  const actual = comparable(f.propertyName, p[f.propertyName]);
  const value = comparable(f.propertyName, f.value as string | number | undefined);
  switch (f.operator) {
    case "HAS_PROPERTY": return actual !== null;
    case "NOT_HAS_PROPERTY": return actual === null;
    case "EQ": return actual !== null && actual === value;
    case "NEQ": return actual !== value;
    case "LT": return actual !== null && value !== null && actual < value;
    case "LTE": return actual !== null && value !== null && actual <= value;
    case "GT": return actual !== null && value !== null && actual > value;
    case "GTE": return actual !== null && value !== null && actual >= value;
    case "BETWEEN": {
      const high = comparable(f.propertyName, f.highValue);
      return actual !== null && value !== null && high !== null && actual >= value && actual <= high;
    }
    case "IN": return (f.values ?? []).some((v) => comparable(f.propertyName, v) === actual);
    case "NOT_IN": return !(f.values ?? []).some((v) => comparable(f.propertyName, v) === actual);
    case "CONTAINS_TOKEN": return typeof actual === "string" && typeof value === "string" && actual.includes(value.replace(/\*/g, ""));
    case "NOT_CONTAINS_TOKEN": return !(typeof actual === "string" && typeof value === "string" && actual.includes(value.replace(/\*/g, "")));
  }
}

async function search(req: Request, account: SandboxAccount): Promise<Response> {
  const parsed = searchSchema.safeParse(await readJson(req));
  if (!parsed.success) return badRequest(`Invalid input JSON: ${parsed.error.issues[0]?.message ?? "malformed"}`);
  const body = parsed.data;
  if (body.limit > 200) return badRequest("limit must be less than or equal to 200");
  if (body.filterGroups.length > 5) return badRequest("Too many filter groups: at most 5 are allowed");
  const total = body.filterGroups.reduce((n, g) => n + g.filters.length, 0);
  if (body.filterGroups.some((g) => g.filters.length > 10) || total > 25) return badRequest("Too many filters: at most 10 per group and 25 in total are allowed");
  const cap = accountSetting<number>(account, "searchResultCap", 10_000);
  const after = body.after === undefined ? 0 : Number(body.after);
  if (!Number.isInteger(after) || after < 0) return badRequest("after must be a non-negative integer");
  if (after >= cap) return badRequest(`Search results are limited to ${cap} records; paging past ${cap} is not supported. Narrow your filters.`);

  // What listChanged asks (modified at or after a time, oldest first) is answered in SQL, a page at a
  // time: 50,000 contacts are not loaded for every page. Any other search filters in memory.
  const f0 = body.filterGroups.length === 1 && body.filterGroups[0]!.filters.length === 1 ? body.filterGroups[0]!.filters[0]! : null;
  const s0 = body.sorts.length === 1 ? body.sorts[0]! : null;
  const fromMs = f0 ? comparable("lastmodifieddate", f0.value as string | number | undefined) : null;
  if (
    !body.query &&
    f0?.propertyName === "lastmodifieddate" &&
    f0.operator === "GTE" &&
    typeof fromMs === "number" &&
    typeof s0 === "object" &&
    s0?.propertyName === "lastmodifieddate" &&
    s0.direction === "ASCENDING"
  ) {
    const limit = Math.max(0, Math.min(body.limit, cap - after));
    const { total, records: page } = await pageRecordsByDataTime(account.id, OBJECT, { path: ["properties", "lastmodifieddate"], fromMs, offset: after, limit });
    const wanted = body.properties?.length ? [...new Set([...DEFAULT_PROPERTIES, ...body.properties])] : null;
    const nextAfter = after + body.limit;
    return json({
      total,
      results: page.map((r) => toObject(r, wanted)),
      ...(nextAfter < total && nextAfter < cap ? { paging: { next: { after: String(nextAfter), link: `?after=${nextAfter}` } } } : {}),
    });
  }
  let records = (await listRecords(account.id, OBJECT)).filter((r) => {
    const p = props(r.data);
    if (body.filterGroups.length && !body.filterGroups.some((g) => g.filters.every((f) => matches(p, f)))) return false;
    if (body.query) {
      const q = body.query.toLowerCase();
      return ["email", "firstname", "lastname", "phone", "company"].some((k) => (p[k] ?? "").toLowerCase().includes(q));
    }
    return true;
  });
  const sort = body.sorts[0];
  const sortProp = sort === undefined ? "hs_object_id" : typeof sort === "string" ? sort : sort.propertyName;
  const dir = typeof sort === "object" && sort.direction === "DESCENDING" ? -1 : 1;
  records = records.sort((a, b) => {
    const av = comparable(sortProp, props(a.data)[sortProp]);
    const bv = comparable(sortProp, props(b.data)[sortProp]);
    if (av !== bv) return (av === null ? -1 : bv === null ? 1 : av < bv ? -1 : 1) * dir;
    return Number(a.externalId) - Number(b.externalId);
  });
  const wanted = body.properties?.length ? [...new Set([...DEFAULT_PROPERTIES, ...body.properties])] : null;
  const page = records.slice(after, Math.min(after + body.limit, cap));
  const nextAfter = after + body.limit;
  return json({
    total: records.length,
    results: page.map((r) => toObject(r, wanted)),
    ...(nextAfter < records.length && nextAfter < cap
      ? { paging: { next: { after: String(nextAfter), link: `?after=${nextAfter}` } } }
      : {}),
  });
}

// ---------------------------------------------------------------------------------------------------
// Contacts API

type Auth = { account: SandboxAccount; app: SandboxOAuthApp | null; via: "oauth" | "api_key" };

const batchReadSchema = z.object({ properties: z.array(z.string()).optional(), idProperty: z.string().optional(), inputs: z.array(z.object({ id: z.coerce.string() })) });
const batchCreateSchema = z.object({ inputs: z.array(z.object({ properties: z.record(z.string(), z.unknown()), objectWriteTraceId: z.string().optional() })) });
const batchUpdateSchema = z.object({ inputs: z.array(z.object({ id: z.coerce.string(), properties: z.record(z.string(), z.unknown()) })) });

/** 200 COMPLETE, or 207 with an OBJECT_NOT_FOUND error naming the ids that were not there. */
function batchResult(results: unknown[], missing: string[], startedAt: string, now: Date, message: string): Response {
  const body = { status: "COMPLETE", results, startedAt, completedAt: now.toISOString() };
  if (!missing.length) return json(body);
  return json({ ...body, numErrors: 1, errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message, context: { ids: missing } }] }, 207);
}

const batchUpsertSchema = z.object({
  inputs: z.array(z.object({ idProperty: z.string().optional(), id: z.string(), properties: z.record(z.string(), z.unknown()) })),
});

const routes: ApiRoute<Auth>[] = [
  {
    method: "GET",
    path: "/account-info/v3/details",
    handler: async ({ auth }) =>
      json({ portalId: Number(auth.account.externalId), accountType: "STANDARD", timeZone: "US/Eastern", companyCurrency: "USD", additionalCurrencies: [], utcOffset: "-05:00", utcOffsetMilliseconds: -18000000, uiDomain: "app.hubspot.com", dataHostingLocation: "na1" }),
  },
  {
    method: "GET",
    path: "/crm/v3/objects/contacts",
    handler: async ({ url, auth }) => {
      const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 10) || 10, 1), 100);
      // archived=true lists only archived (deleted) contacts, with archivedAt, as HubSpot does.
      const archived = url.searchParams.get("archived") === "true";
      const all = (await listRecords(auth.account.id, OBJECT, { includeDeleted: archived }))
        .filter((r) => r.deleted === archived)
        .sort((a, b) => Number(a.externalId) - Number(b.externalId));
      const page = pageByOffset(all, url.searchParams.get("after"), limit);
      const wanted = wantedProperties(url);
      return json({
        results: page.items.map((r) => toObject(r, wanted)),
        ...(page.next ? { paging: { next: { after: page.next, link: `${url.origin}${url.pathname}?after=${page.next}` } } } : {}),
      });
    },
  },
  {
    method: "POST",
    path: "/crm/v3/objects/contacts",
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { properties?: unknown } | null;
      const v = validateProperties(auth.account, body?.properties ?? {});
      if (!v.ok) return v.res;
      if (v.props.email) {
        const existing = await findByEmail(auth.account, v.props.email);
        if (existing) return err(409, { message: `Contact already exists. Existing ID: ${existing.externalId}`, category: "CONFLICT" });
      }
      const spec = contactSpec;
      const externalId = await nextExternalId(auth.account, spec);
      const now = ctx.now();
      const rec = await createRecord({ account: auth.account, objectType: OBJECT, externalId, data: stamp(null, v.props, externalId, now), now, source: source(auth.app) });
      return json(toObject(rec, [...new Set([...DEFAULT_PROPERTIES, ...Object.keys(v.props)])]), 201);
    },
  },
  { method: "POST", path: "/crm/v3/objects/contacts/search", handler: async ({ req, auth }) => search(req, auth.account) },
  { method: "GET", path: "/crm/v3/properties/contacts", handler: async ({ auth }) => listProperties(auth.account) },
  { method: "POST", path: "/crm/v3/properties/contacts", handler: async ({ req, auth }) => createProperty(auth.account, await readJson(req)) },
  {
    method: "POST",
    path: "/crm/v3/objects/contacts/batch/read",
    handler: async ({ req, auth, ctx }) => {
      const parsed = batchReadSchema.safeParse(await readJson(req));
      if (!parsed.success) return badRequest("Invalid input JSON: inputs must be a list of {id}");
      if (parsed.data.inputs.length > 100) return badRequest(`Too many inputs: ${parsed.data.inputs.length} (the limit is 100)`);
      const wanted = parsed.data.properties?.length ? [...new Set([...DEFAULT_PROPERTIES, ...parsed.data.properties])] : null;
      const startedAt = ctx.now().toISOString();
      const results = [];
      const missing: string[] = [];
      for (const { id } of parsed.data.inputs) {
        const rec = parsed.data.idProperty === "email" ? await findByEmail(auth.account, id) : await getRecord(auth.account.id, OBJECT, id);
        if (rec) results.push(toObject(rec, wanted));
        else missing.push(id);
      }
      return batchResult(results, missing, startedAt, ctx.now(), "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.");
    },
  },
  {
    method: "POST",
    path: "/crm/v3/objects/contacts/batch/create",
    handler: async ({ req, auth, ctx }) => {
      const parsed = batchCreateSchema.safeParse(await readJson(req));
      if (!parsed.success) return badRequest("Invalid input JSON: inputs must be a list of {properties}");
      const inputs = parsed.data.inputs;
      if (inputs.length > 100) return badRequest(`Too many inputs: ${inputs.length} (the limit is 100)`);
      // HubSpot validates the whole batch first: one invalid input or existing e-mail fails them all.
      const validated: Props[] = [];
      for (const input of inputs) {
        const v = validateProperties(auth.account, input.properties);
        if (!v.ok) return v.res;
        validated.push(v.props);
      }
      // one lookup for the whole batch's e-mails
      const known = await findRecordsByDataText(auth.account.id, OBJECT, ["properties", "email"], validated.map((p) => p.email ?? ""));
      const emails = new Set<string>();
      for (const p of validated) {
        if (!p.email) continue;
        const existing = known.get(p.email.trim().toLowerCase());
        if (existing || emails.has(p.email)) return err(409, { message: `Contact already exists. Existing ID: ${existing?.externalId ?? "(same batch)"}`, category: "CONFLICT" });
        emails.add(p.email);
      }
      const startedAt = ctx.now().toISOString();
      const results = [];
      for (const [i, p] of validated.entries()) {
        const now = ctx.now();
        const externalId = await nextExternalId(auth.account, contactSpec);
        const rec = await createRecord({ account: auth.account, objectType: OBJECT, externalId, data: stamp(null, p, externalId, now), now, source: source(auth.app) });
        const trace = inputs[i]!.objectWriteTraceId;
        results.push({ ...toObject(rec, [...new Set([...DEFAULT_PROPERTIES, ...Object.keys(p)])]), ...(trace ? { objectWriteTraceId: trace } : {}) });
      }
      return json({ status: "COMPLETE", results, startedAt, completedAt: ctx.now().toISOString() }, 201);
    },
  },
  {
    method: "POST",
    path: "/crm/v3/objects/contacts/batch/update",
    handler: async ({ req, auth, ctx }) => {
      const parsed = batchUpdateSchema.safeParse(await readJson(req));
      if (!parsed.success) return badRequest("Invalid input JSON: inputs must be a list of {id, properties}");
      const inputs = parsed.data.inputs;
      if (inputs.length > 100) return badRequest(`Too many inputs: ${inputs.length} (the limit is 100)`);
      const validated: Props[] = [];
      for (const input of inputs) {
        const v = validateProperties(auth.account, input.properties);
        if (!v.ok) return v.res;
        validated.push(v.props);
      }
      const startedAt = ctx.now().toISOString();
      const results = [];
      const missing: string[] = [];
      for (const [i, p] of validated.entries()) {
        const id = inputs[i]!.id;
        const rec = await getRecord(auth.account.id, OBJECT, id);
        if (!rec) {
          missing.push(id);
          continue;
        }
        const now = ctx.now();
        const updated = await updateRecord({ account: auth.account, objectType: OBJECT, externalId: id, data: stamp(props(rec.data), p, id, now), now, source: source(auth.app), ignoreFields: ["properties.lastmodifieddate"] });
        results.push(toObject(updated!, [...new Set([...DEFAULT_PROPERTIES, ...Object.keys(p)])]));
      }
      return batchResult(results, missing, startedAt, ctx.now(), "Could not update some CONTACT objects, they may be deleted or not exist.");
    },
  },
  {
    method: "POST",
    path: "/crm/v3/objects/contacts/batch/archive",
    handler: async ({ req, auth, ctx }) => {
      const parsed = batchReadSchema.safeParse(await readJson(req));
      if (!parsed.success) return badRequest("Invalid input JSON: inputs must be a list of {id}");
      if (parsed.data.inputs.length > 100) return badRequest(`Too many inputs: ${parsed.data.inputs.length} (the limit is 100)`);
      for (const { id } of parsed.data.inputs) await deleteRecord({ account: auth.account, objectType: OBJECT, externalId: id, now: ctx.now(), source: source(auth.app) });
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/crm/v3/objects/contacts/batch/upsert",
    handler: async ({ req, auth, ctx }) => {
      const parsed = batchUpsertSchema.safeParse(await readJson(req));
      if (!parsed.success) return badRequest("Invalid input JSON: inputs must be a list of {idProperty, id, properties}");
      const inputs = parsed.data.inputs;
      if (inputs.length > 100) return badRequest(`Too many inputs: ${inputs.length} (the limit is 100)`);
      const validated: Props[] = [];
      for (const input of inputs) {
        if ((input.idProperty ?? "hs_object_id") !== "email") return badRequest(`idProperty ${input.idProperty ?? "hs_object_id"} is not a unique property that can be used for upsert`);
        const v = validateProperties(auth.account, { ...input.properties, email: input.id });
        if (!v.ok) return v.res;
        validated.push(v.props);
      }
      const startedAt = ctx.now().toISOString();
      const results = [];
      for (const p of validated) {
        const now = ctx.now();
        const existing = await findByEmail(auth.account, p.email!);
        if (existing) {
          const rec = await updateRecord({ account: auth.account, objectType: OBJECT, externalId: existing.externalId, data: stamp(props(existing.data), p, existing.externalId, now), now, source: source(auth.app), ignoreFields: ["properties.lastmodifieddate"] });
          results.push({ ...toObject(rec!, [...new Set([...DEFAULT_PROPERTIES, ...Object.keys(p)])]), new: false });
        } else {
          const externalId = await nextExternalId(auth.account, contactSpec);
          const rec = await createRecord({ account: auth.account, objectType: OBJECT, externalId, data: stamp(null, p, externalId, now), now, source: source(auth.app) });
          results.push({ ...toObject(rec, [...new Set([...DEFAULT_PROPERTIES, ...Object.keys(p)])]), new: true });
        }
      }
      return json({ status: "COMPLETE", results, startedAt, completedAt: ctx.now().toISOString() });
    },
  },
  {
    method: "GET",
    path: "/crm/v3/objects/contacts/:id",
    handler: async ({ url, params, auth }) => {
      const rec =
        url.searchParams.get("idProperty") === "email"
          ? await findByEmail(auth.account, params.id!)
          : await getRecord(auth.account.id, OBJECT, params.id!);
      return rec ? json(toObject(rec, wantedProperties(url))) : notFound();
    },
  },
  {
    method: "PATCH",
    path: "/crm/v3/objects/contacts/:id",
    handler: async ({ req, url, params, auth, ctx }) => {
      const rec =
        url.searchParams.get("idProperty") === "email"
          ? await findByEmail(auth.account, params.id!)
          : await getRecord(auth.account.id, OBJECT, params.id!);
      if (!rec) return notFound();
      const body = (await readJson(req)) as { properties?: unknown } | null;
      const v = validateProperties(auth.account, body?.properties ?? {});
      if (!v.ok) return v.res;
      if (v.props.email && v.props.email !== props(rec.data).email) {
        const other = await findByEmail(auth.account, v.props.email);
        if (other) return err(409, { message: `Contact already exists. Existing ID: ${other.externalId}`, category: "CONFLICT" });
      }
      const now = ctx.now();
      const updated = await updateRecord({ account: auth.account, objectType: OBJECT, externalId: rec.externalId, data: stamp(props(rec.data), v.props, rec.externalId, now), now, source: source(auth.app), ignoreFields: ["properties.lastmodifieddate"] });
      return json(toObject(updated!, [...new Set([...DEFAULT_PROPERTIES, ...Object.keys(v.props)])]));
    },
  },
  {
    method: "DELETE",
    path: "/crm/v3/objects/contacts/:id",
    handler: async ({ params, auth, ctx }) => {
      await deleteRecord({ account: auth.account, objectType: OBJECT, externalId: params.id!, now: ctx.now(), source: source(auth.app) });
      return new Response(null, { status: 204 });
    },
  },
];

async function authenticate(req: Request, ctx: SandboxContext): Promise<Auth | Response> {
  const auth = await authenticateBearer(req, ctx);
  if (auth.ok) return auth;
  if (auth.reason === "expired") {
    return err(401, { message: "The OAuth token used to make this call expired.", category: "EXPIRED_AUTHENTICATION" });
  }
  return err(401, {
    message: "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
    category: "INVALID_AUTHENTICATION",
  });
}

/** Rate-limit headers as HubSpot sends them (not on search; daily ones only for private apps). */
function decorate(res: Response, auth: Auth, ctx: SandboxContext): Response {
  // Search answers carry none; a 429 already carries its own (exhausted) window.
  if (ctx.path.endsWith("/search") || res.status === 429) return res;
  const max = auth.via === "oauth" ? 110 : 100;
  const used = countRequest(`hubspot:${auth.account.id}`, 10_000);
  const headers: Record<string, string> = {
    "x-hubspot-ratelimit-interval-milliseconds": "10000",
    "x-hubspot-ratelimit-max": String(max),
    "x-hubspot-ratelimit-remaining": String(Math.max(0, max - used)),
  };
  if (auth.via === "api_key") {
    const daily = countRequest(`hubspot-daily:${auth.account.id}`, 86_400_000);
    headers["x-hubspot-ratelimit-daily"] = "250000";
    headers["x-hubspot-ratelimit-daily-remaining"] = String(Math.max(0, 250_000 - daily));
  }
  return withHeaders(res, headers);
}

// ---------------------------------------------------------------------------------------------------
// OAuth + token info + app webhooks

async function tokenInfo(token: string, ctx: SandboxContext): Promise<Response> {
  const row = await db.sandboxToken.findUnique({ where: { tokenHash: sha256(token) }, include: { app: true, account: true } });
  if (!row || row.kind !== "access" || row.app.provider !== ctx.slug || row.revokedAt) return err(404, { message: "Token not found", category: "OBJECT_NOT_FOUND" });
  const expiresIn = row.expiresAt ? Math.max(0, Math.floor((row.expiresAt.getTime() - ctx.now().getTime()) / 1000)) : 0;
  return json({
    token,
    user: "sandbox.user@example.com",
    hub_domain: `${row.account.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}.hubspot.example`,
    scopes: row.scope.split(/\s+/).filter(Boolean),
    hub_id: Number(row.account.externalId),
    app_id: Number(row.app.appExternalId),
    expires_in: expiresIn,
    user_id: 7654321,
    token_type: "access",
  });
}

const tokenErrors: Record<string, string> = {
  invalid_client: "BAD_CLIENT_ID",
  invalid_grant: "BAD_AUTH_CODE",
  invalid_request: "BAD_REQUEST",
  unsupported_grant_type: "BAD_GRANT_TYPE",
};

async function token(req: Request, ctx: SandboxContext): Promise<Response> {
  const grant = new URLSearchParams(await req.clone().text()).get("grant_type");
  return handleToken(req, ctx, {
    accessTokenTtlSeconds: TOKEN_TTL_SECONDS,
    refreshTokenRotates: false,
    echoRefreshToken: true,
    clientAuth: "body",
    tokenPrefix: "hs-sbx-",
    success: (r) =>
      json({ token_type: "bearer", refresh_token: r.refreshToken, access_token: r.accessToken, expires_in: r.expiresIn, hub_id: Number(r.account.externalId), user_id: 7654321, scopes: r.scope.split(/\s+/).filter(Boolean), token_use: "access_token" }),
    error: (code, description) =>
      json({ status: code === "invalid_grant" && grant === "refresh_token" ? "BAD_REFRESH_TOKEN" : tokenErrors[code], message: description, correlationId: randomUUID(), requestId: randomUUID() }, code === "invalid_client" ? 400 : 400),
  });
}

const webhookSettingsSchema = z.object({ targetUrl: z.url(), throttling: z.object({ maxConcurrentRequests: z.number().int().min(5).optional() }).optional() });
const webhookSubscriptionSchema = z.object({ eventType: z.string(), propertyName: z.string().optional(), active: z.boolean().default(true) });

async function appWebhooks(req: Request, ctx: SandboxContext): Promise<Response> {
  const url = new URL(req.url);
  const m = /^\/webhooks\/v3\/([^/]+)\/(settings|subscriptions)$/.exec(ctx.path);
  if (!m) return notFound();
  // The developer key finds its own (workspace's) app; the app id in the path must be that app's.
  const key = url.searchParams.get("hapikey") ?? "";
  const app = await findSandboxOAuthAppByDeveloperKey("hubspot", key);
  if (!app || app.appExternalId !== m[1]) {
    return err(401, { message: "The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/", category: "INVALID_AUTHENTICATION" });
  }
  const existing = await db.sandboxWebhookSubscription.findFirst({ where: { provider: "hubspot", appId: app.id, accountId: null } });
  if (m[2] === "settings") {
    if (req.method === "GET") return existing ? json({ targetUrl: existing.url, throttling: { maxConcurrentRequests: 10 }, createdAt: existing.createdAt.toISOString() }) : notFound();
    if (req.method === "DELETE") {
      if (existing) await db.sandboxWebhookSubscription.delete({ where: { id: existing.id } });
      return new Response(null, { status: 204 });
    }
    if (req.method !== "PUT") return notFound();
    const body = webhookSettingsSchema.safeParse(await readJson(req));
    if (!body.success) return badRequest("targetUrl must be a valid URL");
    const row = existing
      ? await db.sandboxWebhookSubscription.update({ where: { id: existing.id }, data: { url: body.data.targetUrl } })
      : await db.sandboxWebhookSubscription.create({ data: { provider: "hubspot", appId: app.id, url: body.data.targetUrl, events: [] } });
    return json({ targetUrl: row.url, throttling: { maxConcurrentRequests: body.data.throttling?.maxConcurrentRequests ?? 10 }, createdAt: row.createdAt.toISOString(), updatedAt: ctx.now().toISOString() });
  }
  if (req.method === "GET") {
    return json({ results: (existing?.events ?? []).map((e, i) => ({ id: subscriptionId(e), eventType: e.split(":")[0], ...(e.includes(":") ? { propertyName: e.split(":")[1] } : {}), active: true, createdAt: existing!.createdAt.toISOString(), index: i })) });
  }
  if (req.method !== "POST") return notFound();
  if (!existing) return badRequest("Configure the webhook target URL (settings) before adding subscriptions");
  const body = webhookSubscriptionSchema.safeParse(await readJson(req));
  if (!body.success) return badRequest("eventType is required");
  const name = body.data.propertyName ? `${body.data.eventType}:${body.data.propertyName}` : body.data.eventType;
  if (!existing.events.includes(name)) {
    await db.sandboxWebhookSubscription.update({ where: { id: existing.id }, data: { events: [...existing.events, name] } });
  }
  return json({ id: subscriptionId(name), eventType: body.data.eventType, ...(body.data.propertyName ? { propertyName: body.data.propertyName } : {}), active: body.data.active, createdAt: ctx.now().toISOString() }, 201);
}

/** A stable numeric id per subscription name. */
function subscriptionId(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 100000 + (h % 900000);
}

// ---------------------------------------------------------------------------------------------------
// Webhook rendering

function renderWebhooks(input: {
  account: SandboxAccount;
  subscription: { url: string; events: string[] };
  app: SandboxOAuthApp | null;
  changes: readonly SandboxChange[];
  now: Date;
}): RenderedDelivery[] {
  const { account, subscription, app, changes, now } = input;
  if (!app) return [];
  const wants = (name: string) => subscription.events.length === 0 || subscription.events.includes(name);
  const events: Record<string, unknown>[] = [];
  for (const c of changes) {
    if (c.objectType !== OBJECT) continue;
    const base = {
      portalId: Number(account.externalId),
      appId: Number(app.appExternalId),
      occurredAt: c.occurredAt.getTime(),
      attemptNumber: 0,
      objectId: Number(c.externalId),
      changeSource: c.source.kind === "panel" ? "CRM_UI" : "INTEGRATION",
      sourceId: c.source.kind === "panel" ? "userId:7654321" : String(app.appExternalId),
    };
    if (c.kind === "created" && wants("contact.creation")) {
      events.push({ eventId: randomInt(1, 2 ** 31), subscriptionId: subscriptionId("contact.creation"), subscriptionType: "contact.creation", changeFlag: "NEW", ...base });
    } else if (c.kind === "deleted" && wants("contact.deletion")) {
      events.push({ eventId: randomInt(1, 2 ** 31), subscriptionId: subscriptionId("contact.deletion"), subscriptionType: "contact.deletion", changeFlag: "DELETED", ...base });
    } else if (c.kind === "updated") {
      for (const path of c.changedFields) {
        const name = path.replace(/^properties\./, "");
        if (READ_ONLY.has(name)) continue;
        const key = `contact.propertyChange:${name}`;
        if (subscription.events.length && !subscription.events.includes(key)) continue;
        events.push({ eventId: randomInt(1, 2 ** 31), subscriptionId: subscriptionId(key), subscriptionType: "contact.propertyChange", propertyName: name, propertyValue: props(c.data)[name] ?? "", ...base });
      }
    }
  }
  const deliveries: RenderedDelivery[] = [];
  for (let i = 0; i < events.length; i += 100) {
    const body = JSON.stringify(events.slice(i, i + 100));
    const timestamp = String(now.getTime());
    deliveries.push({
      body,
      headers: {
        "content-type": "application/json",
        "x-hubspot-signature": hubspotSignatureV1(app.clientSecret, body),
        "x-hubspot-signature-version": "v1",
        "x-hubspot-signature-v3": hubspotSignatureV3({ clientSecret: app.clientSecret, method: "POST", url: subscription.url, body, timestamp }),
        "x-hubspot-request-timestamp": timestamp,
        "x-hubspot-timeout-millis": "5000",
        "user-agent": "HubSpot Connect 2.0 (sandbox)",
      },
    });
  }
  return deliveries;
}

// ---------------------------------------------------------------------------------------------------
// Control panel object + seed

const contactSpec: SandboxObjectSpec = {
  type: OBJECT,
  label: "Contacts",
  seedCount: 250,
  fields: [
    { name: "firstname", label: "First name" },
    { name: "lastname", label: "Last name" },
    { name: "email", label: "Email", type: "email" },
    { name: "phone", label: "Phone", type: "tel" },
    { name: "company", label: "Company" },
    { name: "jobtitle", label: "Job title" },
    { name: "lifecyclestage", label: "Lifecycle stage", type: "select", options: ["", ...LIFECYCLE_STAGES] },
    { name: "hs_lead_status", label: "Lead status", type: "select", options: ["", ...LEAD_STATUSES] },
    { name: "hubspot_owner_id", label: "Owner id", type: "select", options: ["", ...OWNER_IDS] },
    { name: "favorite_product", label: "Favorite product (custom)" },
  ],
  newExternalId: (_account, n) => String(10_000 + n),
  seed: ({ rng, externalId, index, now }) => {
    const person = fakePerson(rng, index);
    const createdAt = pastDate(rng, now, 365);
    const updatedAt = new Date(createdAt.getTime() + Math.floor(rng.next() * (now.getTime() - createdAt.getTime())));
    const p: Props = {
      email: person.email,
      firstname: person.firstName,
      lastname: person.lastName,
      phone: person.phone,
      company: person.company,
      jobtitle: person.jobTitle,
      city: person.city,
      state: person.state,
      country: person.country,
      website: `https://${person.domain}`,
      lifecyclestage: rng.pick(LIFECYCLE_STAGES),
      hs_lead_status: rng.pick(LEAD_STATUSES),
      hubspot_owner_id: rng.pick(OWNER_IDS),
      hs_analytics_source: rng.pick(["ORGANIC_SEARCH", "DIRECT_TRAFFIC", "PAID_SEARCH", "REFERRALS", "OFFLINE"]),
      hs_email_optout: rng.chance(0.1) ? "true" : "false",
      createdate: createdAt.toISOString(),
      lastmodifieddate: updatedAt.toISOString(),
      hs_object_id: externalId,
    };
    return { data: { properties: p }, createdAt, updatedAt };
  },
  summary: (data) => {
    const p = props(data);
    return { title: [p.firstname, p.lastname].filter(Boolean).join(" ") || (p.email ?? "(no name)"), subtitle: [p.email, p.company].filter(Boolean).join(" · ") };
  },
  toForm: (data) => Object.fromEntries(Object.entries(props(data)).map(([k, v]) => [k, v ?? ""])),
  fromForm: (values, { existing, externalId, now }) => {
    const changes: Props = {};
    for (const f of contactSpec.fields) if (values[f.name] !== undefined) changes[f.name] = values[f.name]!.trim();
    if (changes.email) changes.email = changes.email.toLowerCase();
    return stamp(existing ? props(existing) : null, changes, externalId, now);
  },
};

// ---------------------------------------------------------------------------------------------------

export const hubspotSandbox: ProviderSandbox = {
  slug: "hubspot",
  objects: [contactSpec],
  newAccount: ({ key, rng }) => ({
    name: key === "default" ? "Acme Demo (HubSpot)" : `HubSpot portal ${key}`,
    externalId: String(rng.int(20_000_000, 49_999_999)),
  }),
  oauthApp: {
    name: "Switchboard (sandbox app)",
    // HubSpot shapes: numeric app id, UUID client id and secret, UUID developer key (hapikey).
    newCredentials: (random) => ({
      appExternalId: String(random.int(1_000_000, 9_999_999)),
      clientId: random.uuid(),
      clientSecret: random.uuid(),
      developerApiKey: random.uuid(),
    }),
  },
  faults,
  renderWebhooks,
  async handle(req, ctx) {
    const p = ctx.path;
    if (p === "/oauth/authorize") return handleAuthorize(req, ctx, { providerName: "HubSpot", accent: "#ff7a59" });
    if (p === "/oauth/v1/token" && req.method === "POST") return token(req, ctx);
    const tokenMatch = /^\/oauth\/v1\/access-tokens\/([^/]+)$/.exec(p);
    if (tokenMatch && req.method === "GET") return tokenInfo(decodeURIComponent(tokenMatch[1]!), ctx);
    const revokeMatch = /^\/oauth\/v1\/refresh-tokens\/([^/]+)$/.exec(p);
    if (revokeMatch && req.method === "DELETE") {
      return (await revokeToken("hubspot", decodeURIComponent(revokeMatch[1]!), ctx.now())) ? new Response(null, { status: 204 }) : notFound();
    }
    if (p.startsWith("/webhooks/v3/")) return appWebhooks(req, ctx);
    return serveApi<Auth>(req, ctx, { routes, authenticate, faults, notFound, decorate });
  },
};

