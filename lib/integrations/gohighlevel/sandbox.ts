// A faithful fake of LeadConnector (GoHighLevel) API v2 for one location per sandbox account: contacts
// (create / update / upsert / delete / duplicate lookup / advanced search with searchAfter),
// opportunities (search, status), calendar events, free slots and block slots, OAuth (chooselocation +
// token with rotating refresh tokens), NestJS-style error bodies, burst + daily rate-limit headers, and
// Ed25519-signed webhooks (plus the legacy RSA header when the account asks for it).
import { createHash, randomUUID, sign } from "node:crypto";
import { pastDate, fakePerson } from "@/lib/integrations/sandbox/fake-people";
import { accountSetting } from "@/lib/integrations/sandbox/accounts";
import { authenticateBearer, handleAuthorize, handleToken } from "@/lib/integrations/sandbox/oauth";
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  nextExternalId,
  updateRecord,
  type ChangeSource,
} from "@/lib/integrations/sandbox/record-store";
import type { Rng } from "@/lib/integrations/sandbox/rng";
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

const SLUG = "gohighlevel";
const CONTACTS = "contacts";
const OPPORTUNITIES = "opportunities";
const APPOINTMENTS = "appointments";
const BLOCK_SLOTS = "block_slots";
const CUSTOM_FIELDS = "custom_fields";
const CALENDARS = "calendars";
/** conversation messages (GHL's Conversations API); their creation is an InboundMessage / OutboundMessage webhook */
const MESSAGES = "messages";
/** the channels of a message (`type` of Send a new message, `messageType` of the webhook) */
const MESSAGE_CHANNELS = ["SMS", "Email", "WhatsApp", "GMB", "IG", "FB", "Live_Chat"] as const;
/** The spec's two versions, and 2023-02-21: the default `Version` of GHL's official SDK (@gohighlevel/api-client). */
const SUPPORTED_VERSIONS = ["2021-07-28", "2021-04-15", "2023-02-21"];
const BURST_MAX = 100;
const BURST_WINDOW_MS = 10_000;
const DAILY_MAX = 200_000;
const SEARCH_WINDOW_CAP = 10_000;
const SEARCH_PAGE_LIMIT_MAX = 500;

/** A 20-character GHL-style id, deterministic for a seed. */
export function ghlId(seed: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < 20; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** The location's fixed calendar, users and custom fields (GHL keeps these as configuration, not data). */
export function locationSetup(account: SandboxAccount) {
  const loc = account.externalId;
  return {
    calendarId: ghlId(`${loc}:calendar`),
    groupId: ghlId(`${loc}:group`),
    userIds: [0, 1, 2].map((i) => ghlId(`${loc}:user:${i}`)),
    pipelineId: ghlId(`${loc}:pipeline`),
    stageIds: [0, 1, 2, 3].map((i) => ghlId(`${loc}:stage:${i}`)),
    customFields: [
      { id: ghlId(`${loc}:cf:lead_score`), key: "contact.lead_score", name: "Lead score", dataType: "NUMERICAL" },
      { id: ghlId(`${loc}:cf:favourite_colour`), key: "contact.favourite_colour", name: "Favourite colour", dataType: "TEXT" },
      { id: ghlId(`${loc}:cf:plan`), key: "contact.plan", name: "Plan", dataType: "SINGLE_OPTIONS", options: ["Starter", "Pro", "Agency"] },
    ] as CustomFieldDef[],
    companyId: ghlId(`${loc}:company`),
  };
}

type CustomFieldDef = { id: string; key: string; name: string; dataType: string; options?: string[] };

/** The location's custom fields: the fixed seed ones and those created over the API. */
async function customFieldDefs(account: SandboxAccount): Promise<CustomFieldDef[]> {
  const created = (await listRecords(account.id, CUSTOM_FIELDS)).map((r) => {
    const d = r.data as { id: string; fieldKey: string; name: string; dataType: string; picklistOptions?: string[] };
    return { id: d.id, key: d.fieldKey, name: d.name, dataType: d.dataType, ...(d.picklistOptions ? { options: d.picklistOptions } : {}) };
  });
  return [...locationSetup(account).customFields, ...created];
}

// ------------------------------------------------------------------------------------------------
// Error bodies (common-schemas.json) and helpers

const err = {
  badRequest: (message: string, extra: Record<string, unknown> = {}) => json({ statusCode: 400, message, ...extra }, 400),
  unauthorized: () => json({ statusCode: 401, message: "Invalid token: access token is invalid", error: "Unauthorized" }, 401),
  forbidden: () => json({ statusCode: 403, message: "The token does not have access to this location." }, 403),
  unprocessable: (messages: string[]) => json({ statusCode: 422, message: messages, error: "Unprocessable Entity" }, 422),
};

type Auth = { account: SandboxAccount; appId: string | null };
type Args = RouteArgs<Auth>;

function source(auth: Auth): ChangeSource {
  return { kind: "api", appId: auth.appId };
}

function isoNow(ctx: SandboxContext): string {
  return ctx.now().toISOString();
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// ------------------------------------------------------------------------------------------------
// Contacts

const contactWritable = [
  "firstName", "lastName", "name", "email", "gender", "phone", "address1", "city", "state", "postalCode",
  "website", "timezone", "dnd", "dndSettings", "inboundDndSettings", "tags", "customFields", "source",
  "dateOfBirth", "country", "companyName", "assignedTo",
] as const;

/** class-validator style checks GHL's DTOs apply (whitelist + forbidNonWhitelisted). */
function validateContactBody(body: Record<string, unknown>, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(body)) if (!allowed.includes(key)) problems.push(`property ${key} should not exist`);
  const email = body["email"];
  if (email !== undefined && email !== null && (typeof email !== "string" || !EMAIL_RE.test(email))) problems.push("email must be an email");
  for (const k of ["firstName", "lastName", "name", "phone", "companyName", "source", "assignedTo"]) {
    const v = body[k];
    if (v !== undefined && v !== null && typeof v !== "string") problems.push(`${k} must be a string`);
  }
  if (body["dnd"] !== undefined && typeof body["dnd"] !== "boolean") problems.push("dnd must be a boolean value");
  const tags = body["tags"];
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== "string"))) problems.push("each value in tags must be a string");
  const cf = body["customFields"];
  if (cf !== undefined && !Array.isArray(cf)) problems.push("customFields must be an array");
  return problems;
}

function applyContactBody(defs: readonly CustomFieldDef[], existing: SandboxData, body: Record<string, unknown>): SandboxData {
  const next: SandboxData = { ...existing };
  for (const key of contactWritable) {
    if (!(key in body) || key === "customFields") continue;
    const v = body[key];
    next[key] = key === "email" && typeof v === "string" ? v.trim() : v;
  }
  if (Array.isArray(body["customFields"])) {
    const current = new Map(((existing["customFields"] as Array<{ id: string; value: unknown }> | undefined) ?? []).map((f) => [f.id, f.value]));
    for (const raw of body["customFields"] as unknown[]) {
      if (!raw || typeof raw !== "object") continue;
      const f = raw as { id?: unknown; key?: unknown; field_value?: unknown };
      const def = defs.find((d) => d.id === f.id || d.key === f.key);
      const id = def?.id ?? (typeof f.id === "string" ? f.id : undefined);
      if (!id) continue; // GHL ignores a key it does not know
      if (f.field_value === null || f.field_value === "") current.delete(id);
      else current.set(id, f.field_value);
    }
    next["customFields"] = [...current.entries()].map(([id, value]) => ({ id, value }));
  }
  const first = str(next["firstName"]) ?? "";
  const last = str(next["lastName"]) ?? "";
  if ("firstName" in body || "lastName" in body) next["name"] = `${first} ${last}`.trim() || null;
  next["emailLowerCase"] = typeof next["email"] === "string" ? next["email"].toLowerCase() : null;
  return next;
}

/** The contact as the API returns it (search results add lower-cased copies and the sort cursor). */
function contactOut(data: SandboxData): SandboxData {
  const { emailLowerCase: _e, ...rest } = data;
  return rest;
}

function searchRow(data: SandboxData, searchAfter: (string | number)[]): SandboxData {
  return {
    ...contactOut(data),
    firstNameLowerCase: str(data["firstName"])?.toLowerCase() ?? null,
    lastNameLowerCase: str(data["lastName"])?.toLowerCase() ?? null,
    fullNameLowerCase: str(data["name"])?.toLowerCase() ?? null,
    businessName: data["companyName"] ?? null,
    type: data["type"] ?? "lead",
    searchAfter,
  };
}

async function findDuplicate(account: SandboxAccount, email: string | undefined, phone: string | undefined) {
  const all = await listRecords(account.id, CONTACTS);
  if (email) {
    const hit = all.find((r) => str(r.data["email"])?.toLowerCase() === email.toLowerCase());
    if (hit) return { record: hit, field: "email" as const };
  }
  if (phone) {
    const hit = all.find((r) => str(r.data["phone"]) === phone);
    if (hit) return { record: hit, field: "phone" as const };
  }
  return null;
}

/**
 * A create body that names the location (class-validator checks, then the token's location): the body,
 * or GHL's 400 / 422 / 403 answer.
 */
