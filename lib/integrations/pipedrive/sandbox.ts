// A faithful fake of Pipedrive for one company per sandbox account: persons and organisations over API v2
// (cursor paging, updated_since / updated_until, exact e-mail search), users/me and webhooks over v1,
// OAuth (authorize + token with Basic client auth and `api_domain`), the `{success:false, error, ...}`
// envelope, x-ratelimit-* and daily token headers, and webhooks (v2 payloads, HTTP Basic auth).
import { createHash, randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { allocateNumbers } from "@/lib/integrations/sandbox/accounts";
import { fakePerson, pastDate } from "@/lib/integrations/sandbox/fake-people";
import { authenticateToken, handleAuthorize, handleToken, revokeToken } from "@/lib/integrations/sandbox/oauth";
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  nextExternalId,
  updateRecord,
  type ChangeSource,
} from "@/lib/integrations/sandbox/record-store";
import type {
  ProviderSandbox,
  RenderedDelivery,
  SandboxAccount,
  SandboxChange,
  SandboxContext,
  SandboxData,
  SandboxOAuthAppSpec,
  SandboxObjectSpec,
} from "@/lib/integrations/sandbox/sandbox-types";
import { countRequest, json, readJson, serveApi, withHeaders, type ApiRoute, type RouteArgs } from "@/lib/integrations/sandbox/serve-api";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";

const SLUG = "pipedrive";
const PERSONS = "persons";
const ORGS = "organizations";
const PERSON_FIELDS = "person_fields";
/** The seeded custom field every sandbox company has ("Tier"). */
export const PIPEDRIVE_TIER_FIELD = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
const PAGE_MAX = 500;
const BURST_LIMIT = 80;
const BURST_WINDOW_MS = 2_000;
const DAILY_TOKENS = 30_000;
const MARKETING_STATUSES = ["no_consent", "unsubscribed", "subscribed", "archived"];
const ERROR_INFO = "Please check developers.pipedrive.com";

// ------------------------------------------------------------------------------------------------
// Error envelope

function fail(status: number, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return json({ success: false, error, error_info: ERROR_INFO, data: null, additional_data: null, ...extra }, status, headers);
}

const unauthorized = () =>
  json({ success: false, error: "unauthorized access", errorCode: 401, error_info: ERROR_INFO }, 401, {
    "x-401-by-gw": "true",
    "x-correlation-id": randomUUID(),
  });

const validation = (message: string) => fail(400, `Validation failed: ${message}`, { code: "ERR_SCHEMA_VALIDATION_FAILED" });

// ------------------------------------------------------------------------------------------------
// Company setup

/** The account's external id is the Pipedrive company id (users/me `company_id`). */
function companyOf(account: SandboxAccount) {
  const companyId = Number.parseInt(account.externalId, 10);
  return { companyId, userId: 12_000_000 + (companyId % 100_000), ownerIds: [0, 1, 2].map((i) => 12_000_000 + (companyId % 100_000) + i) };
}

type Auth = { account: SandboxAccount; appId: string | null; via: "oauth" | "api_key" };
type Args = RouteArgs<Auth>;
const source = (auth: Auth): ChangeSource => ({ kind: "api", appId: auth.appId });

/** RFC 3339 in UTC without fractional seconds, as Pipedrive v2 prints times. */
function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A query timestamp: RFC 3339 without milliseconds (Pipedrive answers 400 to fractions). */
function parseQueryTime(v: string | null, name: string): number | null | Response {
  if (v === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.test(v)) return validation(`${name}: must be an RFC 3339 date-time without fractional seconds`);
  const t = Date.parse(v);
  return Number.isNaN(t) ? validation(`${name}: invalid date`) : t;
}

const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString("base64url");
function offsetOf(cursor: string | null): number | null {
  if (!cursor) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return m ? Number(m[1]) : null;
}

function limitOf(url: URL, def: number, max: number): number | Response {
  const raw = url.searchParams.get("limit");
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) return validation(`limit: must be an integer between 1 and ${max}`);
  return n;
}

// ------------------------------------------------------------------------------------------------
// Persons

/** The REST shape: marketing_status only when asked for via include_fields. */
function personOut(data: SandboxData, includeFields: string[]): SandboxData {
  const { marketing_status, ...rest } = data;
  return includeFields.includes("marketing_status") ? { ...rest, marketing_status: marketing_status ?? "no_consent" } : rest;
}

