// A faithful fake of ActiveCampaign API v3 under /sandbox/activecampaign/api/3: `Api-Token` auth (403
// when wrong), string ids, limit/offset paging with `meta.total` as a string, `filters[updated_after]`
// with `orders[udate]`, contact/sync, tags, contactTags, custom fields, lists and webhooks, AC's error
// bodies, and form-encoded webhooks to the registered URLs. Tags, field values and list memberships are
// kept inside the contact record (under "__" keys the API never shows) so the panel and webhooks see them.
import { findSandboxAccountByApiKey } from "@/lib/integrations/sandbox/accounts";
import { fakePerson, pastDate } from "@/lib/integrations/sandbox/fake-people";
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  updateRecord,
  type ChangeSource,
} from "@/lib/integrations/sandbox/record-store";
import type {
  ProviderSandbox,
  RenderedDelivery,
  SandboxAccount,
  SandboxChange,
  SandboxData,
  SandboxObjectSpec,
} from "@/lib/integrations/sandbox/sandbox-types";
import { json, readJson, serveApi, type ApiRoute } from "@/lib/integrations/sandbox/serve-api";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import { db } from "@/lib/db/client";

const SLUG = "activecampaign";
const API = "/api/3";

/** AC shows times in the account's zone; the sandbox account lives at UTC-05:00. */
export function acDate(d: Date): string {
  const shifted = new Date(d.getTime() - 5 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}-05:00`;
}

type ContactTag = { id: string; name: string };
type FieldValue = { id: string; value: string };
type ListStatus = { id: string; status: "1" | "2" };
type FieldOptionRow = { id: string; label: string; value: string };
type AcError = { title: string; detail: string; code: string; source?: { pointer: string } };
const FIELD_TYPES = ["text", "textarea", "date", "datetime", "dropdown", "radio", "checkbox", "multiselect", "listbox", "hidden"];
type Internal = { __tags?: ContactTag[]; __fields?: Record<string, FieldValue>; __lists?: Record<string, ListStatus> };

const SEED_TAGS = ["customer", "lead", "vip", "newsletter", "webinar", "partner", "trial", "churn-risk"] as const;
const SEED_FIELDS = [
  { perstag: "PLAN", title: "Plan", type: "dropdown", options: ["Free", "Starter", "Pro", "Enterprise"] },
  { perstag: "COMPANY_SIZE", title: "Company size", type: "text", options: ["1-10", "11-50", "51-200", "200+"] },
  { perstag: "LEAD_SOURCE", title: "Lead source", type: "text", options: ["Website", "Referral", "Event", "Ads"] },
] as const;
const SEED_LISTS = [
  { stringid: "newsletter", name: "Newsletter" },
  { stringid: "product-updates", name: "Product updates" },
] as const;

// ---------------------------------------------------------------------------------------------------
// public shapes

function publicContact(externalId: string, data: SandboxData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!k.startsWith("__")) out[k] = v;
  out.id = externalId;
  out.links = {
    contactTags: `/api/3/contacts/${externalId}/contactTags`,
    fieldValues: `/api/3/contacts/${externalId}/fieldValues`,
    contactLists: `/api/3/contacts/${externalId}/contactLists`,
  };
  return out;
}

/**
 * Tags, custom fields (with their options) and lists every account starts with. AC numbers each resource
 * on its own (tag 1, field 1 and list 1 coexist), so they get ids 1, 2, ... of their type, created on the
 * account's first request; ids of later ones continue each type's sequence (nextIdOf).
 */
const ensured = new Set<string>();
async function ensureDefinitions(accountId: string): Promise<void> {
  if (ensured.has(accountId)) return;
  const now = new Date();
  const rows = [
    ...SEED_TAGS.map((tag, i) => ({ objectType: "tags", externalId: String(i + 1), data: { tag, tagType: "contact", description: "", cdate: acDate(now) } })),
    ...SEED_FIELDS.map((f, i) => ({
      objectType: "fields",
      externalId: String(i + 1),
      data: {
        title: f.title, perstag: f.perstag, type: f.type, descript: "", isrequired: "0", visible: "1", cdate: acDate(now),
        __options: f.type === "dropdown" ? f.options.map((value, k) => ({ id: String(i * 100 + k + 1), label: value, value })) : [],
        __rels: ["0"],
      },
    })),
    ...SEED_LISTS.map((l, i) => ({ objectType: "lists", externalId: String(i + 1), data: { stringid: l.stringid, name: l.name, sender_reminder: "", cdate: acDate(now) } })),
  ];
  await db.sandboxRecord.createMany({ data: rows.map((r) => ({ ...r, accountId, data: r.data as object, createdAt: now, updatedAt: now })), skipDuplicates: true });
  ensured.add(accountId);
}

/** The next id of a resource type (max + 1, deleted ones included, as AC never reuses ids). */
async function nextIdOf(accountId: string, objectType: string): Promise<string> {
  const rows = await listRecords(accountId, objectType, { includeDeleted: true });
  return String(rows.reduce((max, r) => Math.max(max, Number(r.externalId) || 0), 0) + 1);
}

function publicDefinition(r: { externalId: string; data: SandboxData }): SandboxData {
  const out: SandboxData = {};
  for (const [k, v] of Object.entries(r.data)) if (!k.startsWith("__")) out[k] = v;
  return { ...out, id: r.externalId, links: {} };
}

async function definitions(accountId: string) {
  const [tags, fields, lists] = await Promise.all([
    listRecords(accountId, "tags"),
    listRecords(accountId, "fields"),
    listRecords(accountId, "lists"),
  ]);
  return {
    tagIdByName: new Map(tags.map((t) => [String(t.data.tag).toLowerCase(), t.externalId])),
    tagNameById: new Map(tags.map((t) => [t.externalId, String(t.data.tag)])),
    fieldByPerstag: new Map(fields.map((f) => [String(f.data.perstag), f.externalId])),
    perstagByFieldId: new Map(fields.map((f) => [f.externalId, String(f.data.perstag)])),
    listIdByStringid: new Map(lists.map((l) => [String(l.data.stringid), l.externalId])),
    stringidByListId: new Map(lists.map((l) => [l.externalId, String(l.data.stringid)])),
  };
}
type Defs = Awaited<ReturnType<typeof definitions>>;

function contactTags(contactId: string, data: SandboxData, defs: Defs) {
  return ((data as Internal).__tags ?? []).map((t) => ({
    contact: contactId,
    tag: defs.tagIdByName.get(t.name.toLowerCase()) ?? "0",
    id: t.id,
    links: { tag: `/api/3/contactTags/${t.id}/tag`, contact: `/api/3/contactTags/${t.id}/contact` },
  }));
}

function fieldValues(contactId: string, data: SandboxData, defs: Defs) {
  return Object.entries((data as Internal).__fields ?? {}).map(([perstag, fv]) => ({
    contact: contactId,
    field: defs.fieldByPerstag.get(perstag) ?? "0",
    value: fv.value,
    id: fv.id,
    owner: contactId,
  }));
}

function contactLists(contactId: string, data: SandboxData, defs: Defs) {
  return Object.entries((data as Internal).__lists ?? {}).map(([stringid, l]) => ({
    contact: contactId,
    list: defs.listIdByStringid.get(stringid) ?? "0",
    status: l.status,
    id: l.id,
  }));
}

// ---------------------------------------------------------------------------------------------------
// errors, faithful to AC

const forbidden = () => json({ message: "You are not authorized to access this resource" }, 403);
const noResult = (what: string, id: string) => json({ message: `No Result found for ${what} with id ${id}` }, 404);
const unprocessable = (errors: AcError[]) => json({ errors }, 422);

type Auth = { account: SandboxAccount };

async function authenticate(req: Request): Promise<Auth | Response> {
  const token = req.headers.get("api-token");
  if (!token) return forbidden();
  const account = await findSandboxAccountByApiKey(SLUG, token);
  if (!account) return forbidden();
  await ensureDefinitions(account.id);
  return { account };
}

const api = (source: ChangeSource = { kind: "api", appId: null }) => source;

// ---------------------------------------------------------------------------------------------------
// contact writes

type ContactInput = { email?: unknown; firstName?: unknown; lastName?: unknown; phone?: unknown; fieldValues?: unknown };

function readContactInput(body: unknown): ContactInput | null {
  if (!body || typeof body !== "object") return null;
  const c = (body as { contact?: unknown }).contact;
  return c && typeof c === "object" ? (c as ContactInput) : null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function applyInput(
  account: SandboxAccount,
  input: ContactInput,
  existing: SandboxData | null,
  now: Date,
): Promise<SandboxData | Response> {
  const data: SandboxData = existing ? { ...existing } : {};
  if (input.email !== undefined) {
    if (typeof input.email !== "string" || !EMAIL_RE.test(input.email)) {
      return unprocessable([{ title: "Email address is invalid.", detail: "", code: "email_invalid", source: { pointer: "/data/attributes/email" } }]);
    }
    data.email = input.email;
    data.email_local = input.email.split("@")[0];
    data.email_domain = input.email.split("@")[1];
  }
  for (const key of ["firstName", "lastName", "phone"] as const) {
    if (input[key] !== undefined) data[key] = input[key] === null ? "" : String(input[key]);
  }
  if (Array.isArray(input.fieldValues)) {
    const defs = await definitions(account.id);
    const fields: Record<string, FieldValue> = { ...((data as Internal).__fields ?? {}) };
    for (const fv of input.fieldValues as { field?: unknown; value?: unknown }[]) {
      const perstag = defs.perstagByFieldId.get(String(fv.field ?? ""));
      if (!perstag) continue; // AC ignores values for unknown fields
      const existingValue = fields[perstag];
      fields[perstag] = { id: existingValue?.id ?? String(await nextNumber(account)), value: fv.value == null ? "" : String(fv.value) };
    }
    data.__fields = fields;
  }
  const stamp = acDate(now);
  data.udate = stamp;
  data.updated_timestamp = stamp.slice(0, 19).replace("T", " ");
  data.updated_utc_timestamp = now.toISOString().slice(0, 19).replace("T", " ");
  if (!existing) {
    data.cdate = stamp;
    data.created_timestamp = data.updated_timestamp;
    data.created_utc_timestamp = data.updated_utc_timestamp;
    data.orgid = "0";
    data.orgname = "";
    data.deleted = "0";
    data.anonymized = "0";
    data.bounced_hard = "0";
    data.bounced_soft = "0";
    data.ip = "0";
    data.hash = Math.random().toString(16).slice(2, 18);
    data.firstName ??= "";
    data.lastName ??= "";
    data.phone ??= "";
  }
  return data;
}

const IMPORT_MAX = 250;
type ImportContact = {
  email?: unknown; first_name?: unknown; last_name?: unknown; phone?: unknown; tags?: unknown;
  fields?: { id?: unknown; value?: unknown }[]; subscribe?: { listid?: unknown }[]; unsubscribe?: { listid?: unknown }[];
};

/** One contact of a bulk import: created or updated by e-mail, fields set, tags added, lists (un)subscribed; null = refused. */
async function importContact(account: SandboxAccount, c: ImportContact, now: Date): Promise<{ id: string; created: boolean } | null> {
  const email = String(c.email ?? "");
  if (!EMAIL_RE.test(email)) return null;
  const existing = await findByEmail(account.id, email);
  const input: ContactInput = { email };
  if (c.first_name !== undefined) input.firstName = c.first_name;
  if (c.last_name !== undefined) input.lastName = c.last_name;
  if (c.phone !== undefined) input.phone = c.phone;
  if (Array.isArray(c.fields)) input.fieldValues = c.fields.map((f) => ({ field: f.id, value: f.value }));
  const applied = await applyInput(account, input, existing?.data ?? null, now);
  if (applied instanceof Response) return null;
  const data = applied as SandboxData & Internal;
  const tags = [...(data.__tags ?? [])];
  for (const name of Array.isArray(c.tags) ? c.tags.map(String) : []) {
    const known = (await listRecords(account.id, "tags")).find((t) => String(t.data.tag).toLowerCase() === name.toLowerCase());
    if (!known) await createRecord({ account, objectType: "tags", externalId: await nextIdOf(account.id, "tags"), data: { tag: name, tagType: "contact", description: "", cdate: acDate(now) }, now, source: api() });
    if (!tags.some((t) => t.name.toLowerCase() === name.toLowerCase())) tags.push({ id: String(await nextNumber(account)), name: known ? String(known.data.tag) : name });
  }
  data.__tags = tags;
  const lists = { ...(data.__lists ?? {}) };
  for (const [key, status] of [["subscribe", "1"], ["unsubscribe", "2"]] as const) {
    for (const l of c[key] ?? []) {
      const list = await getRecord(account.id, "lists", String(l.listid ?? ""));
      if (!list) continue;
      const stringid = String(list.data.stringid);
      lists[stringid] = { id: lists[stringid]?.id ?? String(await nextNumber(account)), status };
    }
  }
  data.__lists = lists;
  if (existing) {
    await updateRecord({ account, objectType: "contacts", externalId: existing.externalId, data, now, source: api(), ignoreFields: IGNORED });
    return { id: existing.externalId, created: false };
  }
  const id = String(await nextNumber(account));
  await createRecord({ account, objectType: "contacts", externalId: id, data, now, source: api() });
  return { id, created: true };
}

async function nextNumber(account: SandboxAccount): Promise<number> {
  const { allocateNumbers } = await import("@/lib/integrations/sandbox/accounts");
  return allocateNumbers(account.id);
}

async function findByEmail(accountId: string, email: string) {
  const all = await listRecords(accountId, "contacts");
  return all.find((r) => String(r.data.email ?? "").toLowerCase() === email.toLowerCase()) ?? null;
}

async function contactResponse(account: SandboxAccount, externalId: string, data: SandboxData, status: number) {
  const defs = await definitions(account.id);
  return json({ fieldValues: fieldValues(externalId, data, defs), contact: publicContact(externalId, data) }, status);
}

// ---------------------------------------------------------------------------------------------------
// routes

function paging(url: URL) {
  const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 20) || 20, 1), 100);
  const offset = Math.max(Number(url.searchParams.get("offset") ?? 0) || 0, 0);
  return { limit, offset };
}

function listResponse(key: string, items: unknown[], total: number, url: URL, extra: Record<string, unknown> = {}) {
  const { limit, offset } = paging(url);
  return json({ [key]: items, ...extra, meta: { total: String(total), page_input: { segmentid: null, formid: 0, listid: 0, tagid: 0, limit, offset, search: null, sort: null, seriesid: 0, waitid: 0, status: -1, forceQuery: 0, cacheid: "" } } });
}

const time = (v: unknown) => (typeof v === "string" ? Date.parse(v) : NaN);

const routes: ApiRoute<Auth>[] = [
  {
    method: "GET",
    path: `${API}/users/me`,
    handler: async () =>
      json({ user: { username: "admin", firstName: "Sandbox", lastName: "Admin", email: "admin@sandbox.example", id: "1", links: {} } }),
  },
  {
    method: "GET",
    path: `${API}/contacts`,
    handler: async ({ url, auth }) => {
      const q = url.searchParams;
      let rows = await listRecords(auth.account.id, "contacts");
      const email = q.get("email");
      if (email !== null) rows = rows.filter((r) => String(r.data.email ?? "").toLowerCase() === email.toLowerCase());
      const like = q.get("email_like");
      if (like) rows = rows.filter((r) => String(r.data.email ?? "").toLowerCase().includes(like.toLowerCase()));
      const search = q.get("search");
      if (search) {
        const s = search.toLowerCase();
        rows = rows.filter((r) => ["email", "firstName", "lastName", "phone"].some((k) => String(r.data[k] ?? "").toLowerCase().includes(s)));
      }
      const ids = q.get("ids");
      if (ids) {
        const set = new Set(ids.split(","));
        rows = rows.filter((r) => set.has(r.externalId));
      }
      const idGreater = q.get("id_greater");
      if (idGreater) rows = rows.filter((r) => Number(r.externalId) > Number(idGreater));
      const idLess = q.get("id_less");
      if (idLess) rows = rows.filter((r) => Number(r.externalId) < Number(idLess));
      const tagid = q.get("tagid");
      if (tagid) {
        const defs = await definitions(auth.account.id);
        const name = defs.tagNameById.get(tagid)?.toLowerCase();
        rows = rows.filter((r) => ((r.data as Internal).__tags ?? []).some((t) => t.name.toLowerCase() === name));
      }
      for (const [param, field, cmp] of [
        ["filters[updated_after]", "udate", 1],
        ["filters[updated_before]", "udate", -1],
        ["filters[created_after]", "cdate", 1],
        ["filters[created_before]", "cdate", -1],
      ] as const) {
        const v = q.get(param);
        if (!v) continue;
        const bound = time(v);
        if (Number.isNaN(bound)) continue;
        // compared at AC's one-second precision, bound included
        const b = Math.floor(bound / 1000) * 1000;
        rows = rows.filter((r) => (cmp > 0 ? time(r.data[field]) >= b : time(r.data[field]) <= b));
      }
      let sortKey: string | null = null;
      let dir = 1;
      for (const key of ["udate", "cdate", "id", "email", "first_name", "last_name"]) {
        const v = q.get(`orders[${key}]`);
        if (v) {
          sortKey = key;
          dir = v.toUpperCase() === "DESC" ? -1 : 1;
          break;
        }
      }
      const num = (id: string) => Number(id);
      rows.sort((a, b) => {
        if (sortKey === "udate" || sortKey === "cdate") return dir * (time(a.data[sortKey]) - time(b.data[sortKey]) || num(a.externalId) - num(b.externalId));
        if (sortKey === "email" || sortKey === "first_name" || sortKey === "last_name") {
          const f = sortKey === "email" ? "email" : sortKey === "first_name" ? "firstName" : "lastName";
          return dir * String(a.data[f] ?? "").localeCompare(String(b.data[f] ?? ""));
        }
        return dir * (num(a.externalId) - num(b.externalId));
      });
      const { limit, offset } = paging(url);
      const page = rows.slice(offset, offset + limit);
      return listResponse(
        "contacts",
        page.map((r) => publicContact(r.externalId, r.data)),
        rows.length,
        url,
        { scoreValues: [] },
      );
    },
  },
  {
    method: "POST",
    path: `${API}/contacts`,
    handler: async ({ req, auth, ctx }) => {
      const input = readContactInput(await readJson(req));
      if (!input || typeof input.email !== "string" || input.email === "") {
        return unprocessable([{ title: "Contact Email Address is not valid.", detail: "", code: "field_missing", source: { pointer: "/data/attributes/email" } }]);
      }
      if (await findByEmail(auth.account.id, input.email)) {
        return unprocessable([{ title: "Email address already exists in the system.", detail: "", code: "duplicate", source: { pointer: "/data/attributes/email" } }]);
      }
      const now = ctx.now();
      const data = await applyInput(auth.account, input, null, now);
      if (data instanceof Response) return data;
      const id = String(await nextNumber(auth.account));
      await createRecord({ account: auth.account, objectType: "contacts", externalId: id, data, now, source: api() });
      return contactResponse(auth.account, id, data, 201);
    },
  },
  {
    method: "POST",
    path: `${API}/contact/sync`,
    handler: async ({ req, auth, ctx }) => {
      const input = readContactInput(await readJson(req));
      if (!input || typeof input.email !== "string" || input.email === "") {
        return unprocessable([{ title: "Contact Email Address is not valid.", detail: "", code: "field_missing", source: { pointer: "/data/attributes/email" } }]);
      }
      const now = ctx.now();
      const existing = await findByEmail(auth.account.id, input.email);
      const data = await applyInput(auth.account, input, existing?.data ?? null, now);
      if (data instanceof Response) return data;
      if (existing) {
        await updateRecord({ account: auth.account, objectType: "contacts", externalId: existing.externalId, data, now, source: api(), ignoreFields: IGNORED });
        return contactResponse(auth.account, existing.externalId, data, 201);
      }
      const id = String(await nextNumber(auth.account));
      await createRecord({ account: auth.account, objectType: "contacts", externalId: id, data, now, source: api() });
      return contactResponse(auth.account, id, data, 201);
    },
  },
  {
    method: "GET",
    path: `${API}/contacts/:id`,
    handler: async ({ params, auth }) => {
      const rec = await getRecord(auth.account.id, "contacts", params.id!);
      if (!rec) return noResult("Subscriber", params.id!);
      const defs = await definitions(auth.account.id);
      return json({
        contactAutomations: [],
        contactData: [],
        contactGoals: [],
        contactLists: contactLists(rec.externalId, rec.data, defs),
        contactLogs: [],
        contactTags: contactTags(rec.externalId, rec.data, defs),
        contactDeals: [],
        deals: [],
        fieldValues: fieldValues(rec.externalId, rec.data, defs),
        geoAddresses: [],
        geoIps: [],
        contact: publicContact(rec.externalId, rec.data),
      });
    },
  },
  {
    method: "PUT",
    path: `${API}/contacts/:id`,
    handler: async ({ req, params, auth, ctx }) => {
      const rec = await getRecord(auth.account.id, "contacts", params.id!);
      if (!rec) return noResult("Subscriber", params.id!);
      const input = readContactInput(await readJson(req));
      if (!input) return unprocessable([{ title: "The contact object is required.", detail: "", code: "field_missing" }]);
      if (typeof input.email === "string" && input.email.toLowerCase() !== String(rec.data.email ?? "").toLowerCase()) {
        const other = await findByEmail(auth.account.id, input.email);
        if (other && other.externalId !== rec.externalId) {
          return unprocessable([{ title: "Email address already exists in the system.", detail: "", code: "duplicate", source: { pointer: "/data/attributes/email" } }]);
        }
      }
      const now = ctx.now();
      const data = await applyInput(auth.account, input, rec.data, now);
      if (data instanceof Response) return data;
      const saved = await updateRecord({ account: auth.account, objectType: "contacts", externalId: rec.externalId, data, now, source: api(), ignoreFields: IGNORED });
      return contactResponse(auth.account, rec.externalId, saved?.data ?? data, 200);
    },
  },
  {
    method: "DELETE",
    path: `${API}/contacts/:id`,
    handler: async ({ params, auth, ctx }) => {
      const ok = await deleteRecord({ account: auth.account, objectType: "contacts", externalId: params.id!, now: ctx.now(), source: api() });
      return ok ? json({}, 200) : noResult("Subscriber", params.id!);
    },
  },
  {
    method: "GET",
    path: `${API}/contacts/:id/contactTags`,
    handler: async ({ params, auth }) => {
      const rec = await getRecord(auth.account.id, "contacts", params.id!);
      if (!rec) return noResult("Subscriber", params.id!);
      return json({ contactTags: contactTags(rec.externalId, rec.data, await definitions(auth.account.id)) });
    },
  },
  {
    method: "GET",
    path: `${API}/contacts/:id/fieldValues`,
    handler: async ({ params, auth }) => {
      const rec = await getRecord(auth.account.id, "contacts", params.id!);
      if (!rec) return noResult("Subscriber", params.id!);
      return json({ fieldValues: fieldValues(rec.externalId, rec.data, await definitions(auth.account.id)) });
    },
  },
  {
    method: "GET",
    path: `${API}/contacts/:id/contactLists`,
    handler: async ({ params, auth }) => {
      const rec = await getRecord(auth.account.id, "contacts", params.id!);
      if (!rec) return noResult("Subscriber", params.id!);
      return json({ contactLists: contactLists(rec.externalId, rec.data, await definitions(auth.account.id)) });
    },
  },
  {
    method: "GET",
    path: `${API}/tags`,
    handler: async ({ url, auth }) => {
      let rows = await listRecords(auth.account.id, "tags");
      const search = url.searchParams.get("search");
      if (search) rows = rows.filter((r) => String(r.data.tag).toLowerCase().includes(search.toLowerCase()));
      rows.sort((a, b) => Number(a.externalId) - Number(b.externalId));
      const { limit, offset } = paging(url);
      return listResponse("tags", rows.slice(offset, offset + limit).map((r) => ({ ...r.data, id: r.externalId })), rows.length, url);
    },
  },
  {
    method: "POST",
    path: `${API}/tags`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { tag?: { tag?: unknown; tagType?: unknown; description?: unknown } } | null;
      const name = body?.tag?.tag;
      if (typeof name !== "string" || name.trim() === "") {
        return unprocessable([{ title: "The tag name is required.", detail: "", code: "field_missing", source: { pointer: "/data/attributes/tag" } }]);
      }
      const existing = (await listRecords(auth.account.id, "tags")).find((t) => String(t.data.tag).toLowerCase() === name.toLowerCase());
      if (existing) {
        return unprocessable([{ title: "Tag name already exists.", detail: "", code: "duplicate", source: { pointer: "/data/attributes/tag" } }]);
      }
      const id = await nextIdOf(auth.account.id, "tags");
      const data = { tag: name, tagType: String(body?.tag?.tagType ?? "contact"), description: String(body?.tag?.description ?? ""), cdate: acDate(ctx.now()) };
      await createRecord({ account: auth.account, objectType: "tags", externalId: id, data, now: ctx.now(), source: api() });
      return json({ tag: { ...data, id, links: {} } }, 201);
    },
  },
  {
    method: "POST",
    path: `${API}/contactTags`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { contactTag?: { contact?: unknown; tag?: unknown } } | null;
      const contactId = String(body?.contactTag?.contact ?? "");
      const tagId = String(body?.contactTag?.tag ?? "");
      const rec = await getRecord(auth.account.id, "contacts", contactId);
      if (!rec) return noResult("Subscriber", contactId);
      const tag = await getRecord(auth.account.id, "tags", tagId);
      if (!tag) return noResult("Tag", tagId);
      const tags = [...((rec.data as Internal).__tags ?? [])];
      let entry = tags.find((t) => t.name.toLowerCase() === String(tag.data.tag).toLowerCase());
      if (!entry) {
        entry = { id: String(await nextNumber(auth.account)), name: String(tag.data.tag) };
        tags.push(entry);
        const now = ctx.now();
        await updateRecord({ account: auth.account, objectType: "contacts", externalId: contactId, data: { ...rec.data, __tags: tags, udate: acDate(now) }, now, source: api(), ignoreFields: IGNORED });
      }
      return json({ contacts: [publicContact(contactId, rec.data)], contactTag: { contact: contactId, tag: tagId, id: entry.id, links: {} } }, 201);
    },
  },
  {
    method: "DELETE",
    path: `${API}/contactTags/:id`,
    handler: async ({ params, auth, ctx }) => {
      const rows = await listRecords(auth.account.id, "contacts");
      const rec = rows.find((r) => ((r.data as Internal).__tags ?? []).some((t) => t.id === params.id));
      if (!rec) return noResult("ContactTag", params.id!);
      const now = ctx.now();
      const tags = ((rec.data as Internal).__tags ?? []).filter((t) => t.id !== params.id);
      await updateRecord({ account: auth.account, objectType: "contacts", externalId: rec.externalId, data: { ...rec.data, __tags: tags, udate: acDate(now) }, now, source: api(), ignoreFields: IGNORED });
      return json({}, 200);
    },
  },
  {
    method: "GET",
    path: `${API}/fields`,
    handler: async ({ url, auth }) => {
      const rows = (await listRecords(auth.account.id, "fields")).sort((a, b) => Number(a.externalId) - Number(b.externalId));
      const { limit, offset } = paging(url);
      const page = rows.slice(offset, offset + limit);
      const fieldOptions = page.flatMap((r) => ((r.data.__options as FieldOptionRow[] | undefined) ?? []).map((o) => ({ field: r.externalId, orderid: "0", value: o.value, label: o.label, isdefault: "0", id: o.id, links: {} })));
      const fieldRels = page.flatMap((r) => ((r.data.__rels as string[] | undefined) ?? []).map((relid, k) => ({ field: r.externalId, relid, dorder: "0", id: `${r.externalId}${k}`, links: {} })));
      return listResponse("fields", page.map(publicDefinition), rows.length, url, { fieldOptions, fieldRels });
    },
  },
  {
    method: "POST",
    path: `${API}/fields`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { field?: Record<string, unknown> } | null;
      const f = body?.field;
      const errors: AcError[] = [];
      if (typeof f?.title !== "string" || f.title.trim() === "") errors.push({ title: "Title is required.", detail: "", code: "field_missing", source: { pointer: "/data/attributes/title" } });
      if (typeof f?.type !== "string" || !FIELD_TYPES.includes(f.type)) errors.push({ title: `Type must be one of ${FIELD_TYPES.join(", ")}.`, detail: "", code: "field_invalid", source: { pointer: "/data/attributes/type" } });
      const perstag = typeof f?.perstag === "string" && f.perstag.trim() !== "" ? f.perstag.trim().toUpperCase() : null;
      if (perstag && (await listRecords(auth.account.id, "fields")).some((r) => String(r.data.perstag).toUpperCase() === perstag)) {
        errors.push({ title: "The personalization tag is already in use.", detail: "", code: "duplicate", source: { pointer: "/data/attributes/perstag" } });
      }
      if (errors.length > 0) return unprocessable(errors);
      const id = await nextIdOf(auth.account.id, "fields");
      const now = ctx.now();
      const data: SandboxData = {
        title: String(f!.title), type: String(f!.type), descript: String(f!.descript ?? ""), perstag: perstag ?? `FIELD_${id}`,
        isrequired: String(Number(f!.isrequired ?? 0)), visible: String(Number(f!.visible ?? 1)), defval: null, cdate: acDate(now), udate: acDate(now), __options: [], __rels: [],
      };
      await createRecord({ account: auth.account, objectType: "fields", externalId: id, data, now, source: api() });
      return json({ field: publicDefinition({ externalId: id, data }) }, 201);
    },
  },
  {
    method: "POST",
    path: `${API}/fieldOption/bulk`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { fieldOptions?: unknown } | null;
      const input = Array.isArray(body?.fieldOptions) ? (body.fieldOptions as { field?: unknown; label?: unknown; value?: unknown }[]) : null;
      if (!input || input.length === 0) return unprocessable([{ title: "fieldOptions is required.", detail: "", code: "field_missing", source: { pointer: "/data/attributes/fieldOptions" } }]);
      const now = ctx.now();
      const created: Record<string, unknown>[] = [];
      for (const o of input) {
        const rec = await getRecord(auth.account.id, "fields", String(o.field ?? ""));
        if (!rec) return noResult("Field", String(o.field ?? ""));
        const options = [...((rec.data.__options as FieldOptionRow[] | undefined) ?? [])];
        const option = { id: String(Number(rec.externalId) * 100 + options.length + 1), label: String(o.label ?? o.value ?? ""), value: String(o.value ?? o.label ?? "") };
        options.push(option);
        await updateRecord({ account: auth.account, objectType: "fields", externalId: rec.externalId, data: { ...rec.data, __options: options }, now, source: api() });
        created.push({ field: rec.externalId, orderid: String(options.length), value: option.value, label: option.label, isdefault: "0", id: option.id, links: {} });
      }
      return json({ fieldOptions: created }, 201);
    },
  },
  {
    method: "POST",
    path: `${API}/fieldRels`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { fieldRel?: { field?: unknown; relid?: unknown } } | null;
      const rec = await getRecord(auth.account.id, "fields", String(body?.fieldRel?.field ?? ""));
      if (!rec) return noResult("Field", String(body?.fieldRel?.field ?? ""));
      const relid = String(body?.fieldRel?.relid ?? "0");
      const rels = [...new Set([...((rec.data.__rels as string[] | undefined) ?? []), relid])];
      await updateRecord({ account: auth.account, objectType: "fields", externalId: rec.externalId, data: { ...rec.data, __rels: rels }, now: ctx.now(), source: api() });
      return json({ fieldRel: { field: rec.externalId, relid, dorder: "0", id: `${rec.externalId}${rels.indexOf(relid)}`, links: {} } }, 201);
    },
  },
  {
    method: "POST",
    path: `${API}/fieldValues`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { fieldValue?: { contact?: unknown; field?: unknown; value?: unknown } } | null;
      const contactId = String(body?.fieldValue?.contact ?? "");
      const rec = await getRecord(auth.account.id, "contacts", contactId);
      if (!rec) return noResult("Subscriber", contactId);
      const now = ctx.now();
      const data = await applyInput(auth.account, { fieldValues: [{ field: body?.fieldValue?.field, value: body?.fieldValue?.value }] }, rec.data, now);
      if (data instanceof Response) return data;
      await updateRecord({ account: auth.account, objectType: "contacts", externalId: contactId, data, now, source: api(), ignoreFields: IGNORED });
      const defs = await definitions(auth.account.id);
      const fv = fieldValues(contactId, data, defs).find((v) => v.field === String(body?.fieldValue?.field));
      if (!fv) return noResult("Field", String(body?.fieldValue?.field ?? ""));
      return json({ contacts: [publicContact(contactId, data)], fieldValue: fv }, 201);
    },
  },
  {
    method: "GET",
    path: `${API}/lists`,
    handler: async ({ url, auth }) => {
      const rows = (await listRecords(auth.account.id, "lists")).sort((a, b) => Number(a.externalId) - Number(b.externalId));
      const { limit, offset } = paging(url);
      return listResponse("lists", rows.slice(offset, offset + limit).map((r) => ({ ...r.data, id: r.externalId })), rows.length, url);
    },
  },
  {
    method: "POST",
    path: `${API}/contactLists`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { contactList?: { list?: unknown; contact?: unknown; status?: unknown } } | null;
      const contactId = String(body?.contactList?.contact ?? "");
      const listId = String(body?.contactList?.list ?? "");
      const status = String(body?.contactList?.status ?? "");
      if (status !== "1" && status !== "2") {
        return unprocessable([{ title: "Status must be 1 (active) or 2 (unsubscribed).", detail: "", code: "field_invalid", source: { pointer: "/data/attributes/status" } }]);
      }
      const rec = await getRecord(auth.account.id, "contacts", contactId);
      if (!rec) return noResult("Subscriber", contactId);
      const list = await getRecord(auth.account.id, "lists", listId);
      if (!list) return noResult("List", listId);
      const stringid = String(list.data.stringid);
      const lists = { ...((rec.data as Internal).__lists ?? {}) };
      const id = lists[stringid]?.id ?? String(await nextNumber(auth.account));
      lists[stringid] = { id, status };
      const now = ctx.now();
      await updateRecord({ account: auth.account, objectType: "contacts", externalId: contactId, data: { ...rec.data, __lists: lists, udate: acDate(now) }, now, source: api(), ignoreFields: IGNORED });
      return json({ contacts: [publicContact(contactId, rec.data)], contactList: { contact: contactId, list: listId, status, id, links: {} } }, 201);
    },
  },
  {
    method: "POST",
    path: `${API}/import/bulk_import`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { contacts?: unknown } | null;
      const contacts = Array.isArray(body?.contacts) ? (body.contacts as ImportContact[]) : null;
      if (!contacts || contacts.length === 0) return json({ success: 0, message: "'contacts' is a required field." }, 400);
      if (contacts.length > IMPORT_MAX) return json({ success: 0, message: `A bulk import takes at most ${IMPORT_MAX} contacts.` }, 400);
      const malformed = contacts.flatMap((c, i) => (c && typeof c === "object" && typeof c.email === "string" ? [] : [{ contact: i, failureReasons: ["email is required"] }]));
      if (malformed.length) return json({ success: 0, message: "Invalid contact data.", failureReasons: malformed }, 400);
      const now = ctx.now();
      const success: string[] = [];
      const failure: string[] = [];
      // processed at once here; AC queues it, so the batch reports "active" on its first status call
      for (const c of contacts) {
        const outcome = await importContact(auth.account, c, now);
        if (outcome === null) failure.push(String(c.email));
        else if (outcome.created) success.push(outcome.id);
      }
      const batchId = crypto.randomUUID();
      await createRecord({ account: auth.account, objectType: "importBatches", externalId: batchId, data: { status: "completed", success, failure, infoCalls: 0 }, now, source: api() });
      return json({ success: 1, queued_contacts: contacts.length, batchId });
    },
  },
  {
    method: "GET",
    path: `${API}/import/info`,
    handler: async ({ url, auth, ctx }) => {
      const batchId = url.searchParams.get("batchId");
      if (!batchId) return json({ success: 0, message: "'batchId' is a required field." }, 400);
      const rec = await getRecord(auth.account.id, "importBatches", batchId);
      if (!rec) return noResult("Import", batchId);
      const calls = Number(rec.data.infoCalls ?? 0);
      await updateRecord({ account: auth.account, objectType: "importBatches", externalId: batchId, data: { ...rec.data, infoCalls: calls + 1 }, now: ctx.now(), source: api() });
      if (calls === 0) return json({ status: "active", success: [], failure: [] });
      return json({ status: rec.data.status, success: rec.data.success, failure: rec.data.failure });
    },
  },
  {
    method: "GET",
    path: `${API}/webhook/events`,
    handler: async () => json({ webhookEvents: [...WEBHOOK_EVENTS], meta: { total: String(WEBHOOK_EVENTS.length) } }),
  },
  {
    method: "GET",
    path: `${API}/webhooks`,
    handler: async ({ url, auth }) => {
      const rows = await listRecords(auth.account.id, "webhooks");
      return listResponse("webhooks", rows.map((r) => ({ ...publicWebhook(r.data), id: r.externalId })), rows.length, url);
    },
  },
  {
    method: "POST",
    path: `${API}/webhooks`,
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { webhook?: { name?: unknown; url?: unknown; events?: unknown; sources?: unknown; listid?: unknown } } | null;
      const w = body?.webhook;
      const errors: { title: string; detail: string; code: string; source: { pointer: string } }[] = [];
      if (typeof w?.name !== "string" || !w.name) errors.push({ title: "Name is required.", detail: "", code: "field_missing", source: { pointer: "/data/attributes/name" } });
      if (typeof w?.url !== "string" || !/^https?:\/\//.test(w.url)) errors.push({ title: "A valid URL is required.", detail: "", code: "field_invalid", source: { pointer: "/data/attributes/url" } });
      const events = Array.isArray(w?.events) ? (w.events as unknown[]).map(String) : [];
      const bad = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
      if (events.length === 0 || bad.length > 0) errors.push({ title: `Invalid events: ${bad.join(", ") || "none given"}.`, detail: "", code: "field_invalid", source: { pointer: "/data/attributes/events" } });
      const sources = Array.isArray(w?.sources) ? (w.sources as unknown[]).map(String) : [];
      if (sources.length === 0) errors.push({ title: "At least one source is required.", detail: "", code: "field_missing", source: { pointer: "/data/attributes/sources" } });
      if (errors.length > 0) return unprocessable(errors);
      const sub = await createSandboxSubscription({ provider: SLUG, accountId: auth.account.id, url: String(w!.url), events, settings: { sources } });
      const id = String(await nextNumber(auth.account));
      const data = { name: String(w!.name), url: String(w!.url), events, sources, listid: String(w!.listid ?? "0"), cdate: acDate(ctx.now()), state: "active", subscriptionId: sub.id };
      await createRecord({ account: auth.account, objectType: "webhooks", externalId: id, data, now: ctx.now(), source: api() });
      return json({ webhook: { ...publicWebhook(data), id } }, 201);
    },
  },
  {
    method: "DELETE",
    path: `${API}/webhooks/:id`,
    handler: async ({ params, auth, ctx }) => {
      const rec = await getRecord(auth.account.id, "webhooks", params.id!);
      if (!rec) return noResult("Webhook", params.id!);
      await db.sandboxWebhookSubscription.updateMany({ where: { id: String(rec.data.subscriptionId) }, data: { active: false } });
      await deleteRecord({ account: auth.account, objectType: "webhooks", externalId: params.id!, now: ctx.now(), source: api() });
      return json({}, 200);
    },
  },
];

function publicWebhook(data: SandboxData) {
  const { subscriptionId: _hidden, ...rest } = data;
  return rest;
}

/** Fields that change on every write and do not count as a change by themselves. */
const IGNORED = ["udate", "updated_timestamp", "updated_utc_timestamp"] as const;

export const WEBHOOK_EVENTS = [
  "forward", "open", "share", "sent", "subscribe", "subscriber_note", "contact_tag_added", "contact_tag_removed",
  "unsubscribe", "update", "bounce", "click", "reply", "list_add", "deal_add", "deal_update", "deal_note_add",
  "deal_task_add", "deal_task_complete", "deal_stage_add", "deal_pipeline_add", "account_add", "account_update",
  "account_contact_add", "sms_reply", "sms_sent", "sms_unsub",
] as const;

// ---------------------------------------------------------------------------------------------------
// webhooks: one form-encoded POST per event, as AC sends them

type AcEvent = { type: string; tag?: string; change: SandboxChange };

function eventsFor(change: SandboxChange): AcEvent[] {
  if (change.objectType !== "contacts") return [];
  const now = (change.data as Internal) ?? {};
  if (change.kind === "created") return [{ type: "subscribe", change }];
  // AC has no contact-deleted webhook event
  if (change.kind === "deleted") return [];
  const before = (change.previous as Internal | null) ?? {};
  const out: AcEvent[] = [];
  const names = (t: ContactTag[] | undefined) => new Set((t ?? []).map((x) => x.name));
  const oldTags = names(before.__tags);
  const newTags = names(now.__tags);
  for (const t of newTags) if (!oldTags.has(t)) out.push({ type: "contact_tag_added", tag: t, change });
  for (const t of oldTags) if (!newTags.has(t)) out.push({ type: "contact_tag_removed", tag: t, change });
  for (const [stringid, l] of Object.entries(now.__lists ?? {})) {
    const was = before.__lists?.[stringid]?.status;
    if (was !== l.status) out.push({ type: l.status === "1" ? "subscribe" : "unsubscribe", change });
  }
  if (change.changedFields.some((f) => !f.startsWith("__tags") && !f.startsWith("__lists"))) out.push({ type: "update", change });
  return out;
}

export function renderAcWebhookBody(event: AcEvent, now: Date): string {
  const d = event.change.data;
  const internal = d as Internal;
  const p = new URLSearchParams();
  const source = event.change.source.kind === "api" ? "api" : "admin";
  p.set("type", event.type);
  p.set("date_time", acDate(event.change.occurredAt ?? now));
  p.set("initiated_from", source);
  p.set("initiated_by", source);
  p.set("list", "0");
  if (event.tag) p.set("tag", event.tag);
  p.set("contact[id]", event.change.externalId);
  p.set("contact[email]", String(d.email ?? ""));
  p.set("contact[first_name]", String(d.firstName ?? ""));
  p.set("contact[last_name]", String(d.lastName ?? ""));
  p.set("contact[phone]", String(d.phone ?? ""));
  p.set("contact[orgname]", String(d.orgname ?? ""));
  p.set("contact[tags]", (internal.__tags ?? []).map((t) => t.name).join(", "));
  p.set("contact[ip]", String(d.ip ?? "0.0.0.0"));
  for (const [perstag, fv] of Object.entries(internal.__fields ?? {})) p.set(`contact[fields][${perstag}]`, fv.value);
  return p.toString();
}

// ---------------------------------------------------------------------------------------------------
// objects for seeding and the control panel

const contactSpec: SandboxObjectSpec = {
  type: "contacts",
  label: "Contacts",
  fields: [
    { name: "email", label: "Email", type: "email" },
    { name: "firstName", label: "First name" },
    { name: "lastName", label: "Last name" },
    { name: "phone", label: "Phone", type: "tel" },
    { name: "tags", label: "Tags (comma-separated)" },
    { name: "PLAN", label: "Plan (custom field)", type: "select", options: ["", ...SEED_FIELDS[0].options] },
  ],
  seedCount: 250,
  newExternalId: (_account, n) => String(n),
  seed({ rng, externalId, index, now }) {
    const person = fakePerson(rng, index);
    const created = pastDate(rng, now, 400);
    const updated = new Date(created.getTime() + Math.floor(rng.next() * (now.getTime() - created.getTime())));
    const tags: ContactTag[] = [];
    for (const [k, name] of SEED_TAGS.entries()) if (rng.chance(0.18)) tags.push({ id: `${externalId}0${k}`, name });
    const fields: Record<string, FieldValue> = {};
    for (const [k, f] of SEED_FIELDS.entries()) if (rng.chance(0.6)) fields[f.perstag] = { id: `${externalId}1${k}`, value: rng.pick(f.options) };
    const lists: Record<string, ListStatus> = {};
    if (rng.chance(0.7)) lists.newsletter = { id: `${externalId}2`, status: rng.chance(0.85) ? "1" : "2" };
    const data: SandboxData = {
      cdate: acDate(created),
      email: person.email,
      phone: person.phone,
      firstName: person.firstName,
      lastName: person.lastName,
      orgid: "0",
      orgname: person.company,
      deleted: "0",
      anonymized: "0",
      bounced_hard: "0",
      bounced_soft: "0",
      ip: "0",
      hash: rng.hex(32),
      email_local: person.email.split("@")[0],
      email_domain: person.email.split("@")[1],
      udate: acDate(updated),
      created_utc_timestamp: created.toISOString().slice(0, 19).replace("T", " "),
      updated_utc_timestamp: updated.toISOString().slice(0, 19).replace("T", " "),
      __tags: tags,
      __fields: fields,
      __lists: lists,
    };
    return { data, createdAt: created, updatedAt: updated };
  },
  summary: (d) => ({ title: `${String(d.firstName ?? "")} ${String(d.lastName ?? "")}`.trim() || String(d.email ?? ""), subtitle: String(d.email ?? "") }),
  toForm: (d) => ({
    email: String(d.email ?? ""),
    firstName: String(d.firstName ?? ""),
    lastName: String(d.lastName ?? ""),
    phone: String(d.phone ?? ""),
    tags: ((d as Internal).__tags ?? []).map((t) => t.name).join(", "),
    PLAN: (d as Internal).__fields?.PLAN?.value ?? "",
  }),
  fromForm(values, { existing, externalId, now }) {
    const base: SandboxData = existing ? { ...existing } : { cdate: acDate(now), orgid: "0", orgname: "", deleted: "0", anonymized: "0", ip: "0" };
    const stamp = acDate(now);
    const oldTags = (existing as Internal | null)?.__tags ?? [];
    const names = (values.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean);
    const tags = names.map((name, k) => oldTags.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? { id: `${externalId}9${now.getTime() % 100000}${k}`, name });
    const fields = { ...((existing as Internal | null)?.__fields ?? {}) };
    if (values.PLAN) fields.PLAN = { id: fields.PLAN?.id ?? `${externalId}10`, value: values.PLAN };
    else delete fields.PLAN;
    return {
      ...base,
      email: values.email ?? "",
      firstName: values.firstName ?? "",
      lastName: values.lastName ?? "",
      phone: values.phone ?? "",
      udate: stamp,
      __tags: tags,
      __fields: fields,
    };
  },
};

// Tags, custom fields and lists are not seeded per record count: every account gets the same set on its
// first request (ensureDefinitions), so the panel shows contacts only.
const objects: SandboxObjectSpec[] = [contactSpec];

export const activeCampaignSandbox: ProviderSandbox = {
  slug: SLUG,
  objects,
  newAccount: ({ key, rng }) => ({ name: `sandbox-${key}`, externalId: `sbx${rng.hex(8)}` }),
  faults: {
    rateLimited: (retryAfterSeconds) =>
      json({ message: "Too many requests. Please wait before retrying." }, 429, { "retry-after": String(retryAfterSeconds) }),
    serverError: () => json({ message: "An unexpected error occurred." }, 500),
  },
  handle: (req, ctx) =>
    serveApi(req, ctx, {
      routes,
      authenticate,
      faults: activeCampaignSandbox.faults,
      notFound: () => json({ message: "Not Found" }, 404),
    }),
  renderWebhooks({ subscription, changes, now }): RenderedDelivery[] {
    const wanted = new Set(subscription.events);
    const sources = new Set(((subscription.settings as { sources?: string[] } | null)?.sources ?? ["public", "admin", "api", "system"]).map(String));
    const out: RenderedDelivery[] = [];
    for (const change of changes) {
      const origin = change.source.kind === "api" ? "api" : "admin";
      if (!sources.has(origin)) continue;
      for (const event of eventsFor(change)) {
        if (wanted.size > 0 && !wanted.has(event.type)) continue;
        out.push({
          headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "ActiveCampaign/1.0" },
          body: renderAcWebhookBody(event, now),
        });
      }
    }
    return out;
  },
};

export default activeCampaignSandbox;