async function locationBody(req: Request, auth: Auth, validate: (b: Record<string, unknown>) => string[]): Promise<Record<string, unknown> | Response> {
  const body = await readJson(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) return err.badRequest("Bad Request");
  const b = body as Record<string, unknown>;
  const problems = validate(b);
  if (typeof b["locationId"] !== "string" || b["locationId"] === "") problems.push("locationId should not be empty");
  if (problems.length) return err.unprocessable(problems);
  if (b["locationId"] !== auth.account.externalId) return err.forbidden();
  return b;
}

const contactNotFound = (id: string) => err.badRequest(`Contact with id ${id} not found`);

/** A contact's one conversation (GHL keeps one per contact and location). */
function conversationIdOf(account: SandboxAccount, contactId: string): string {
  return ghlId(`${account.externalId}:conversation:${contactId}`);
}

/** A message as GHL's Conversations API returns it (`messageType` is the webhook's channel name). */
function messageData(input: {
  account: SandboxAccount; id: string; contactId: string; channel: string; direction: "inbound" | "outbound"; body: string; at: string; userId?: string | null;
}): SandboxData {
  return {
    id: input.id,
    locationId: input.account.externalId,
    conversationId: conversationIdOf(input.account, input.contactId),
    contactId: input.contactId,
    messageType: input.channel,
    direction: input.direction,
    status: input.direction === "inbound" ? "delivered" : "sent",
    body: input.body,
    contentType: "text/plain",
    attachments: [],
    ...(input.userId ? { userId: input.userId } : {}),
    dateAdded: input.at,
  };
}

/** POST /conversations/messages: "Send a new message" to a contact (an OutboundMessage webhook follows). */
async function sendMessage({ req, auth, ctx }: Args): Promise<Response> {
  const body = await readJson(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) return err.badRequest("Bad Request");
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof b["type"] !== "string" || !(MESSAGE_CHANNELS as readonly string[]).includes(b["type"])) problems.push(`type must be one of the following values: ${MESSAGE_CHANNELS.join(", ")}`);
  if (typeof b["contactId"] !== "string" || b["contactId"] === "") problems.push("contactId should not be empty");
  if (b["message"] !== undefined && typeof b["message"] !== "string") problems.push("message must be a string");
  if (problems.length) return err.unprocessable(problems);
  const contactId = String(b["contactId"]);
  if (!(await getRecord(auth.account.id, CONTACTS, contactId))) return contactNotFound(contactId);
  const id = await nextExternalId(auth.account, messagesSpec);
  const data = messageData({
    account: auth.account, id, contactId, channel: String(b["type"]), direction: "outbound", body: typeof b["message"] === "string" ? b["message"] : "", at: isoNow(ctx),
    userId: typeof b["userId"] === "string" ? b["userId"] : null,
  });
  await createRecord({ account: auth.account, objectType: MESSAGES, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json({ conversationId: data["conversationId"], messageId: id, msg: "Message queued successfully." }, 201);
}

async function getMessage({ params, auth }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, MESSAGES, params["messageId"]!);
  if (!rec) return err.badRequest(`Message with id ${params["messageId"]!} not found`);
  const { messageType, ...m } = rec.data;
  return json({ message: { ...m, messageType: `TYPE_${String(messageType).toUpperCase()}` } });
}

async function createContact({ req, auth, ctx }: Args): Promise<Response> {
  const b = await locationBody(req, auth, (body) => validateContactBody(body, [...contactWritable, "locationId"]));
  if (b instanceof Response) return b;
  if (!accountSetting(auth.account, "allowDuplicateContact", false)) {
    const dup = await findDuplicate(auth.account, str(b["email"]), str(b["phone"]));
    if (dup) {
      return err.badRequest("This location does not allow duplicated contacts.", {
        meta: { contactId: dup.record.externalId, contactName: dup.record.data["name"] ?? null, matchingField: dup.field },
      });
    }
  }
  const id = await nextExternalId(auth.account, contactsSpec);
  const now = isoNow(ctx);
  const base: SandboxData = {
    id, locationId: auth.account.externalId, type: "lead", tags: [], customFields: [], dnd: false,
    dateAdded: now, dateUpdated: now,
  };
  const data = { ...applyContactBody(await customFieldDefs(auth.account), base, b), dateUpdated: now };
  await createRecord({ account: auth.account, objectType: CONTACTS, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json({ contact: contactOut(data) }, 201);
}

async function getContact({ params, auth }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, CONTACTS, params["contactId"]!);
  return rec ? json({ contact: contactOut(rec.data) }) : contactNotFound(params["contactId"]!);
}

async function updateContact({ req, params, auth, ctx }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, CONTACTS, params["contactId"]!);
  if (!rec) return contactNotFound(params["contactId"]!);
  const body = await readJson(req);
  if (!body || typeof body !== "object") return err.badRequest("Bad Request");
  const problems = validateContactBody(body as Record<string, unknown>, contactWritable);
  if (problems.length) return err.unprocessable(problems);
  const data = { ...applyContactBody(await customFieldDefs(auth.account), rec.data, body as Record<string, unknown>), dateUpdated: isoNow(ctx) };
  const saved = await updateRecord({
    account: auth.account, objectType: CONTACTS, externalId: rec.externalId, data, now: ctx.now(), source: source(auth), ignoreFields: ["dateUpdated"],
  });
  return json({ succeded: true, contact: contactOut(saved?.data ?? data) });
}

async function deleteContact({ params, auth, ctx }: Args): Promise<Response> {
  const ok = await deleteRecord({ account: auth.account, objectType: CONTACTS, externalId: params["contactId"]!, now: ctx.now(), source: source(auth) });
  return ok ? json({ succeded: true }) : contactNotFound(params["contactId"]!);
}