function includeFieldsOf(url: URL): string[] {
  return (url.searchParams.get("include_fields") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

type ContactPoint = { value: string; primary: boolean; label: string };

function contactPoints(v: unknown, name: string): ContactPoint[] | string {
  if (!Array.isArray(v)) return `${name}: must be an array`;
  const out: ContactPoint[] = [];
  for (const item of v) {
    if (!item || typeof item !== "object" || typeof (item as { value?: unknown }).value !== "string") return `${name}: each item needs a string value`;
    const p = item as { value: string; primary?: unknown; label?: unknown };
    out.push({ value: p.value, primary: p.primary === true, label: typeof p.label === "string" ? p.label : "work" });
  }
  if (out.length && !out.some((p) => p.primary)) out[0]!.primary = true;
  return out;
}

/** Validate an AddPersonRequest / UpdatePersonRequest and apply it onto `base`. */
async function applyPersonBody(account: SandboxAccount, base: SandboxData, body: Record<string, unknown>, creating: boolean): Promise<SandboxData | Response> {
  const allowed = ["name", "owner_id", "org_id", "emails", "phones", "visible_to", "label_ids", "marketing_status", "custom_fields", "add_time"];
  for (const key of Object.keys(body)) if (!allowed.includes(key)) return validation(`${key}: unknown property`);
  const next: SandboxData = { ...base };
  if (creating && (typeof body["name"] !== "string" || body["name"].trim() === "")) return validation("name: Parameter is required");
  if ("name" in body) {
    if (typeof body["name"] !== "string" || body["name"].trim() === "") return validation("name: must be a non-empty string");
    const name = body["name"].trim();
    const i = name.indexOf(" ");
    next["name"] = name;
    next["first_name"] = i === -1 ? name : name.slice(0, i);
    next["last_name"] = i === -1 ? null : name.slice(i + 1).trim() || null;
  }
  for (const key of ["owner_id", "org_id", "visible_to"] as const) {
    if (!(key in body)) continue;
    const v = body[key];
    if (v !== null && (typeof v !== "number" || !Number.isInteger(v))) return validation(`${key}: must be an integer`);
    next[key] = v;
  }
  if (typeof body["org_id"] === "number" && !(await getRecord(account.id, ORGS, String(body["org_id"])))) {
    return fail(404, "Organization not found");
  }
  for (const key of ["emails", "phones"] as const) {
    if (!(key in body)) continue;
    const v = body[key] === null ? [] : contactPoints(body[key], key);
    if (typeof v === "string") return validation(v);
    if (key === "emails" && v.some((p) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.value))) return validation("emails: invalid email address");
    next[key] = v;
  }
  if ("label_ids" in body) {
    const v = body["label_ids"];
    if (v !== null && (!Array.isArray(v) || v.some((x) => typeof x !== "number"))) return validation("label_ids: must be an array of integers");
    next["label_ids"] = v ?? [];
  }
  if ("marketing_status" in body) {
    const v = body["marketing_status"];
    if (typeof v !== "string" || !MARKETING_STATUSES.includes(v)) return validation(`marketing_status: must be one of ${MARKETING_STATUSES.join(", ")}`);
    next["marketing_status"] = v;
  }
  if ("custom_fields" in body) {
    const v = body["custom_fields"];
    if (v === null || typeof v !== "object" || Array.isArray(v)) return validation("custom_fields: must be an object");
    const merged = { ...((base["custom_fields"] as Record<string, unknown> | undefined) ?? {}) };
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (val === null) delete merged[k];
      else merged[k] = val;
    }
    next["custom_fields"] = merged;
  }
  return next;
}

async function listPersons({ url, auth }: Args): Promise<Response> {
  const limit = limitOf(url, 100, PAGE_MAX);
  if (limit instanceof Response) return limit;
  const since = parseQueryTime(url.searchParams.get("updated_since"), "updated_since");
  if (since instanceof Response) return since;
  const until = parseQueryTime(url.searchParams.get("updated_until"), "updated_until");
  if (until instanceof Response) return until;
  const sortBy = url.searchParams.get("sort_by") ?? "id";
  if (!["id", "update_time", "add_time"].includes(sortBy)) return validation("sort_by: must be one of id, update_time, add_time");
  const direction = url.searchParams.get("sort_direction") ?? "asc";
  if (!["asc", "desc"].includes(direction)) return validation("sort_direction: must be asc or desc");
  const offset = offsetOf(url.searchParams.get("cursor"));
  if (offset === null) return validation("cursor: invalid cursor");
  const ownerId = url.searchParams.get("owner_id");
  const orgId = url.searchParams.get("org_id");
  const ids = url.searchParams.get("ids")?.split(",").map((s) => s.trim()).filter(Boolean);
  if (ids && ids.length > 100) return validation("ids: at most 100 ids");
  const sign = direction === "desc" ? -1 : 1;
  const key = (d: SandboxData): number => (sortBy === "id" ? Number(d["id"]) : Date.parse(String(d[sortBy])));
  const rows = (await listRecords(auth.account.id, PERSONS))
    .map((r) => r.data)
    .filter((d) => {
      const updated = Date.parse(String(d["update_time"]));
      // updated_since is inclusive, updated_until exclusive
      if (since !== null && updated < since) return false;
      if (until !== null && updated >= until) return false;
      if (ownerId && String(d["owner_id"]) !== ownerId) return false;
      if (orgId && String(d["org_id"]) !== orgId) return false;
      if (ids && !ids.includes(String(d["id"]))) return false;
      return true;
    })
    .sort((a, b) => sign * (key(a) - key(b) || Number(a["id"]) - Number(b["id"])));
  const page = rows.slice(offset, offset + limit);
  const include = includeFieldsOf(url);
  return json({
    success: true,
    data: page.map((d) => personOut(d, include)),
    additional_data: { next_cursor: offset + limit < rows.length ? cursorOf(offset + limit) : null },
  });
}

async function getPerson({ url, params, auth }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, PERSONS, params["id"]!, { includeDeleted: true });
  if (!rec) return fail(404, "Person not found");
  // soft-deleted persons stay readable (is_deleted: true) until purged after 30 days
  return json({ success: true, data: personOut(rec.deleted ? { ...rec.data, is_deleted: true } : rec.data, includeFieldsOf(url)) });
}