async function upsertContact({ req, auth, ctx }: Args): Promise<Response> {
  const b = await locationBody(req, auth, (body) => validateContactBody(body, [...contactWritable, "locationId", "createNewIfDuplicateAllowed"]));
  if (b instanceof Response) return b;
  const { locationId: _l, createNewIfDuplicateAllowed, ...fields } = b;
  const allowDup = accountSetting(auth.account, "allowDuplicateContact", false) && createNewIfDuplicateAllowed === true;
  const dup = allowDup ? null : await findDuplicate(auth.account, str(b["email"]), str(b["phone"]));
  const traceId = randomUUID();
  const now = isoNow(ctx);
  if (dup) {
    const data = { ...applyContactBody(await customFieldDefs(auth.account), dup.record.data, fields), dateUpdated: now };
    const saved = await updateRecord({
      account: auth.account, objectType: CONTACTS, externalId: dup.record.externalId, data, now: ctx.now(), source: source(auth), ignoreFields: ["dateUpdated"],
    });
    return json({ new: false, contact: contactOut(saved?.data ?? data), traceId });
  }
  const id = await nextExternalId(auth.account, contactsSpec);
  const base: SandboxData = { id, locationId: auth.account.externalId, type: "lead", tags: [], customFields: [], dnd: false, dateAdded: now, dateUpdated: now };
  const data = applyContactBody(await customFieldDefs(auth.account), base, fields);
  await createRecord({ account: auth.account, objectType: CONTACTS, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json({ new: true, contact: contactOut(data), traceId });
}

async function duplicateLookup({ url, auth }: Args): Promise<Response> {
  const locationId = url.searchParams.get("locationId");
  if (!locationId) return err.unprocessable(["locationId should not be empty"]);
  if (locationId !== auth.account.externalId) return err.forbidden();
  const dup = await findDuplicate(auth.account, url.searchParams.get("email") ?? undefined, url.searchParams.get("number") ?? undefined);
  return json({ contact: dup ? contactOut(dup.record.data) : null });
}

// Advanced search ------------------------------------------------------------------------------

type Filter = { field?: string; operator?: string; value?: unknown; group?: string; filters?: Filter[] };

function fieldValue(data: SandboxData, field: string): unknown {
  switch (field) {
    case "firstNameLowerCase": return str(data["firstName"])?.toLowerCase();
    case "lastNameLowerCase": return str(data["lastName"])?.toLowerCase();
    case "businessName": return data["companyName"];
    case "email": return str(data["email"])?.toLowerCase();
    default: return data[field];
  }
}

function timeOf(v: unknown): number {
  return typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : NaN;
}

function matches(data: SandboxData, f: Filter): boolean | string {
  if (f.filters) {
    const results = f.filters.map((x) => matches(data, x));
    const bad = results.find((r) => typeof r === "string");
    if (bad !== undefined) return bad;
    return f.group === "OR" ? results.some(Boolean) : results.every(Boolean);
  }
  if (!f.field || !f.operator) return "filters must have a field and an operator";
  const actual = fieldValue(data, f.field);
  const expected = typeof f.value === "string" && f.field !== "dateUpdated" && f.field !== "dateAdded" ? f.value.toLowerCase() : f.value;
  const actualCmp = typeof actual === "string" ? actual.toLowerCase() : actual;
  switch (f.operator) {
    case "eq": return Array.isArray(actualCmp) ? actualCmp.map((x) => String(x).toLowerCase()).includes(String(expected)) : actualCmp === expected;
    case "not_eq": return actualCmp !== expected;
    case "contains": return typeof actualCmp === "string" && typeof expected === "string" && actualCmp.includes(expected);
    case "not_contains": return !(typeof actualCmp === "string" && typeof expected === "string" && actualCmp.includes(expected));
    case "exists": return actual !== undefined && actual !== null && actual !== "";
    case "not_exists": return actual === undefined || actual === null || actual === "";
    case "range": {
      if (!expected || typeof expected !== "object") return `filter ${f.field}: range needs an object value`;
      const r = expected as { gte?: unknown; gt?: unknown; lte?: unknown; lt?: unknown };
      const t = timeOf(actual);
      if (Number.isNaN(t)) return false;
      if (r.gte !== undefined && !(t >= timeOf(r.gte))) return false;
      if (r.gt !== undefined && !(t > timeOf(r.gt))) return false;
      if (r.lte !== undefined && !(t <= timeOf(r.lte))) return false;
      if (r.lt !== undefined && !(t < timeOf(r.lt))) return false;
      return true;
    }
    default: return `Invalid operator ${f.operator}`;
  }
}

const sortable = ["firstNameLowerCase", "lastNameLowerCase", "businessName", "dateAdded", "dateUpdated", "email", "dnd", "source"];

function sortKey(data: SandboxData, field: string): string | number {
  const v = fieldValue(data, field);
  if (field === "dateAdded" || field === "dateUpdated") return timeOf(v) || 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  return typeof v === "string" ? v.toLowerCase() : "";
}

function compareKeys(a: (string | number)[], b: (string | number)[], dirs: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const d = dirs[i] ?? 1;
    return (x < y ? -1 : 1) * d;
  }
  return 0;
}

async function searchContacts({ req, auth }: Args): Promise<Response> {
  const body = await readJson(req);
  if (!body || typeof body !== "object") return err.badRequest("Bad Request");
  const b = body as { locationId?: unknown; page?: unknown; pageLimit?: unknown; searchAfter?: unknown; filters?: unknown; sort?: unknown; query?: unknown };
  const problems: string[] = [];
  if (typeof b.locationId !== "string" || !b.locationId) problems.push("locationId should not be empty");
  const pageLimit = b.pageLimit === undefined ? 20 : b.pageLimit;
  if (typeof pageLimit !== "number" || !Number.isInteger(pageLimit) || pageLimit < 1 || pageLimit > SEARCH_PAGE_LIMIT_MAX) {
    problems.push(`pageLimit must be an integer between 1 and ${SEARCH_PAGE_LIMIT_MAX}`);
  }
  if (b.searchAfter !== undefined && (!Array.isArray(b.searchAfter) || b.searchAfter.length === 0)) problems.push("searchAfter must be an array");
  if (b.page !== undefined && (typeof b.page !== "number" || b.page < 1)) problems.push("page must be a positive number");
  if (problems.length) return err.unprocessable(problems);
  if (b.locationId !== auth.account.externalId) return err.forbidden();
  if (b.page !== undefined && b.searchAfter !== undefined) return err.badRequest("page and searchAfter cannot be used together");
  const limit = pageLimit as number;
  const page = (b.page as number | undefined) ?? 1;
  if (b.searchAfter === undefined && page * limit > SEARCH_WINDOW_CAP) {
    return err.badRequest(`Pagination with page is limited to ${SEARCH_WINDOW_CAP} records; use searchAfter`);
  }
  const filters = Array.isArray(b.filters) ? (b.filters as Filter[]) : [];
  const sorts = (Array.isArray(b.sort) ? (b.sort as Array<{ field?: unknown; direction?: unknown }>) : []).map((s) => ({
    field: String(s.field),
    dir: s.direction === "desc" ? -1 : 1,
  }));
  const badSort = sorts.find((s) => !sortable.includes(s.field));
  if (badSort) return err.unprocessable([`sort field ${badSort.field} is not supported`]);
  if (sorts.length === 0) sorts.push({ field: "dateAdded", dir: -1 });

  const all = await listRecords(auth.account.id, CONTACTS);
  const hits: Array<{ data: SandboxData; key: (string | number)[] }> = [];
  for (const r of all) {
    let ok = true;
    for (const f of filters) {
      const m = matches(r.data, f);
      if (typeof m === "string") return err.unprocessable([m]);
      if (!m) {
        ok = false;
        break;
      }
    }
    if (typeof b.query === "string" && b.query) {
      const q = b.query.toLowerCase();
      ok &&= [r.data["name"], r.data["email"], r.data["phone"], r.data["companyName"]].some((v) => typeof v === "string" && v.toLowerCase().includes(q));
    }
    if (ok) hits.push({ data: r.data, key: [...sorts.map((s) => sortKey(r.data, s.field)), r.externalId] });
  }
  const dirs = [...sorts.map((s) => s.dir), 1];
  hits.sort((x, y) => compareKeys(x.key, y.key, dirs));
  let slice: typeof hits;
  if (b.searchAfter !== undefined) {
    const after = b.searchAfter as (string | number)[];
    const start = hits.findIndex((h) => compareKeys(h.key, after, dirs) > 0);
    slice = start === -1 ? [] : hits.slice(start, start + limit);
  } else {
    slice = hits.slice((page - 1) * limit, page * limit);
  }
  return json({ contacts: slice.map((h) => searchRow(h.data, h.key)), total: hits.length });
}

// ------------------------------------------------------------------------------------------------
// Opportunities

const opportunityStatuses = ["open", "won", "lost", "abandoned"];

async function searchOpportunities({ url, auth }: Args): Promise<Response> {
  const locationId = url.searchParams.get("location_id");
  if (!locationId) return err.unprocessable(["location_id should not be empty"]);
  if (locationId !== auth.account.externalId) return err.forbidden();
  const limit = Math.min(Number(url.searchParams.get("limit") ?? 20) || 20, 100);
  const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  const contactId = url.searchParams.get("contact_id");
  const status = url.searchParams.get("status");
  if (status && status !== "all" && !opportunityStatuses.includes(status)) return err.unprocessable(["status must be one of the following values: open, won, lost, abandoned, all"]);
  // newest first (createdAt desc, id desc); startAfter (createdAt ms) + startAfterId continue after a row
  const keyOf = (d: SandboxData): [number, string] => [Date.parse(String(d["createdAt"])) || 0, String(d["id"])];
  const all = (await listRecords(auth.account.id, OPPORTUNITIES))
    .filter((r) => !contactId || r.data["contactId"] === contactId)
    .filter((r) => !status || status === "all" || r.data["status"] === status)
    .sort((a, b) => {
      const [ta, ia] = keyOf(a.data);
      const [tb, ib] = keyOf(b.data);
      return tb - ta || (ib < ia ? -1 : ib > ia ? 1 : 0);
    });
  const startAfter = url.searchParams.get("startAfter");
  const startAfterId = url.searchParams.get("startAfterId");
  let from = (page - 1) * limit;
  if (startAfter !== null && startAfterId !== null) {
    const t = Number(startAfter);
    if (!Number.isFinite(t)) return err.unprocessable(["startAfter must be a number"]);
    const i = all.findIndex((r) => {
      const [tr, ir] = keyOf(r.data);
      return tr < t || (tr === t && ir < startAfterId);
    });
    from = i === -1 ? all.length : i;
  }
  const slice = all.slice(from, from + limit);
  const last = slice.at(-1);
  const hasNext = from + limit < all.length;
  return json({
    opportunities: slice.map((r) => r.data),
    meta: {
      total: all.length,
      currentPage: page,
      nextPage: hasNext ? page + 1 : null,
      prevPage: page > 1 ? page - 1 : null,
      startAfterId: last?.externalId ?? null,
      startAfter: last ? Date.parse(String(last.data["createdAt"])) : null,
      nextPageUrl: hasNext ? `${url.origin}${url.pathname}?location_id=${locationId}&page=${page + 1}&limit=${limit}` : null,
    },
  });
}

const opportunityWritable = ["name", "pipelineId", "pipelineStageId", "status", "monetaryValue", "assignedTo", "contactId", "source", "customFields"];

function validateOpportunity(b: Record<string, unknown>, allowed: readonly string[], creating: boolean): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(b)) if (!allowed.includes(key)) problems.push(`property ${key} should not exist`);
  if (creating) {
    for (const k of ["pipelineId", "name", "status", "contactId"]) if (typeof b[k] !== "string" || b[k] === "") problems.push(`${k} should not be empty`);
  }
  if (b["status"] !== undefined && !opportunityStatuses.includes(String(b["status"]))) problems.push("status must be one of the following values: open, won, lost, abandoned");
  if (b["monetaryValue"] !== undefined && b["monetaryValue"] !== null && typeof b["monetaryValue"] !== "number") problems.push("monetaryValue must be a number conforming to the specified constraints");
  for (const k of ["name", "pipelineId", "pipelineStageId", "assignedTo", "contactId", "source"]) {
    if (b[k] !== undefined && b[k] !== null && typeof b[k] !== "string") problems.push(`${k} must be a string`);
  }
  return problems;
}