async function createPerson({ req, auth, ctx }: Args): Promise<Response> {
  const body = await readJson(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) return validation("request body must be a JSON object");
  const id = await nextExternalId(auth.account, personsSpec);
  const now = rfc3339(ctx.now());
  const company = companyOf(auth.account);
  const base: SandboxData = {
    id: Number(id), name: null, first_name: null, last_name: null, owner_id: company.userId, org_id: null,
    add_time: now, update_time: now, emails: [], phones: [], is_deleted: false, visible_to: 3, label_ids: [],
    picture_id: null, custom_fields: {}, marketing_status: "no_consent",
  };
  const data = await applyPersonBody(auth.account, base, body as Record<string, unknown>, true);
  if (data instanceof Response) return data;
  await createRecord({ account: auth.account, objectType: PERSONS, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json({ success: true, data: personOut(data, ["marketing_status"]), additional_data: null });
}

async function updatePerson({ req, params, auth, ctx }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, PERSONS, params["id"]!);
  if (!rec) return fail(404, "Person not found");
  const body = await readJson(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) return validation("request body must be a JSON object");
  const applied = await applyPersonBody(auth.account, rec.data, body as Record<string, unknown>, false);
  if (applied instanceof Response) return applied;
  const data = { ...applied, update_time: rfc3339(ctx.now()) };
  const saved = await updateRecord({
    account: auth.account, objectType: PERSONS, externalId: rec.externalId, data, now: ctx.now(), source: source(auth), ignoreFields: ["update_time"],
  });
  return json({ success: true, data: personOut(saved?.data ?? data, ["marketing_status"]), additional_data: null });
}

async function removePerson({ params, auth, ctx }: Args): Promise<Response> {
  const ok = await deleteRecord({ account: auth.account, objectType: PERSONS, externalId: params["id"]!, now: ctx.now(), source: source(auth) });
  return ok ? json({ success: true, data: { id: Number(params["id"]) } }) : fail(404, "Person not found");
}

async function searchPersons({ url, auth }: Args): Promise<Response> {
  const term = (url.searchParams.get("term") ?? "").trim();
  const exact = url.searchParams.get("exact_match") === "true";
  if (term.length < (exact ? 1 : 2)) return validation(`term: must be at least ${exact ? 1 : 2} characters long`);
  const fields = (url.searchParams.get("fields") ?? "custom_fields,email,notes,phone,name").split(",").map((s) => s.trim());
  const limit = limitOf(url, 100, PAGE_MAX);
  if (limit instanceof Response) return limit;
  const offset = offsetOf(url.searchParams.get("cursor"));
  if (offset === null) return validation("cursor: invalid cursor");
  const t = term.toLowerCase();
  const hit = (v: unknown) => typeof v === "string" && (exact ? v.toLowerCase() === t : v.toLowerCase().includes(t));
  const orgs = new Map((await listRecords(auth.account.id, ORGS)).map((r) => [r.externalId, r.data]));
  const matches = (await listRecords(auth.account.id, PERSONS))
    .map((r) => r.data)
    .filter((d) => {
      const points = (k: string) => ((d[k] as ContactPoint[] | undefined) ?? []).map((p) => p.value);
      return (
        (fields.includes("email") && points("emails").some(hit)) ||
        (fields.includes("phone") && points("phones").some(hit)) ||
        (fields.includes("name") && hit(d["name"]))
      );
    })
    .sort((a, b) => Number(a["id"]) - Number(b["id"]));
  const page = matches.slice(offset, offset + limit);
  return json({
    success: true,
    data: {
      items: page.map((d) => {
        const org = d["org_id"] === null ? null : orgs.get(String(d["org_id"]));
        return {
          result_score: exact ? 1 : 0.5,
          item: {
            id: d["id"],
            type: "person",
            name: d["name"],
            phones: ((d["phones"] as ContactPoint[] | undefined) ?? []).map((p) => p.value),
            emails: ((d["emails"] as ContactPoint[] | undefined) ?? []).map((p) => p.value),
            visible_to: d["visible_to"],
            owner: { id: d["owner_id"] },
            organization: org ? { id: org["id"], name: org["name"], address: org["address"] ?? null } : null,
            custom_fields: [],
            notes: [],
          },
        };
      }),
    },
    additional_data: { next_cursor: offset + limit < matches.length ? cursorOf(offset + limit) : null },
  });
}

// ------------------------------------------------------------------------------------------------
// Organisations (enough for the company <-> org_id mapping)

async function listOrgs({ url, auth }: Args): Promise<Response> {
  const limit = limitOf(url, 100, PAGE_MAX);
  if (limit instanceof Response) return limit;
  const offset = offsetOf(url.searchParams.get("cursor"));
  if (offset === null) return validation("cursor: invalid cursor");
  const ids = url.searchParams.get("ids")?.split(",").map((s) => s.trim()).filter(Boolean);
  if (ids && ids.length > 100) return validation("ids: at most 100 ids");
  const rows = (await listRecords(auth.account.id, ORGS)).map((r) => r.data).filter((d) => !ids || ids.includes(String(d["id"])))
    .sort((a, b) => Number(a["id"]) - Number(b["id"]));
  return json({ success: true, data: rows.slice(offset, offset + limit), additional_data: { next_cursor: offset + limit < rows.length ? cursorOf(offset + limit) : null } });
}

async function searchOrgs({ url, auth }: Args): Promise<Response> {
  const term = (url.searchParams.get("term") ?? "").trim();
  const exact = url.searchParams.get("exact_match") === "true";
  if (term.length < (exact ? 1 : 2)) return validation(`term: must be at least ${exact ? 1 : 2} characters long`);
  const limit = limitOf(url, 100, PAGE_MAX);
  if (limit instanceof Response) return limit;
  const t = term.toLowerCase();
  const rows = (await listRecords(auth.account.id, ORGS))
    .map((r) => r.data)
    .filter((d) => typeof d["name"] === "string" && (exact ? d["name"].toLowerCase() === t : d["name"].toLowerCase().includes(t)))
    .slice(0, limit);
  return json({
    success: true,
    data: { items: rows.map((d) => ({ result_score: 1, item: { id: d["id"], type: "organization", name: d["name"], address: d["address"] ?? null, visible_to: d["visible_to"], owner: { id: d["owner_id"] }, custom_fields: [], notes: [] } })) },
    additional_data: { next_cursor: null },
  });
}

async function createOrg({ req, auth, ctx }: Args): Promise<Response> {
  const body = (await readJson(req)) as Record<string, unknown> | null;
  if (!body || typeof body["name"] !== "string" || body["name"].trim() === "") return validation("name: Parameter is required");
  const id = await nextExternalId(auth.account, orgsSpec);
  const now = rfc3339(ctx.now());
  const data: SandboxData = {
    id: Number(id), name: body["name"].trim(), owner_id: companyOf(auth.account).userId, add_time: now, update_time: now,
    visible_to: 3, address: null, is_deleted: false, label_ids: [], custom_fields: {},
  };
  await createRecord({ account: auth.account, objectType: ORGS, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json({ success: true, data, additional_data: null });
}

// ------------------------------------------------------------------------------------------------
// v2 person fields (standard fields and the company's custom ones)

type FieldOption = { id: number; label: string };
type PersonField = { field_code: string; field_name: string; field_type: string; is_custom_field: boolean; is_optional_response_field: boolean; options: FieldOption[] | null };

const LABELS: FieldOption[] = [
  { id: 1, label: "Customer" },
  { id: 2, label: "Hot lead" },
  { id: 3, label: "Warm lead" },
  { id: 4, label: "Cold lead" },
];

const STANDARD_PERSON_FIELDS: PersonField[] = [
  ["name", "Name", "varchar"], ["first_name", "First name", "varchar"], ["last_name", "Last name", "varchar"],
  ["emails", "Email", "varchar"], ["phones", "Phone", "phone"], ["org_id", "Organization", "org"], ["owner_id", "Owner", "user"],
  ["label_ids", "Labels", "set"], ["marketing_status", "Marketing status", "enum"], ["visible_to", "Visible to", "visible_to"],
  ["job_title", "Job title", "varchar"], ["birthday", "Birthday", "date"], ["notes", "Notes", "text"], ["postal_address", "Postal address", "address"],
  ["add_time", "Person created", "date"], ["update_time", "Update time", "date"], ["picture_id", "Profile picture", "picture"],
].map(([field_code, field_name, field_type]) => ({
  field_code: field_code!,
  field_name: field_name!,
  field_type: field_type!,
  is_custom_field: false,
  is_optional_response_field: field_code === "marketing_status",
  options: field_code === "label_ids" ? LABELS : field_code === "marketing_status" ? MARKETING_STATUSES.map((label, i) => ({ id: i + 1, label })) : null,
}));

async function personFields(account: SandboxAccount): Promise<PersonField[]> {
  const tier: PersonField = { field_code: PIPEDRIVE_TIER_FIELD, field_name: "Tier", field_type: "varchar", is_custom_field: true, is_optional_response_field: false, options: null };
  const created = (await listRecords(account.id, PERSON_FIELDS)).map((r) => r.data as PersonField);
  return [...STANDARD_PERSON_FIELDS, tier, ...created];
}

async function listPersonFields({ url, auth }: Args): Promise<Response> {
  const limit = limitOf(url, 100, PAGE_MAX);
  if (limit instanceof Response) return limit;
  const offset = offsetOf(url.searchParams.get("cursor"));
  if (offset === null) return validation("cursor: invalid cursor");
  const all = await personFields(auth.account);
  return json({ success: true, data: all.slice(offset, offset + limit), additional_data: { next_cursor: offset + limit < all.length ? cursorOf(offset + limit) : null } });
}

const NEW_FIELD_TYPES = ["varchar", "text", "double", "phone", "date", "daterange", "time", "timerange", "set", "enum", "varchar_auto", "address", "monetary", "org", "people", "user"];

async function addPersonField({ req, auth, ctx }: Args): Promise<Response> {
  const body = (await readJson(req)) as Record<string, unknown> | null;
  if (!body || typeof body !== "object" || Array.isArray(body)) return validation("request body must be a JSON object");
  for (const key of Object.keys(body)) if (!["field_name", "field_type", "options", "ui_visibility", "important_fields", "required_fields"].includes(key)) return validation(`${key}: unknown property`);
  const name = body["field_name"];
  const type = body["field_type"];
  if (typeof name !== "string" || name.trim() === "") return validation("field_name: Parameter is required");
  if (typeof type !== "string" || !NEW_FIELD_TYPES.includes(type)) return validation(`field_type: must be one of ${NEW_FIELD_TYPES.join(", ")}`);
  const options = body["options"];
  const withOptions = type === "enum" || type === "set";
  if (withOptions && (!Array.isArray(options) || options.length === 0)) return validation("options: required for enum and set fields");
  if (options !== undefined && (!Array.isArray(options) || options.some((o) => !o || typeof (o as { label?: unknown }).label !== "string"))) {
    return validation("options: each option needs a label");
  }
  const code = createHash("sha1").update(`${auth.account.id}:${randomUUID()}`).digest("hex");
  const field: PersonField = {
    field_code: code,
    field_name: name.trim(),
    field_type: type,
    is_custom_field: true,
    is_optional_response_field: false,
    options: withOptions ? (options as { label: string }[]).map((o, i) => ({ id: i + 1, label: o.label })) : null,
  };
  await createRecord({ account: auth.account, objectType: PERSON_FIELDS, externalId: code, data: field, now: ctx.now(), source: source(auth) });
  return json({ success: true, data: field });
}

// ------------------------------------------------------------------------------------------------
// v1 recents: what changed since a time, deletions included (a deleted person shows active_flag false)

async function recents({ url, auth }: Args): Promise<Response> {
  const since = url.searchParams.get("since_timestamp");
  if (!since || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(since)) return fail(400, "since_timestamp: required, format YYYY-MM-DD HH:MM:SS");
  const from = Date.parse(`${since.replace(" ", "T")}Z`);
  const items = (url.searchParams.get("items") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const start = Number(url.searchParams.get("start") ?? 0);
  const limit = Number(url.searchParams.get("limit") ?? 100);
  if (!Number.isInteger(start) || start < 0) return fail(400, "start: must be a non-negative integer");
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) return fail(400, `limit: must be an integer between 1 and ${PAGE_MAX}`);
  const wanted = (item: string) => items.length === 0 || items.includes(item);
  const rows: { item: string; id: number; at: number; data: SandboxData }[] = [];
  for (const [type, item] of [[PERSONS, "person"], [ORGS, "organization"]] as const) {
    if (!wanted(item)) continue;
    for (const r of await listRecords(auth.account.id, type, { includeDeleted: true })) {
      const at = (r.deleted ? r.deletedAt : null)?.getTime() ?? r.updatedAt.getTime();
      if (at < from) continue;
      const when = new Date(at).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "");
      const data = type === PERSONS ? v1Person(r.data) : r.data;
      rows.push({ item, id: Number(r.externalId), at, data: { ...data, active_flag: !r.deleted, update_time: when } });
    }
  }
  rows.sort((a, b) => a.at - b.at || a.id - b.id);
  const page = rows.slice(start, start + limit);
  const last = page.at(-1);
  return json({
    success: true,
    data: page.map(({ item, id, data }) => ({ item, id, data })),
    additional_data: {
      since_timestamp: since,
      last_timestamp_on_page: last ? new Date(last.at).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "") : null,
      pagination: { start, limit, more_items_in_collection: start + limit < rows.length, ...(start + limit < rows.length ? { next_start: start + limit } : {}) },
    },
  });
}

// ------------------------------------------------------------------------------------------------
// v1: users/me and webhooks

async function me({ auth }: Args): Promise<Response> {
  const company = companyOf(auth.account);
  const domain = auth.account.name.toLowerCase().replace(/[^a-z0-9]+/g, "").slice(0, 20) || "sandbox";
  return json({
    success: true,
    data: {
      id: company.userId,
      name: "Sandbox Admin",
      email: `admin@${domain}.example`,
      company_id: company.companyId,
      company_name: auth.account.name,
      company_domain: domain,
      is_admin: 1,
      active_flag: true,
      timezone_name: "Europe/Helsinki",
      locale: "en_US",
    },
  });
}

async function addWebhook({ req, auth, ctx }: Args): Promise<Response> {
  const body = (await readJson(req)) as Record<string, unknown> | null;
  if (!body) return fail(400, "Invalid request body");
  const url = body["subscription_url"];
  const action = body["event_action"];
  const object = body["event_object"];
  const problems: string[] = [];
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) problems.push("subscription_url");
  if (typeof action !== "string" || !["create", "change", "delete", "*", "added", "updated", "deleted", "merged"].includes(action)) problems.push("event_action");
  if (typeof object !== "string" || !["person", "organization", "deal", "lead", "activity", "note", "pipeline", "product", "stage", "user", "*"].includes(object)) problems.push("event_object");
  if (problems.length) return fail(400, `Invalid or missing parameters: ${problems.join(", ")}`);
  const existing = await db.sandboxWebhookSubscription.count({ where: { provider: SLUG, accountId: auth.account.id, active: true } });
  if (existing >= 40) return fail(400, "Webhook limit reached: 40 per user");
  const id = await allocateNumbers(auth.account.id);
  const version = body["version"] === "1.0" ? "1.0" : "2.0";
  const user = typeof body["http_auth_user"] === "string" ? body["http_auth_user"] : null;
  const password = typeof body["http_auth_password"] === "string" ? body["http_auth_password"] : null;
  const company = companyOf(auth.account);
  await createSandboxSubscription({
    provider: SLUG,
    accountId: auth.account.id,
    url: url as string,
    secret: password,
    events: [`${String(action)}.${String(object)}`],
    settings: { webhookId: id, httpAuthUser: user, version },
  });
  return json(
    {
      status: "ok",
      success: true,
      data: {
        id,
        company_id: company.companyId,
        owner_id: company.userId,
        user_id: typeof body["user_id"] === "number" ? body["user_id"] : company.userId,
        event_action: action,
        event_object: object,
        subscription_url: url,
        is_active: 1,
        add_time: rfc3339(ctx.now()),
        remove_time: null,
        type: "general",
        http_auth_user: user,
        http_auth_password: password ? "*****" : null,
        additional_data: [],
        remove_reason: null,
        last_delivery_time: null,
        last_http_status: null,
        admin_id: company.userId,
        name: typeof body["name"] === "string" ? body["name"] : null,
        version,
      },
    },
    201,
  );
}

async function deleteWebhook({ params, auth }: Args): Promise<Response> {
  const subs = await db.sandboxWebhookSubscription.findMany({ where: { provider: SLUG, accountId: auth.account.id, active: true } });
  const sub = subs.find((s) => String((s.settings as { webhookId?: unknown }).webhookId) === params["id"]);
  if (!sub) return fail(404, "Webhook not found");
  await db.sandboxWebhookSubscription.update({ where: { id: sub.id }, data: { active: false } });
  return json({ status: "ok", success: true });
}

// ------------------------------------------------------------------------------------------------
// Routing, auth, rate-limit headers

/** Token cost of a request (x-token-cost in Pipedrive's OpenAPI: about 1 get, 10 list/search, 5 write). */
function cost(method: string, path: string): number {
  if (method === "GET") return /\/\d+$/.test(path) || path.endsWith("/me") ? 1 : 10;
  return 5;
}

const routes: ApiRoute<Auth>[] = [
  { method: "GET", path: "/api/v1/users/me", handler: me },
  { method: "GET", path: "/api/v1/recents", handler: recents },
  { method: "GET", path: "/api/v2/personFields", handler: listPersonFields },
  { method: "POST", path: "/api/v2/personFields", handler: addPersonField },
  { method: "POST", path: "/api/v1/webhooks", handler: addWebhook },
  { method: "DELETE", path: "/api/v1/webhooks/:id", handler: deleteWebhook },
  { method: "GET", path: "/api/v2/persons/search", handler: searchPersons },
  { method: "GET", path: "/api/v2/persons", handler: listPersons },
  { method: "POST", path: "/api/v2/persons", handler: createPerson },
  { method: "GET", path: "/api/v2/persons/:id", handler: getPerson },
  { method: "PATCH", path: "/api/v2/persons/:id", handler: updatePerson },
  { method: "DELETE", path: "/api/v2/persons/:id", handler: removePerson },
  { method: "GET", path: "/api/v2/organizations/search", handler: searchOrgs },
  { method: "GET", path: "/api/v2/organizations", handler: listOrgs },
  { method: "POST", path: "/api/v2/organizations", handler: createOrg },
];