async function createOpportunity({ req, auth, ctx }: Args): Promise<Response> {
  const b = await locationBody(req, auth, (body) => validateOpportunity(body, [...opportunityWritable, "locationId"], true));
  if (b instanceof Response) return b;
  const setup = locationSetup(auth.account);
  if (b["pipelineId"] !== setup.pipelineId) return err.badRequest("Pipeline not found");
  if (!(await getRecord(auth.account.id, CONTACTS, String(b["contactId"])))) return contactNotFound(String(b["contactId"]));
  const id = await nextExternalId(auth.account, opportunitiesSpec);
  const now = isoNow(ctx);
  const { locationId: _l, ...fields } = b;
  const data: SandboxData = {
    id, monetaryValue: 0, assignedTo: null, source: null, pipelineStageId: setup.stageIds[0], ...fields,
    locationId: auth.account.externalId, lastStatusChangeAt: now, lastStageChangeAt: now, createdAt: now, updatedAt: now,
  };
  await createRecord({ account: auth.account, objectType: OPPORTUNITIES, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json({ opportunity: data }, 201);
}

async function updateOpportunity({ req, params, auth, ctx }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, OPPORTUNITIES, params["id"]!);
  if (!rec) return err.badRequest(`Opportunity with id ${params["id"]} not found`);
  const b = (await readJson(req)) as Record<string, unknown> | null;
  if (!b || typeof b !== "object") return err.badRequest("Bad Request");
  const problems = validateOpportunity(b, opportunityWritable.filter((k) => k !== "contactId"), false);
  if (problems.length) return err.unprocessable(problems);
  const now = isoNow(ctx);
  const data: SandboxData = {
    ...rec.data, ...b, updatedAt: now,
    ...(b["status"] !== undefined && b["status"] !== rec.data["status"] ? { lastStatusChangeAt: now } : {}),
    ...(b["pipelineStageId"] !== undefined && b["pipelineStageId"] !== rec.data["pipelineStageId"] ? { lastStageChangeAt: now } : {}),
  };
  const saved = await updateRecord({ account: auth.account, objectType: OPPORTUNITIES, externalId: rec.externalId, data, now: ctx.now(), source: source(auth), ignoreFields: ["updatedAt"] });
  return json({ opportunity: saved?.data ?? data });
}

async function deleteOpportunity({ params, auth, ctx }: Args): Promise<Response> {
  const ok = await deleteRecord({ account: auth.account, objectType: OPPORTUNITIES, externalId: params["id"]!, now: ctx.now(), source: source(auth) });
  return ok ? json({ succeded: true }) : err.badRequest(`Opportunity with id ${params["id"]} not found`);
}

async function getOpportunity({ params, auth }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, OPPORTUNITIES, params["id"]!);
  return rec ? json({ opportunity: rec.data }) : err.badRequest(`Opportunity with id ${params["id"]} not found`);
}

async function updateOpportunityStatus({ req, params, auth, ctx }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, OPPORTUNITIES, params["id"]!);
  if (!rec) return err.badRequest(`Opportunity with id ${params["id"]} not found`);
  const body = (await readJson(req)) as { status?: unknown } | null;
  if (!body || typeof body.status !== "string" || !opportunityStatuses.includes(body.status)) {
    return err.unprocessable(["status must be one of the following values: open, won, lost, abandoned"]);
  }
  const now = isoNow(ctx);
  if (rec.data["status"] !== body.status) {
    await updateRecord({
      account: auth.account, objectType: OPPORTUNITIES, externalId: rec.externalId,
      data: { ...rec.data, status: body.status, lastStatusChangeAt: now, updatedAt: now }, now: ctx.now(), source: source(auth),
    });
  }
  return json({ succeded: true });
}

// ------------------------------------------------------------------------------------------------
// Calendars

function millis(v: string | null): number | null {
  if (v === null || v === "") return null;
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

async function listEvents({ url, auth }: Args): Promise<Response> {
  const locationId = url.searchParams.get("locationId");
  if (!locationId) return err.unprocessable(["locationId should not be empty"]);
  if (locationId !== auth.account.externalId) return err.forbidden();
  const calendarId = url.searchParams.get("calendarId");
  const userId = url.searchParams.get("userId");
  const groupId = url.searchParams.get("groupId");
  if (!calendarId && !userId && !groupId) return err.badRequest("Either of calendarId, userId or groupId is required");
  const start = millis(url.searchParams.get("startTime"));
  const end = millis(url.searchParams.get("endTime"));
  if (start === null || end === null) return err.unprocessable(["startTime should not be empty", "endTime should not be empty"].filter((_, i) => (i === 0 ? start === null : end === null)));
  const events = (await listRecords(auth.account.id, APPOINTMENTS))
    .map((r) => r.data)
    .filter((d) => (!calendarId || d["calendarId"] === calendarId) && (!userId || d["assignedUserId"] === userId) && (!groupId || d["groupId"] === groupId))
    .filter((d) => {
      const t = Date.parse(String(d["startTime"]));
      return t >= start && t <= end;
    });
  return json({ events });
}

async function getAppointment({ params, auth }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, APPOINTMENTS, params["eventId"]!);
  return rec ? json({ event: rec.data }) : err.badRequest(`Appointment with id ${params["eventId"]} not found`);
}

/** "+05:30"-style offset of a time zone at an instant (Intl longOffset: "GMT+05:30", "GMT"). */
function tzOffsetMinutes(timeZone: string, at: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(at))
    .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

function formatWithOffset(at: number, offsetMin: number): string {
  const local = new Date(at + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const SLOT_MS = 30 * 60_000;
const OPEN_HOUR = 9;
const CLOSE_HOUR = 17;

async function freeSlots({ url, params, auth }: Args): Promise<Response> {
  const calendar = await findCalendar(auth.account, params["calendarId"]!);
  if (!calendar) return err.badRequest("Calendar not found");
  const calendarId = String(calendar["id"]);
  const start = millis(url.searchParams.get("startDate"));
  const end = millis(url.searchParams.get("endDate"));
  if (start === null || end === null) return err.unprocessable(["startDate must be a number", "endDate must be a number"]);
  if (end < start) return err.badRequest("endDate must be after startDate");
  if (end - start > 31 * 86_400_000) return err.badRequest("Date range cannot be more than 31 days");
  const timeZone = url.searchParams.get("timezone") || "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return err.unprocessable(["timezone must be a valid IANA time zone"]);
  }
  const userId = url.searchParams.get("userId");
  const busy = [
    ...(await listRecords(auth.account.id, APPOINTMENTS))
      .map((r) => r.data)
      .filter((d) => d["calendarId"] === calendarId && d["appointmentStatus"] !== "cancelled")
      .filter((d) => !userId || d["assignedUserId"] === userId),
    ...(await listRecords(auth.account.id, BLOCK_SLOTS))
      .map((r) => r.data)
      .filter((d) => d["calendarId"] === calendarId || (d["assignedUserId"] !== undefined && d["assignedUserId"] !== null && (!userId || d["assignedUserId"] === userId))),
  ].map((d) => [Date.parse(String(d["startTime"])), Date.parse(String(d["endTime"]))] as const);

  const out: Record<string, unknown> = {};
  const offsetAt = (t: number) => tzOffsetMinutes(timeZone, t);
  // local calendar days as UTC midnights, from the start's local date to the end's
  const firstDay = Math.floor((start + offsetAt(start) * 60_000) / 86_400_000) * 86_400_000;
  const lastDay = Math.floor((end + offsetAt(end) * 60_000) / 86_400_000) * 86_400_000;
  for (let day = firstDay; day <= lastDay; day += 86_400_000) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const slots: string[] = [];
    for (let local = day + OPEN_HOUR * 3_600_000; local + SLOT_MS <= day + CLOSE_HOUR * 3_600_000; local += SLOT_MS) {
      // wall-clock time -> instant, re-checking the offset at the instant (DST edges)
      const offset = offsetAt(local - offsetAt(local) * 60_000);
      const instant = local - offset * 60_000;
      if (instant < start || instant > end) continue;
      if (busy.some(([s, e]) => s < instant + SLOT_MS && e > instant)) continue;
      slots.push(formatWithOffset(instant, offset));
    }
    if (slots.length) out[new Date(day).toISOString().slice(0, 10)] = { slots };
  }
  out["traceId"] = randomUUID();
  return json(out);
}

async function createBlockSlot({ req, auth, ctx }: Args): Promise<Response> {
  const body = (await readJson(req)) as Record<string, unknown> | null;
  if (!body || typeof body !== "object") return err.badRequest("Bad Request");
  const problems: string[] = [];
  for (const key of Object.keys(body)) {
    if (!["title", "calendarId", "assignedUserId", "locationId", "startTime", "endTime"].includes(key)) problems.push(`property ${key} should not exist`);
  }
  if (typeof body["locationId"] !== "string" || !body["locationId"]) problems.push("locationId should not be empty");
  const hasCal = typeof body["calendarId"] === "string" && body["calendarId"] !== "";
  const hasUser = typeof body["assignedUserId"] === "string" && body["assignedUserId"] !== "";
  if (hasCal === hasUser) problems.push("Either calendarId or assignedUserId can be set, not both");
  const start = typeof body["startTime"] === "string" ? Date.parse(body["startTime"]) : NaN;
  const end = typeof body["endTime"] === "string" ? Date.parse(body["endTime"]) : NaN;
  if (Number.isNaN(start)) problems.push("startTime must be a valid ISO 8601 date string");
  if (Number.isNaN(end)) problems.push("endTime must be a valid ISO 8601 date string");
  if (problems.length) return err.unprocessable(problems);
  if (body["locationId"] !== auth.account.externalId) return err.forbidden();
  if (hasCal && !(await findCalendar(auth.account, String(body["calendarId"])))) return err.badRequest("Calendar not found");
  if (end <= start) return err.badRequest("endTime must be after startTime");
  const id = ghlId(`${auth.account.externalId}:block:${randomUUID()}`);
  const data: SandboxData = {
    id,
    locationId: auth.account.externalId,
    title: typeof body["title"] === "string" ? body["title"] : "Blocked",
    startTime: body["startTime"],
    endTime: body["endTime"],
    ...(hasCal ? { calendarId: body["calendarId"] } : { assignedUserId: body["assignedUserId"] }),
    dateAdded: isoNow(ctx),
    dateUpdated: isoNow(ctx),
  };
  await createRecord({ account: auth.account, objectType: BLOCK_SLOTS, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json(data, 201);
}

// Calendars (one per location), appointment writes, block-slot moves, event deletion

/** A calendar of the location by its id (the seeded primary calendar keeps locationSetup's id). */
async function findCalendar(account: SandboxAccount, id: string): Promise<SandboxData | null> {
  return (await listRecords(account.id, CALENDARS)).find((r) => r.data["id"] === id)?.data ?? null;
}

async function listCalendars({ url, auth }: Args): Promise<Response> {
  const locationId = url.searchParams.get("locationId");
  if (!locationId) return err.unprocessable(["locationId should not be empty"]);
  if (locationId !== auth.account.externalId) return err.forbidden();
  const groupId = url.searchParams.get("groupId");
  const calendars = (await listRecords(auth.account.id, CALENDARS)).map((r) => r.data).filter((d) => !groupId || d["groupId"] === groupId);
  return json({ calendars });
}

async function getCalendar({ params, auth }: Args): Promise<Response> {
  const calendar = await findCalendar(auth.account, params["calendarId"]!);
  return calendar ? json({ calendar }) : err.badRequest("Calendar not found");
}

const appointmentWritable = ["calendarId", "contactId", "startTime", "endTime", "title", "appointmentStatus", "assignedUserId", "address", "notes", "ignoreDateRange", "toNotify", "meetingLocationType"];
const appointmentStatusValues = ["new", "confirmed", "cancelled", "showed", "noshow", "invalid"];

function validateAppointment(b: Record<string, unknown>, allowed: readonly string[], creating: boolean): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(b)) if (!allowed.includes(key)) problems.push(`property ${key} should not exist`);
  if (creating) for (const k of ["calendarId", "contactId", "startTime"]) if (typeof b[k] !== "string" || b[k] === "") problems.push(`${k} should not be empty`);
  for (const k of ["startTime", "endTime"]) if (b[k] !== undefined && (typeof b[k] !== "string" || Number.isNaN(Date.parse(b[k])))) problems.push(`${k} must be a valid ISO 8601 date string`);
  if (b["appointmentStatus"] !== undefined && !appointmentStatusValues.includes(String(b["appointmentStatus"]))) problems.push(`appointmentStatus must be one of the following values: ${appointmentStatusValues.join(", ")}`);
  return problems;
}

async function createAppointment({ req, auth, ctx }: Args): Promise<Response> {
  const b = await locationBody(req, auth, (body) => validateAppointment(body, [...appointmentWritable, "locationId"], true));
  if (b instanceof Response) return b;
  const setup = locationSetup(auth.account);
  if (!(await findCalendar(auth.account, String(b["calendarId"])))) return err.badRequest("Calendar not found");
  if (!(await getRecord(auth.account.id, CONTACTS, String(b["contactId"])))) return contactNotFound(String(b["contactId"]));
  const start = Date.parse(String(b["startTime"]));
  const id = await nextExternalId(auth.account, appointmentsSpec);
  const now = isoNow(ctx);
  const { locationId: _l, ignoreDateRange: _i, toNotify: _t, ...fields } = b;
  const assignee = typeof b["assignedUserId"] === "string" ? b["assignedUserId"] : setup.userIds[0];
  const data: SandboxData = {
    id, address: "", title: "Appointment", appointmentStatus: "new", notes: "", source: "third_party", groupId: setup.groupId,
    endTime: new Date(start + SLOT_MS).toISOString(), ...fields, assignedUserId: assignee, users: [assignee],
    locationId: auth.account.externalId, dateAdded: now, dateUpdated: now,
  };
  await createRecord({ account: auth.account, objectType: APPOINTMENTS, externalId: id, data, now: ctx.now(), source: source(auth) });
  return json(data, 201);
}

async function updateAppointment({ req, params, auth, ctx }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, APPOINTMENTS, params["eventId"]!);
  if (!rec) return err.badRequest(`Appointment with id ${params["eventId"]} not found`);
  const b = (await readJson(req)) as Record<string, unknown> | null;
  if (!b || typeof b !== "object") return err.badRequest("Bad Request");
  const problems = validateAppointment(b, appointmentWritable, false);
  if (problems.length) return err.unprocessable(problems);
  const { ignoreDateRange: _i, toNotify: _t, ...fields } = b;
  const data: SandboxData = { ...rec.data, ...fields, dateUpdated: isoNow(ctx) };
  const saved = await updateRecord({ account: auth.account, objectType: APPOINTMENTS, externalId: rec.externalId, data, now: ctx.now(), source: source(auth), ignoreFields: ["dateUpdated"] });
  return json(saved?.data ?? data);
}

async function updateBlockSlot({ req, params, auth, ctx }: Args): Promise<Response> {
  const rec = await getRecord(auth.account.id, BLOCK_SLOTS, params["eventId"]!);
  if (!rec) return err.badRequest(`Event with id ${params["eventId"]} not found`);
  const b = (await readJson(req)) as Record<string, unknown> | null;
  if (!b || typeof b !== "object") return err.badRequest("Bad Request");
  const problems: string[] = [];
  for (const key of Object.keys(b)) if (!["title", "calendarId", "assignedUserId", "startTime", "endTime"].includes(key)) problems.push(`property ${key} should not exist`);
  for (const k of ["startTime", "endTime"]) if (b[k] !== undefined && (typeof b[k] !== "string" || Number.isNaN(Date.parse(b[k])))) problems.push(`${k} must be a valid ISO 8601 date string`);
  if (problems.length) return err.unprocessable(problems);
  const data: SandboxData = { ...rec.data, ...b, dateUpdated: isoNow(ctx) };
  if (Date.parse(String(data["endTime"])) <= Date.parse(String(data["startTime"]))) return err.badRequest("endTime must be after startTime");
  const saved = await updateRecord({ account: auth.account, objectType: BLOCK_SLOTS, externalId: rec.externalId, data, now: ctx.now(), source: source(auth), ignoreFields: ["dateUpdated"] });
  return json(saved?.data ?? data);
}

/** DELETE /calendars/events/{eventId}: appointments and block slots alike. */
async function deleteEvent({ params, auth, ctx }: Args): Promise<Response> {
  for (const objectType of [APPOINTMENTS, BLOCK_SLOTS]) {
    if (await deleteRecord({ account: auth.account, objectType, externalId: params["eventId"]!, now: ctx.now(), source: source(auth) })) return json({ succeeded: true });
  }
  return err.badRequest(`Event with id ${params["eventId"]} not found`);
}

// ------------------------------------------------------------------------------------------------
// Custom fields (GET / POST /locations/{locationId}/customFields)

const customFieldDataTypes = ["TEXT", "LARGE_TEXT", "NUMERICAL", "PHONE", "MONETORY", "CHECKBOX", "SINGLE_OPTIONS", "MULTIPLE_OPTIONS", "FLOAT", "TIME", "DATE", "TEXTBOX_LIST", "FILE_UPLOAD", "SIGNATURE", "RADIO", "EMAIL"];
const optionTypes = ["CHECKBOX", "SINGLE_OPTIONS", "MULTIPLE_OPTIONS", "RADIO", "TEXTBOX_LIST"];

function customFieldOut(account: SandboxAccount, d: CustomFieldDef, position: number) {
  return {
    id: d.id, name: d.name, fieldKey: d.key, placeholder: "", dataType: d.dataType, position, model: "contact",
    locationId: account.externalId, documentType: "field", parentId: null, isAllowedCustomOption: false,
    ...(d.options ? { picklistOptions: d.options } : {}),
  };
}

async function listCustomFields({ params, url, auth }: Args): Promise<Response> {
  if (params["locationId"] !== auth.account.externalId) return err.forbidden();
  const model = url.searchParams.get("model");
  if (model && !["contact", "opportunity", "all"].includes(model)) return err.unprocessable(["model must be one of the following values: contact, opportunity, all"]);
  const defs = model === "opportunity" ? [] : await customFieldDefs(auth.account);
  return json({ customFields: defs.map((d, i) => customFieldOut(auth.account, d, i * 50)) });
}