const faults: ProviderSandbox["faults"] = {
  // the 429 body is not documented; this is the shape a third-party fake quotes
  rateLimited: (retryAfterSeconds) =>
    json({ success: false, error: "Rate limit exceeded", errorCode: 429 }, 429, {
      "retry-after": String(retryAfterSeconds),
      "x-ratelimit-limit": String(BURST_LIMIT),
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(retryAfterSeconds),
    }),
  serverError: () => json({ success: false, error: "Internal server error", errorCode: 500, error_info: ERROR_INFO }, 500),
};

async function authenticate(req: Request, ctx: SandboxContext): Promise<Auth | Response> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (bearer) {
    const auth = await authenticateToken(bearer[1]!, ctx);
    // API tokens are not bearer tokens in Pipedrive; only OAuth access tokens are
    if (auth.ok && auth.via === "oauth") return { account: auth.account, appId: auth.app?.id ?? null, via: "oauth" };
    return unauthorized();
  }
  const token = req.headers.get("x-api-token") ?? new URL(req.url).searchParams.get("api_token");
  if (!token) return unauthorized();
  const auth = await authenticateToken(token, ctx);
  if (auth.ok && auth.via === "api_key") return { account: auth.account, appId: null, via: "api_key" };
  return unauthorized();
}

const oauthApp: SandboxOAuthAppSpec = {
  name: "Switchboard (sandbox)",
  // Pipedrive shapes: 16-hex client id, 40-hex client secret.
  newCredentials: (random) => ({ appExternalId: random.hex(5), clientId: random.hex(8), clientSecret: random.hex(20) }),
};