async function createCustomField({ req, params, auth, ctx }: Args): Promise<Response> {
  if (params["locationId"] !== auth.account.externalId) return err.forbidden();
  const b = (await readJson(req)) as Record<string, unknown> | null;
  if (!b || typeof b !== "object") return err.badRequest("Bad Request");
  const problems: string[] = [];
  for (const key of Object.keys(b)) {
    if (!["name", "dataType", "placeholder", "acceptedFormat", "isMultipleFile", "maxNumberOfFiles", "textBoxListOptions", "position", "model", "options", "parentId"].includes(key)) problems.push(`property ${key} should not exist`);
  }
  if (typeof b["name"] !== "string" || b["name"].trim() === "") problems.push("name should not be empty");
  if (typeof b["dataType"] !== "string" || !customFieldDataTypes.includes(b["dataType"])) problems.push(`dataType must be one of the following values: ${customFieldDataTypes.join(", ")}`);
  if (b["model"] !== undefined && b["model"] !== "contact" && b["model"] !== "opportunity") problems.push("model must be one of the following values: contact, opportunity");
  const options = b["options"];
  if (options !== undefined && (!Array.isArray(options) || options.some((o) => typeof o !== "string"))) problems.push("each value in options must be a string");
  if (problems.length) return err.unprocessable(problems);
  if (b["model"] === "opportunity") return err.badRequest("Opportunity custom fields are not enabled for this location");
  const name = String(b["name"]).trim();
  const dataType = String(b["dataType"]);
  if (optionTypes.includes(dataType) && (!Array.isArray(options) || options.length === 0)) return err.badRequest(`options are required for ${dataType}`);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "field";
  const existing = await customFieldDefs(auth.account);
  if (existing.some((d) => d.key === `contact.${slug}`)) return err.badRequest(`Custom field with name ${name} already exists`);
  const id = ghlId(`${auth.account.externalId}:cf:${randomUUID()}`);
  const def: CustomFieldDef = { id, key: `contact.${slug}`, name, dataType, ...(optionTypes.includes(dataType) ? { options: options as string[] } : {}) };
  const out = customFieldOut(auth.account, def, existing.length * 50);
  await createRecord({ account: auth.account, objectType: CUSTOM_FIELDS, externalId: id, data: out, now: ctx.now(), source: source(auth) });
  return json({ customField: out }, 201);
}

// ------------------------------------------------------------------------------------------------
// OAuth

const oauthApp: SandboxOAuthAppSpec = {
  name: "Switchboard (sandbox)",
  // GHL shapes: a 24-hex app id; the client id is "<appId>-<suffix>"; a UUID client secret.
  newCredentials: (random) => {
    const appExternalId = random.hex(12);
    return { appExternalId, clientId: `${appExternalId}-${random.hex(4)}`, clientSecret: random.uuid() };
  },
};

async function tokenEndpoint(req: Request, ctx: SandboxContext): Promise<Response> {
  return handleToken(req, ctx, {
    accessTokenTtlSeconds: 86_399,
    refreshTokenRotates: true,
    echoRefreshToken: true,
    clientAuth: "body",
    tokenPrefix: "ghl-",
    success: (r) => {
      const setup = locationSetup(r.account);
      return json({
        access_token: r.accessToken,
        token_type: "Bearer",
        expires_in: r.expiresIn,
        refresh_token: r.refreshToken,
        scope: r.scope,
        userType: "Location",
        locationId: r.account.externalId,
        companyId: setup.companyId,
        approvedLocations: [r.account.externalId],
        userId: setup.userIds[0],
        planId: null,
        isBulkInstallation: false,
      });
    },
    // GHL's token errors are not in the spec; the OAuth 2.0 shape is the safest guess
    error: (code, description) => json({ error: code, error_description: description }, code === "invalid_client" ? 401 : 400),
  });
}

// ------------------------------------------------------------------------------------------------
// Routing

const routes: ApiRoute<Auth>[] = [
  { method: "POST", path: "/contacts/upsert", handler: upsertContact },
  { method: "POST", path: "/contacts/search", handler: searchContacts },
  { method: "GET", path: "/contacts/search/duplicate", handler: duplicateLookup },
  { method: "POST", path: "/contacts", handler: createContact },
  { method: "GET", path: "/contacts/:contactId", handler: getContact },
  { method: "PUT", path: "/contacts/:contactId", handler: updateContact },
  { method: "DELETE", path: "/contacts/:contactId", handler: deleteContact },
  { method: "GET", path: "/opportunities/search", handler: searchOpportunities },
  { method: "POST", path: "/opportunities", handler: createOpportunity },
  { method: "GET", path: "/opportunities/:id", handler: getOpportunity },
  { method: "PUT", path: "/opportunities/:id", handler: updateOpportunity },
  { method: "DELETE", path: "/opportunities/:id", handler: deleteOpportunity },
  { method: "PUT", path: "/opportunities/:id/status", handler: updateOpportunityStatus },
  { method: "POST", path: "/conversations/messages", handler: sendMessage },
  { method: "GET", path: "/conversations/messages/:messageId", handler: getMessage },
  { method: "GET", path: "/calendars/events", handler: listEvents },
  { method: "POST", path: "/calendars/events/appointments", handler: createAppointment },
  { method: "GET", path: "/calendars/events/appointments/:eventId", handler: getAppointment },
  { method: "PUT", path: "/calendars/events/appointments/:eventId", handler: updateAppointment },
  { method: "POST", path: "/calendars/events/block-slots", handler: createBlockSlot },
  { method: "PUT", path: "/calendars/events/block-slots/:eventId", handler: updateBlockSlot },
  { method: "DELETE", path: "/calendars/events/:eventId", handler: deleteEvent },
  { method: "GET", path: "/calendars", handler: listCalendars },
  { method: "GET", path: "/calendars/:calendarId/free-slots", handler: freeSlots },
  { method: "GET", path: "/calendars/:calendarId", handler: getCalendar },
  { method: "GET", path: "/locations/:locationId/customFields", handler: listCustomFields },
  { method: "POST", path: "/locations/:locationId/customFields", handler: createCustomField },
];

const faults: ProviderSandbox["faults"] = {
  // the 429 body is not documented; GHL's other errors are NestJS HttpExceptions, so this follows them
  rateLimited: (retryAfterSeconds) =>
    json({ statusCode: 429, message: "Too Many Requests", error: "Too Many Requests" }, 429, {
      "retry-after": String(retryAfterSeconds),
      "x-ratelimit-max": String(BURST_MAX),
      "x-ratelimit-remaining": "0",
      "x-ratelimit-interval-milliseconds": String(BURST_WINDOW_MS),
    }),
  serverError: () => json({ statusCode: 500, message: "Internal server error" }, 500),
};

async function handle(req: Request, ctx: SandboxContext): Promise<Response> {
  // the documented authorize URL, and the one GHL's official SDK builds (getAuthorizationUrl)
  if (ctx.path === "/v2/oauth/chooselocation" || ctx.path === "/oauth/chooselocation") {
    return handleAuthorize(req, ctx, { providerName: "HighLevel", accent: "#155EEF" });
  }
  if (ctx.path === "/oauth/token" && req.method === "POST") return tokenEndpoint(req, ctx);
  return serveApi<Auth>(req, ctx, {
    routes,
    async authenticate(r, c) {
      const auth = await authenticateBearer(r, c);
      if (!auth.ok) return err.unauthorized();
      const version = r.headers.get("version");
      if (!version || !SUPPORTED_VERSIONS.includes(version)) {
        return json({ statusCode: 400, message: "version header is missing or invalid", error: "Bad Request" }, 400);
      }
      return { account: auth.account, appId: auth.app?.id ?? null };
    },
    faults,
    notFound: (r, c) => json({ statusCode: 404, message: `Cannot ${r.method} ${c.path}`, error: "Not Found" }, 404),
    decorate(res, auth) {
      if (res.status === 429) return res;
      const burst = countRequest(`ghl:burst:${auth.account.id}`, BURST_WINDOW_MS);
      const daily = countRequest(`ghl:daily:${auth.account.id}`, 86_400_000);
      return withHeaders(res, {
        "x-ratelimit-limit-daily": String(DAILY_MAX),
        "x-ratelimit-daily-remaining": String(Math.max(0, DAILY_MAX - daily)),
        "x-ratelimit-interval-milliseconds": String(BURST_WINDOW_MS),
        "x-ratelimit-max": String(BURST_MAX),
        "x-ratelimit-remaining": String(Math.max(0, BURST_MAX - burst)),
      });
    },
  });
}

// ------------------------------------------------------------------------------------------------
// Webhooks: one delivery per event, flat JSON with `type`, signed over the exact bytes sent.

function contactEventType(change: SandboxChange): string {
  if (change.kind === "created") return "ContactCreate";
  if (change.kind === "deleted") return "ContactDelete";
  const fields = change.changedFields.map((f) => f.split(".")[0]!).filter((f) => f !== "dateUpdated");
  if (fields.length > 0 && fields.every((f) => f === "tags")) return "ContactTagUpdate";
  if (fields.length > 0 && fields.every((f) => f === "dnd" || f === "dndSettings")) return "ContactDndUpdate";
  return "ContactUpdate";
}

function opportunityEventType(change: SandboxChange): string {
  if (change.kind === "created") return "OpportunityCreate";
  if (change.kind === "deleted") return "OpportunityDelete";
  const fields = change.changedFields;
  if (fields.includes("status")) return "OpportunityStatusUpdate";
  if (fields.includes("pipelineStageId")) return "OpportunityStageUpdate";
  if (fields.includes("assignedTo")) return "OpportunityAssignedToUpdate";
  if (fields.includes("monetaryValue")) return "OpportunityMonetaryValueUpdate";
  return "OpportunityUpdate";
}

function eventBody(account: SandboxAccount, change: SandboxChange, now: Date, appId: string | null): Record<string, unknown> | null {
  // appId: GHL's official SDK (WebhookManager) skips a delivery whose appId is not its client id's prefix
  const base = { ...(appId ? { appId } : {}), timestamp: now.toISOString(), webhookId: randomUUID() };
  if (change.objectType === CONTACTS) {
    // the contact's own `type` ("lead") would collide with the event discriminator, which wins
    const { type: _contactType, ...contact } = contactOut(change.data);
    return { type: contactEventType(change), locationId: account.externalId, ...contact, ...base };
  }
  if (change.objectType === OPPORTUNITIES) {
    const d = change.data;
    return {
      type: opportunityEventType(change), locationId: account.externalId, id: d["id"], assignedTo: d["assignedTo"] ?? null,
      contactId: d["contactId"], monetaryValue: d["monetaryValue"] ?? 0, name: d["name"], pipelineId: d["pipelineId"],
      pipelineStageId: d["pipelineStageId"], source: d["source"] ?? null, status: d["status"], dateAdded: d["createdAt"], ...base,
    };
  }
  if (change.objectType === MESSAGES) {
    // a message is written once: only its creation is an event
    if (change.kind !== "created") return null;
    const { id, ...message } = change.data;
    return { type: message["direction"] === "inbound" ? "InboundMessage" : "OutboundMessage", locationId: account.externalId, ...message, messageId: id, ...base };
  }
  if (change.objectType === APPOINTMENTS) {
    const type = change.kind === "created" ? "AppointmentCreate" : change.kind === "deleted" ? "AppointmentDelete" : "AppointmentUpdate";
    return { type, locationId: account.externalId, appointment: change.data, ...base };
  }
  return null;
}

function renderWebhooks(input: Parameters<NonNullable<ProviderSandbox["renderWebhooks"]>>[0]): RenderedDelivery[] {
  // The workspace's own key pair (generated with its sandbox app; the public halves are in the panel).
  const keys = input.app?.signingKeys ?? {};
  if (!keys.ed25519 || !keys.rsa) return [];
  const legacy = accountSetting(input.account, "legacyRsaSignature", false);
  const out: RenderedDelivery[] = [];
  for (const change of input.changes) {
    const body = eventBody(input.account, change, input.now, input.app?.appExternalId ?? null);
    if (!body) continue;
    if (input.subscription.events.length > 0 && !input.subscription.events.includes(String(body["type"]))) continue;
    const raw = JSON.stringify(body);
    const bytes = Buffer.from(raw, "utf8");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-ghl-signature": sign(null, bytes, keys.ed25519).toString("base64"),
    };
    // GHL stopped the legacy header on 2026-07-01; an account can turn it back on to test old verifiers
    if (legacy) headers["x-wh-signature"] = sign("sha256", bytes, keys.rsa).toString("base64");
    out.push({ headers, body: raw });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Objects (seeds + control panel)

const TAGS = ["newsletter", "vip", "webinar", "trial", "referral", "cold", "hot lead", "customer"];
const SOURCES = ["website form", "facebook ad", "referral", "booking widget", "import", "chat widget"];

function splitTags(v: string | undefined): string[] {
  return (v ?? "").split(",").map((t) => t.trim()).filter(Boolean);
}

const contactsSpec: SandboxObjectSpec = {
  type: CONTACTS,
  label: "Contacts",
  seedCount: 250,
  fields: [
    { name: "firstName", label: "First name" },
    { name: "lastName", label: "Last name" },
    { name: "email", label: "Email", type: "email" },
    { name: "phone", label: "Phone", type: "tel" },
    { name: "companyName", label: "Company" },
    { name: "tags", label: "Tags (comma separated)" },
    { name: "source", label: "Source" },
    { name: "dnd", label: "Do not disturb", type: "checkbox" },
  ],
  newExternalId: (account, n) => ghlId(`${account.externalId}:contact:${n}`),
  seed({ rng, account, externalId, index, now }) {
    const p = fakePerson(rng, index);
    const setup = locationSetup(account);
    const createdAt = pastDate(rng, now, 365);
    const updatedAt = new Date(createdAt.getTime() + Math.floor(rng.next() * (now.getTime() - createdAt.getTime())));
    const tags = TAGS.filter(() => rng.chance(0.2));
    const customFields = rng.chance(0.6) ? [{ id: setup.customFields[0]!.id, value: String(rng.int(1, 100)) }] : [];
    const data: SandboxData = {
      id: externalId,
      locationId: account.externalId,
      firstName: p.firstName,
      lastName: p.lastName,
      name: `${p.firstName} ${p.lastName}`,
      email: p.email,
      emailLowerCase: p.email.toLowerCase(),
      phone: p.phone,
      companyName: p.company,
      city: p.city,
      state: p.state,
      country: p.country,
      website: `https://${p.domain}`,
      source: rng.pick(SOURCES),
      type: "lead",
      dnd: rng.chance(0.08),
      tags,
      customFields,
      assignedTo: rng.pick(setup.userIds),
      dateAdded: createdAt.toISOString(),
      dateUpdated: updatedAt.toISOString(),
    };
    return { data, createdAt, updatedAt };
  },
  summary: (d) => ({ title: String(d["name"] ?? d["email"] ?? d["id"]), subtitle: String(d["email"] ?? d["phone"] ?? "") }),
  toForm: (d) => ({
    firstName: str(d["firstName"]) ?? "",
    lastName: str(d["lastName"]) ?? "",
    email: str(d["email"]) ?? "",
    phone: str(d["phone"]) ?? "",
    companyName: str(d["companyName"]) ?? "",
    tags: ((d["tags"] as string[] | undefined) ?? []).join(", "),
    source: str(d["source"]) ?? "",
    dnd: d["dnd"] === true ? "on" : "",
  }),
  fromForm(values, { existing, externalId, now, account }) {
    const iso = now.toISOString();
    const base: SandboxData = existing ?? { id: externalId, locationId: account.externalId, type: "lead", customFields: [], dateAdded: iso };
    const next: SandboxData = {
      ...base,
      firstName: values["firstName"] || null,
      lastName: values["lastName"] || null,
      email: values["email"] || null,
      phone: values["phone"] || null,
      companyName: values["companyName"] || null,
      tags: splitTags(values["tags"]),
      source: values["source"] || null,
      dnd: values["dnd"] === "on" || values["dnd"] === "true",
      dateUpdated: iso,
    };
    next["name"] = `${values["firstName"] ?? ""} ${values["lastName"] ?? ""}`.trim() || null;
    next["emailLowerCase"] = typeof next["email"] === "string" ? next["email"].toLowerCase() : null;
    return next;
  },
};

const opportunitiesSpec: SandboxObjectSpec = {
  type: OPPORTUNITIES,
  label: "Opportunities",
  seedCount: 120,
  fields: [
    { name: "name", label: "Name" },
    { name: "status", label: "Status", type: "select", options: opportunityStatuses },
    { name: "monetaryValue", label: "Value" },
    { name: "contactId", label: "Contact id" },
  ],
  newExternalId: (account, n) => ghlId(`${account.externalId}:opportunity:${n}`),
  seed({ rng, account, externalId, index, now }) {
    const setup = locationSetup(account);
    // seeded contacts take numbers 1..n first, so opportunity i belongs to contact i+1
    const contactId = contactsSpec.newExternalId(account, index + 1);
    const createdAt = pastDate(rng, now, 200);
    const updatedAt = new Date(createdAt.getTime() + Math.floor(rng.next() * (now.getTime() - createdAt.getTime())));
    const status = rng.pick(["open", "open", "open", "won", "lost", "abandoned"]);
    const data: SandboxData = {
      id: externalId,
      name: `${rng.pick(["Website redesign", "Annual plan", "Consultation", "Starter package", "Renewal"])} #${index + 1}`,
      monetaryValue: rng.int(2, 200) * 50,
      pipelineId: setup.pipelineId,
      pipelineStageId: rng.pick(setup.stageIds),
      assignedTo: rng.pick(setup.userIds),
      status,
      source: rng.pick(SOURCES),
      lastStatusChangeAt: updatedAt.toISOString(),
      lastStageChangeAt: updatedAt.toISOString(),
      createdAt: createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
      contactId,
      locationId: account.externalId,
    };
    return { data, createdAt, updatedAt };
  },
  summary: (d) => ({ title: String(d["name"] ?? d["id"]), subtitle: `${String(d["status"])} · ${String(d["monetaryValue"] ?? 0)}` }),
  toForm: (d) => ({
    name: str(d["name"]) ?? "",
    status: str(d["status"]) ?? "open",
    monetaryValue: String(d["monetaryValue"] ?? ""),
    contactId: str(d["contactId"]) ?? "",
  }),
  fromForm(values, { existing, externalId, now, account }) {
    const iso = now.toISOString();
    const setup = locationSetup(account);
    const base: SandboxData = existing ?? {
      id: externalId, pipelineId: setup.pipelineId, pipelineStageId: setup.stageIds[0], locationId: account.externalId, createdAt: iso,
    };
    const status = opportunityStatuses.includes(values["status"] ?? "") ? values["status"] : "open";
    return {
      ...base,
      name: values["name"] || "Untitled",
      status,
      ...(existing?.["status"] !== status ? { lastStatusChangeAt: iso } : {}),
      monetaryValue: Number(values["monetaryValue"]) || 0,
      contactId: values["contactId"] || null,
      updatedAt: iso,
    };
  },
};

function seedAppointmentTime(rng: Rng, now: Date): Date {
  // between 20 days back and 40 ahead, on a half hour between 9:00 and 16:30 UTC
  const day = Math.floor(now.getTime() / 86_400_000) + rng.int(-20, 40);
  return new Date(day * 86_400_000 + (9 + rng.int(0, 7)) * 3_600_000 + rng.int(0, 1) * 1_800_000);
}

const appointmentsSpec: SandboxObjectSpec = {
  type: APPOINTMENTS,
  label: "Appointments",
  seedCount: 60,
  fields: [
    { name: "title", label: "Title" },
    { name: "appointmentStatus", label: "Status", type: "select", options: ["new", "confirmed", "cancelled", "showed", "noshow"] },
    { name: "startTime", label: "Start (ISO)" },
    { name: "endTime", label: "End (ISO)" },
    { name: "contactId", label: "Contact id" },
  ],
  newExternalId: (account, n) => ghlId(`${account.externalId}:appointment:${n}`),
  seed({ rng, account, externalId, index, now }) {
    const setup = locationSetup(account);
    const start = seedAppointmentTime(rng, now);
    const createdAt = new Date(Math.min(now.getTime(), start.getTime()) - rng.int(1, 10) * 86_400_000);
    const updatedAt = new Date(createdAt.getTime() + rng.int(0, 3_600_000));
    const user = rng.pick(setup.userIds);
    const data: SandboxData = {
      id: externalId,
      address: "https://meet.example/switchboard",
      title: rng.pick(["Discovery call", "Demo", "Consultation", "Follow-up"]),
      calendarId: setup.calendarId,
      locationId: account.externalId,
      contactId: contactsSpec.newExternalId(account, index + 1),
      groupId: setup.groupId,
      appointmentStatus: rng.pick(["confirmed", "confirmed", "new", "cancelled", "showed"]),
      assignedUserId: user,
      users: [user],
      notes: "",
      source: "booking_widget",
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + SLOT_MS).toISOString(),
      dateAdded: createdAt.toISOString(),
      dateUpdated: updatedAt.toISOString(),
    };
    return { data, createdAt, updatedAt };
  },
  summary: (d) => ({ title: String(d["title"] ?? d["id"]), subtitle: `${String(d["startTime"])} · ${String(d["appointmentStatus"])}` }),
  toForm: (d) => ({
    title: str(d["title"]) ?? "",
    appointmentStatus: str(d["appointmentStatus"]) ?? "new",
    startTime: str(d["startTime"]) ?? "",
    endTime: str(d["endTime"]) ?? "",
    contactId: str(d["contactId"]) ?? "",
  }),
  fromForm(values, { existing, externalId, now, account }) {
    const iso = now.toISOString();
    const setup = locationSetup(account);
    const start = Date.parse(values["startTime"] ?? "");
    const startIso = Number.isNaN(start) ? iso : new Date(start).toISOString();
    const end = Date.parse(values["endTime"] ?? "");
    const base: SandboxData = existing ?? {
      id: externalId, calendarId: setup.calendarId, locationId: account.externalId, groupId: setup.groupId,
      assignedUserId: setup.userIds[0], users: [setup.userIds[0]], source: "booking_widget", dateAdded: iso,
    };
    return {
      ...base,
      title: values["title"] || "Appointment",
      appointmentStatus: values["appointmentStatus"] || "new",
      startTime: startIso,
      endTime: Number.isNaN(end) ? new Date(Date.parse(startIso) + SLOT_MS).toISOString() : new Date(end).toISOString(),
      contactId: values["contactId"] || null,
      dateUpdated: iso,
    };
  },
};