async function handle(req: Request, ctx: SandboxContext): Promise<Response> {
  if (ctx.path === "/oauth/authorize") return handleAuthorize(req, ctx, { providerName: "Pipedrive", accent: "#017737" });
  if (ctx.path === "/oauth/token" && req.method === "POST") {
    return handleToken(req, ctx, {
      accessTokenTtlSeconds: 3_599,
      refreshTokenRotates: false,
      echoRefreshToken: true,
      clientAuth: "basic",
      tokenPrefix: "pd-",
      success: (r) =>
        json({
          access_token: r.accessToken,
          token_type: "Bearer",
          expires_in: r.expiresIn,
          refresh_token: r.refreshToken,
          // scopes live on the app, not in the authorize request
          scope: "base,contacts:full",
          api_domain: ctx.baseUrl,
        }),
      error: (code, description) => json({ error: code, error_description: description }, code === "invalid_client" ? 401 : 400),
    });
  }
  if (ctx.path === "/oauth/revoke" && req.method === "POST") {
    const form = new URLSearchParams(await req.text());
    await revokeToken(SLUG, form.get("token") ?? "", ctx.now());
    return new Response(null, { status: 200 });
  }
  return serveApi<Auth>(req, ctx, {
    routes,
    authenticate,
    faults,
    notFound: () => fail(404, "Unknown method ."),
    decorate(res, auth, c) {
      if (res.status === 429) return res;
      const burst = countRequest(`pd:burst:${auth.account.id}`, BURST_WINDOW_MS);
      const used = cost(req.method, c.path);
      const daily = dailyTokens.get(auth.account.id) ?? 0;
      dailyTokens.set(auth.account.id, daily + used);
      return withHeaders(res, {
        "x-ratelimit-limit": String(BURST_LIMIT),
        "x-ratelimit-remaining": String(Math.max(0, BURST_LIMIT - burst)),
        "x-ratelimit-reset": String(BURST_WINDOW_MS / 1000),
        "x-daily-ratelimit-token-limit": String(DAILY_TOKENS),
        "x-daily-ratelimit-token-remaining": String(Math.max(0, DAILY_TOKENS - daily - used)),
      });
    },
  });
}