/**
 * Messages: a person adds one in the panel as if the contact wrote in (InboundMessage) or a user replied
 * (OutboundMessage); integrations send one through POST /conversations/messages. None are seeded.
 */
const messagesSpec: SandboxObjectSpec = {
  type: MESSAGES,
  label: "Messages",
  seedCount: 0,
  fields: [
    { name: "contactId", label: "Contact id" },
    { name: "direction", label: "Direction", type: "select", options: ["inbound", "outbound"] },
    { name: "messageType", label: "Channel", type: "select", options: MESSAGE_CHANNELS },
    { name: "body", label: "Message" },
  ],
  newExternalId: (account, n) => ghlId(`${account.externalId}:message:${n}`),
  seed({ account, externalId, now }) {
    const data = messageData({ account, id: externalId, contactId: contactsSpec.newExternalId(account, 1), channel: "SMS", direction: "inbound", body: "Hello", at: now.toISOString() });
    return { data, createdAt: now, updatedAt: now };
  },
  summary: (d) => ({ title: `${String(d["direction"])} ${String(d["messageType"])}: ${String(d["body"] ?? "").slice(0, 60)}`, subtitle: `contact ${String(d["contactId"])} · ${String(d["dateAdded"])}` }),
  toForm: (d) => ({ contactId: str(d["contactId"]) ?? "", direction: str(d["direction"]) ?? "inbound", messageType: str(d["messageType"]) ?? "SMS", body: str(d["body"]) ?? "" }),
  fromForm(values, { existing, externalId, now, account }) {
    if (existing) return { ...existing, body: values["body"] ?? existing["body"] };
    const channel = (MESSAGE_CHANNELS as readonly string[]).includes(values["messageType"] ?? "") ? values["messageType"]! : "SMS";
    return messageData({
      account, id: externalId, contactId: values["contactId"] ?? "", channel, direction: values["direction"] === "outbound" ? "outbound" : "inbound", body: values["body"] ?? "", at: now.toISOString(),
      userId: values["direction"] === "outbound" ? (locationSetup(account).userIds[0] ?? null) : null,
    });
  },
};

const CALENDAR_NAMES = ["Consultations", "Demos", "Follow-ups", "Onboarding calls", "Site visits"];

/**
 * Calendars are seeded last (contacts, opportunities and appointments take the first numbers); the first
 * keeps the location's primary calendar id, which the seeded appointments are booked on.
 */
const calendarsSpec: SandboxObjectSpec = {
  type: CALENDARS,
  label: "Calendars",
  seedCount: 2,
  fields: [
    { name: "name", label: "Name" },
    { name: "description", label: "Description" },
    { name: "isActive", label: "Active", type: "checkbox" },
  ],
  newExternalId: (account, n) => ghlId(`${account.externalId}:calendar:${n}`),
  seed({ account, externalId, index, now }) {
    const setup = locationSetup(account);
    const name = CALENDAR_NAMES[index % CALENDAR_NAMES.length]!;
    const data: SandboxData = {
      id: index === 0 ? setup.calendarId : externalId,
      locationId: account.externalId,
      groupId: setup.groupId,
      name: index < CALENDAR_NAMES.length ? name : `${name} ${index + 1}`,
      description: `${SLOT_MS / 60_000}-minute slots, weekdays ${OPEN_HOUR}:00-${CLOSE_HOUR}:00`,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      calendarType: "round_robin",
      slotDuration: SLOT_MS / 60_000,
      slotDurationUnit: "mins",
      slotInterval: SLOT_MS / 60_000,
      isActive: true,
      teamMembers: setup.userIds.map((userId) => ({ userId, priority: 0.5 })),
    };
    return { data, createdAt: now, updatedAt: now };
  },
  summary: (d) => ({ title: String(d["name"] ?? d["id"]), subtitle: String(d["description"] ?? "") }),
  toForm: (d) => ({ name: str(d["name"]) ?? "", description: str(d["description"]) ?? "", isActive: d["isActive"] === false ? "" : "on" }),
  fromForm(values, { existing, externalId, account }) {
    const setup = locationSetup(account);
    const base: SandboxData = existing ?? {
      id: externalId, locationId: account.externalId, groupId: setup.groupId, calendarType: "round_robin", slotDuration: SLOT_MS / 60_000,
      slotDurationUnit: "mins", slotInterval: SLOT_MS / 60_000, teamMembers: setup.userIds.map((userId) => ({ userId, priority: 0.5 })),
    };
    return { ...base, name: values["name"] || "Calendar", description: values["description"] ?? "", isActive: values["isActive"] === "on" || values["isActive"] === "true" };
  },
};

export const gohighlevelSandbox: ProviderSandbox = {
  slug: SLUG,
  handle,
  objects: [contactsSpec, opportunitiesSpec, appointmentsSpec, calendarsSpec, messagesSpec],
  newAccount({ key, rng }) {
    const company = rng.pick(["Bright Smiles Dental", "Peak Fitness Studio", "Harbor Realty", "Green Leaf Landscaping", "Summit Roofing"]);
    // rng is seeded from random bytes for a new account: the location id is unique per account
    return { name: `${company} (${key})`, externalId: ghlId(`${SLUG}:location:${rng.hex(32)}`) };
  },
  oauthApp,
  webhookKeyPairs: ["ed25519", "rsa"],
  faults,
  renderWebhooks,
};