/** Tokens spent per account since the process started (a stand-in for the daily reset). */
const dailyTokens = new Map<string, number>();

// ------------------------------------------------------------------------------------------------
// Webhooks: one POST per change, v2 payload (or v1 for a webhook registered with version 1.0)

/** Webhook bodies type their custom fields: {"<hash>": {"type": "varchar", "value": ...}}. */
function webhookPerson(d: SandboxData): SandboxData {
  const { marketing_status: _m, ...rest } = d;
  const custom = Object.fromEntries(
    Object.entries((d["custom_fields"] as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [
      k,
      { type: typeof v === "number" ? "double" : typeof v === "object" && v !== null ? "monetary" : "varchar", value: v },
    ]),
  );
  return { ...rest, custom_fields: custom, visible_to: String(d["visible_to"] ?? "3"), label: ((d["label_ids"] as number[] | undefined) ?? [])[0] ?? null };
}

function v1Person(d: SandboxData): SandboxData {
  const { emails, phones, custom_fields, ...rest } = d;
  return {
    ...rest,
    email: emails ?? [],
    phone: phones ?? [],
    ...((custom_fields as Record<string, unknown> | undefined) ?? {}),
    update_time: String(d["update_time"]).replace("T", " ").replace("Z", ""),
    add_time: String(d["add_time"]).replace("T", " ").replace("Z", ""),
  };
}

function wants(events: readonly string[], action: string, object: string): boolean {
  if (events.length === 0) return true;
  const v1 = { create: "added", change: "updated", delete: "deleted" }[action];
  return events.some((e) => {
    const [a, o] = e.split(".");
    return (o === "*" || o === object) && (a === "*" || a === action || a === v1);
  });
}

function renderWebhooks(input: Parameters<NonNullable<ProviderSandbox["renderWebhooks"]>>[0]): RenderedDelivery[] {
  const settings = (input.subscription.settings ?? {}) as { webhookId?: number; httpAuthUser?: string | null; version?: string };
  const company = companyOf(input.account);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (settings.httpAuthUser && input.subscription.secret) {
    headers["authorization"] = `Basic ${Buffer.from(`${settings.httpAuthUser}:${input.subscription.secret}`).toString("base64")}`;
  }
  const out: RenderedDelivery[] = [];
  for (const change of input.changes) {
    if (change.objectType !== PERSONS && change.objectType !== ORGS) continue;
    const object = change.objectType === PERSONS ? "person" : "organization";
    const action = change.kind === "created" ? "create" : change.kind === "deleted" ? "delete" : "change";
    if (!wants(input.subscription.events, action, object)) continue;
    const changeSource = change.source.kind === "panel" ? "app" : "api";
    out.push({ headers, body: JSON.stringify(settings.version === "1.0" ? v1Body(change, object, company, changeSource, settings.webhookId) : v2Body(change, object, action, company, changeSource, settings.webhookId, input.now)) });
  }
  return out;
}

function v2Body(change: SandboxChange, object: string, action: string, company: ReturnType<typeof companyOf>, changeSource: string, webhookId: number | undefined, now: Date) {
  const shape = object === "person" ? webhookPerson : (d: SandboxData) => d;
  let previous: SandboxData | null = null;
  if (action === "change" && change.previous) {
    const fields = new Set(change.changedFields.map((f) => f.split(".")[0]!));
    previous = Object.fromEntries(Object.entries(shape(change.previous)).filter(([k]) => fields.has(k)));
  } else if (action === "delete") {
    previous = shape(change.data);
  }
  return {
    data: action === "delete" ? null : shape(change.data),
    previous,
    meta: {
      action,
      company_id: String(company.companyId),
      correlation_id: randomUUID(),
      entity_id: change.externalId,
      entity: object,
      id: randomUUID(),
      is_bulk_edit: false,
      timestamp: change.occurredAt.toISOString(),
      type: "general",
      user_id: String(company.userId),
      version: "2.0",
      webhook_id: String(webhookId ?? ""),
      webhook_owner_id: String(company.userId),
      change_source: changeSource,
      permitted_user_ids: company.ownerIds.map(String),
      attempt: 1,
      host: "sandbox.pipedrive.com",
      sent_at: now.toISOString(),
    },
  };
}

function v1Body(change: SandboxChange, object: string, company: ReturnType<typeof companyOf>, changeSource: string, webhookId: number | undefined) {
  const action = change.kind === "created" ? "added" : change.kind === "deleted" ? "deleted" : "updated";
  const shape = object === "person" ? v1Person : (d: SandboxData) => d;
  const ts = change.occurredAt.getTime();
  return {
    v: 1,
    matches_filters: { current: [] },
    meta: {
      v: 1, action, object, id: Number(change.externalId), company_id: company.companyId, user_id: company.userId, host: "sandbox.pipedrive.com",
      timestamp: Math.floor(ts / 1000), timestamp_micro: ts * 1000, permitted_user_ids: company.ownerIds, trans_pending: false,
      is_bulk_update: false, pipedrive_service_name: false, change_source: changeSource, webhook_id: String(webhookId ?? ""),
    },
    retry: 0,
    current: change.kind === "deleted" ? null : shape(change.data),
    previous: change.previous ? shape(change.previous) : null,
    event: `${action}.${object}`,
  };
}

// ------------------------------------------------------------------------------------------------
// Objects (seeds + control panel)

const orgsSpec: SandboxObjectSpec = {
  type: ORGS,
  label: "Organizations",
  seedCount: 20,
  fields: [{ name: "name", label: "Name" }],
  newExternalId: (_account, n) => String(n),
  seed({ rng, account, externalId, index, now }) {
    const p = fakePerson(rng, index);
    const createdAt = pastDate(rng, now, 500);
    const data: SandboxData = {
      id: Number(externalId), name: index < 20 ? p.company : `${p.company} ${index}`, owner_id: companyOf(account).userId,
      add_time: rfc3339(createdAt), update_time: rfc3339(createdAt), visible_to: 3, address: `${p.city}, ${p.country}`,
      is_deleted: false, label_ids: [], custom_fields: {},
    };
    return { data, createdAt, updatedAt: createdAt };
  },
  summary: (d) => ({ title: String(d["name"]), subtitle: String(d["address"] ?? "") }),
  toForm: (d) => ({ name: String(d["name"] ?? "") }),
  fromForm(values, { existing, externalId, now, account }) {
    const iso = rfc3339(now);
    return {
      ...(existing ?? { id: Number(externalId), owner_id: companyOf(account).userId, add_time: iso, visible_to: 3, address: null, is_deleted: false, label_ids: [], custom_fields: {} }),
      name: values["name"] || "Unnamed organization",
      update_time: iso,
    };
  },
};

const personsSpec: SandboxObjectSpec = {
  type: PERSONS,
  label: "People",
  seedCount: 300,
  fields: [
    { name: "name", label: "Name" },
    { name: "email", label: "Email", type: "email" },
    { name: "phone", label: "Phone", type: "tel" },
    { name: "org_id", label: "Organization id" },
    { name: "marketing_status", label: "Marketing status", type: "select", options: MARKETING_STATUSES },
  ],
  newExternalId: (_account, n) => String(n),
  seed({ rng, account, externalId, index, now }) {
    const p = fakePerson(rng, index);
    const company = companyOf(account);
    const createdAt = pastDate(rng, now, 400);
    // whole seconds: Pipedrive times have no fractions
    const updatedAt = new Date(Math.floor((createdAt.getTime() + rng.next() * (now.getTime() - createdAt.getTime())) / 1000) * 1000);
    // organisations are seeded first and take numbers 1..n
    const orgId = rng.chance(0.8) ? (index % 10) + 1 : null;
    const data: SandboxData = {
      id: Number(externalId),
      name: `${p.firstName} ${p.lastName}`,
      first_name: p.firstName,
      last_name: p.lastName,
      owner_id: rng.pick(company.ownerIds),
      org_id: orgId,
      add_time: rfc3339(createdAt),
      update_time: rfc3339(updatedAt),
      emails: [{ value: p.email, primary: true, label: "work" }],
      phones: rng.chance(0.85) ? [{ value: p.phone, primary: true, label: rng.pick(["work", "mobile"]) }] : [],
      is_deleted: false,
      visible_to: 3,
      label_ids: rng.chance(0.3) ? [rng.int(1, 4)] : [],
      picture_id: null,
      custom_fields: rng.chance(0.5) ? { [PIPEDRIVE_TIER_FIELD]: rng.pick(["Gold", "Silver", "Bronze"]) } : {},
      marketing_status: rng.pick(["subscribed", "subscribed", "no_consent", "unsubscribed"]),
    };
    return { data, createdAt, updatedAt };
  },
  summary: (d) => ({ title: String(d["name"] ?? d["id"]), subtitle: String(((d["emails"] as ContactPoint[] | undefined) ?? [])[0]?.value ?? "") }),
  toForm: (d) => ({
    name: String(d["name"] ?? ""),
    email: ((d["emails"] as ContactPoint[] | undefined) ?? []).find((p) => p.primary)?.value ?? "",
    phone: ((d["phones"] as ContactPoint[] | undefined) ?? []).find((p) => p.primary)?.value ?? "",
    org_id: d["org_id"] === null || d["org_id"] === undefined ? "" : String(d["org_id"]),
    marketing_status: String(d["marketing_status"] ?? "no_consent"),
  }),
  fromForm(values, { existing, externalId, now, account }) {
    const iso = rfc3339(now);
    const name = (values["name"] ?? "").trim() || values["email"] || "Unnamed person";
    const i = name.indexOf(" ");
    const base: SandboxData = existing ?? {
      id: Number(externalId), owner_id: companyOf(account).userId, add_time: iso, is_deleted: false, visible_to: 3,
      label_ids: [], picture_id: null, custom_fields: {},
    };
    return {
      ...base,
      name,
      first_name: i === -1 ? name : name.slice(0, i),
      last_name: i === -1 ? null : name.slice(i + 1),
      emails: values["email"] ? [{ value: values["email"], primary: true, label: "work" }] : [],
      phones: values["phone"] ? [{ value: values["phone"], primary: true, label: "work" }] : [],
      org_id: values["org_id"] && /^\d+$/.test(values["org_id"]) ? Number(values["org_id"]) : null,
      marketing_status: MARKETING_STATUSES.includes(values["marketing_status"] ?? "") ? values["marketing_status"] : "no_consent",
      update_time: iso,
    };
  },
};

export const pipedriveSandbox: ProviderSandbox = {
  slug: SLUG,
  handle,
  // organisations first: seeded persons point at organisation ids 1..10
  objects: [orgsSpec, personsSpec],
  newAccount({ key, rng }) {
    const name = rng.pick(["Northwind Sales", "Bluebird Agency", "Orbit Logistics", "Cedar Consulting", "Helios Partners"]);
    return { name: `${name} (${key})`, externalId: String(rng.int(1_000_000, 9_999_999)) };
  },
  oauthApp,
  faults,
  renderWebhooks,
};
