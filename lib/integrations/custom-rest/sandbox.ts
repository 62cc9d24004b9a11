// "Generic CRM": a configurable REST CRM under /sandbox/custom-rest/api, so a Custom REST template can
// be tried offline. It accepts every auth kind a template can use (Bearer, an X-API-Key header, Basic
// with the key as password), and every paging style (page/per_page, offset/limit, cursor/limit, and a
// Link header), filters by `updated_since` and `email`, sends X-RateLimit-* headers, and signs webhooks
// as the example template expects (X-Signature: sha256=hex(HMAC(secret, "<X-Timestamp>.<body>"))).
import { randomBytes } from "node:crypto";
import { findSandboxAccountByApiKey } from "@/lib/integrations/sandbox/accounts";
import { fakePerson, pastDate } from "@/lib/integrations/sandbox/fake-people";
import { createRecord, deleteRecord, getRecord, listRecords, nextExternalId, updateRecord, type ChangeSource } from "@/lib/integrations/sandbox/record-store";
import type { ProviderSandbox, RenderedDelivery, SandboxAccount, SandboxData, SandboxObjectSpec, StoredRecord } from "@/lib/integrations/sandbox/sandbox-types";
import { countRequest, json, readJson, serveApi, withHeaders, type ApiRoute } from "@/lib/integrations/sandbox/serve-api";
import { exampleTemplate } from "./example-template";
import { assertCustomRestTemplate } from "./template";
import { signCustomRestPayload } from "./webhook";

const SLUG = "custom-rest";
const PER_MINUTE = 120;
const MAX_PAGE = 100;
const api: ChangeSource = { kind: "api", appId: null };
const STATUSES = ["lead", "contacted", "qualified", "customer", "churned"] as const;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const error = (status: number, code: string, message: string, details?: Record<string, unknown>) =>
  json({ error: { code, message, ...(details ? { details } : {}) } }, status);

type Auth = { account: SandboxAccount };

async function authenticate(req: Request): Promise<Auth | Response> {
  const h = req.headers;
  let key: string | null = null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(h.get("authorization") ?? "");
  const basic = /^Basic\s+(\S+)$/i.exec(h.get("authorization") ?? "");
  if (bearer) key = bearer[1]!;
  else if (basic) key = Buffer.from(basic[1]!, "base64").toString("utf8").split(":").slice(1).join(":");
  else key = h.get("x-api-key");
  if (!key) return error(401, "unauthorized", "Authentication required: send a Bearer token, an X-API-Key header or Basic credentials.");
  const account = await findSandboxAccountByApiKey(SLUG, key);
  return account ? { account } : error(401, "unauthorized", "The API key is not valid.");
}

const publicContact = (r: StoredRecord): SandboxData => ({ id: r.externalId, ...r.data });

function validate(body: unknown, creating: boolean): SandboxData | Response {
  if (!body || typeof body !== "object" || Array.isArray(body)) return error(400, "bad_request", "The body must be a JSON object.");
  const b = body as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const out: SandboxData = {};
  for (const key of ["first_name", "last_name", "phone", "owner_email", "source"] as const) {
    if (b[key] === undefined) continue;
    if (b[key] !== null && typeof b[key] !== "string") fields[key] = "must be a string or null";
    else out[key] = b[key];
  }
  if (b.email !== undefined || creating) {
    if (typeof b.email !== "string" || !EMAIL_RE.test(b.email)) fields.email = "must be a valid e-mail address";
    else out.email = b.email.toLowerCase();
  }
  if (b.status !== undefined) {
    if (b.status !== null && !(STATUSES as readonly unknown[]).includes(b.status)) fields.status = `must be one of ${STATUSES.join(", ")}`;
    else out.status = b.status;
  }
  if (b.tags !== undefined) {
    if (!Array.isArray(b.tags) || !b.tags.every((t) => typeof t === "string")) fields.tags = "must be an array of strings";
    else out.tags = b.tags;
  }
  if (b.marketing_opt_in !== undefined) {
    if (b.marketing_opt_in !== null && typeof b.marketing_opt_in !== "boolean") fields.marketing_opt_in = "must be a boolean";
    else out.marketing_opt_in = b.marketing_opt_in;
  }
  if (b.company !== undefined) {
    const name = (b.company as { name?: unknown } | null)?.name;
    if (b.company !== null && (typeof b.company !== "object" || (name !== undefined && name !== null && typeof name !== "string"))) fields.company = "must be {name}";
    else out.company = b.company;
  }
  if (b.custom !== undefined) {
    if (!b.custom || typeof b.custom !== "object" || Array.isArray(b.custom)) fields.custom = "must be an object";
    else out.custom = b.custom;
  }
  return Object.keys(fields).length > 0 ? error(422, "validation_failed", "Some fields are invalid.", { fields }) : out;
}

function pageLinks(url: URL, next: Record<string, string> | null): Record<string, string> {
  if (!next) return {};
  const u = new URL(url);
  for (const [k, v] of Object.entries(next)) u.searchParams.set(k, v);
  return { link: `<${u.toString()}>; rel="next"` };
}

const routes: ApiRoute<Auth>[] = [
  { method: "GET", path: "/api/me", handler: async ({ auth }) => json({ data: { account_id: auth.account.externalId, name: auth.account.name } }) },
  {
    method: "GET",
    path: "/api/contacts",
    handler: async ({ url, auth }) => {
      const q = url.searchParams;
      let rows = await listRecords(auth.account.id, "contacts");
      const since = q.get("updated_since");
      if (since) {
        const t = /^\d+$/.test(since) ? Number(since) * (since.length > 11 ? 1 : 1000) : Date.parse(since);
        if (Number.isNaN(t)) return error(400, "bad_request", "updated_since must be ISO 8601 or a unix time.");
        rows = rows.filter((r) => Date.parse(String(r.data.updated_at)) >= t);
      }
      const email = q.get("email");
      if (email) rows = rows.filter((r) => String(r.data.email ?? "").toLowerCase() === email.toLowerCase());
      rows.sort((a, b) => String(a.data.updated_at).localeCompare(String(b.data.updated_at)) || Number(a.externalId) - Number(b.externalId));
      const total = rows.length;
      let start = 0;
      let size = 25;
      let nextParams: Record<string, string> | null = null;
      if (q.has("page")) {
        size = Math.min(Math.max(Number(q.get("per_page") ?? 25) || 25, 1), MAX_PAGE);
        const page = Math.max(Number(q.get("page")) || 1, 1);
        start = (page - 1) * size;
        if (start + size < total) nextParams = { page: String(page + 1) };
      } else if (q.has("offset")) {
        size = Math.min(Math.max(Number(q.get("limit") ?? 25) || 25, 1), MAX_PAGE);
        start = Math.max(Number(q.get("offset")) || 0, 0);
        if (start + size < total) nextParams = { offset: String(start + size) };
      } else {
        size = Math.min(Math.max(Number(q.get("limit") ?? 25) || 25, 1), MAX_PAGE);
        const cursor = q.get("cursor");
        if (cursor) {
          const decoded = Number(Buffer.from(cursor, "base64url").toString("utf8"));
          if (!Number.isInteger(decoded) || decoded < 0) return error(400, "bad_request", "The cursor is not valid.");
          start = decoded;
        }
        if (start + size < total) nextParams = { cursor: Buffer.from(String(start + size)).toString("base64url") };
      }
      const page = rows.slice(start, start + size).map(publicContact);
      return json(
        { data: page, meta: { total, next_cursor: nextParams?.cursor ?? null } },
        200,
        pageLinks(url, nextParams),
      );
    },
  },
  {
    method: "GET",
    path: "/api/contacts/:id",
    handler: async ({ params, auth }) => {
      const r = await getRecord(auth.account.id, "contacts", params.id!);
      return r ? json({ data: publicContact(r) }) : error(404, "not_found", `Contact ${params.id} not found.`);
    },
  },
  {
    method: "POST",
    path: "/api/contacts",
    handler: async ({ req, auth, ctx }) => {
      const fields = validate(await readJson(req), true);
      if (fields instanceof Response) return fields;
      const all = await listRecords(auth.account.id, "contacts");
      if (all.some((r) => r.data.email === fields.email)) return error(409, "duplicate_email", `A contact with e-mail ${String(fields.email)} already exists.`);
      const now = ctx.now().toISOString();
      const id = await nextExternalId(auth.account, contactSpec);
      const data: SandboxData = { first_name: null, last_name: null, phone: null, company: null, status: "lead", owner_email: null, tags: [], marketing_opt_in: false, source: "api", custom: {}, ...fields, created_at: now, updated_at: now };
      const saved = await createRecord({ account: auth.account, objectType: "contacts", externalId: id, data, now: ctx.now(), source: api });
      return json({ data: publicContact(saved) }, 201);
    },
  },
  {
    method: "PATCH",
    path: "/api/contacts/:id",
    handler: async ({ req, params, auth, ctx }) => {
      const r = await getRecord(auth.account.id, "contacts", params.id!);
      if (!r) return error(404, "not_found", `Contact ${params.id} not found.`);
      const fields = validate(await readJson(req), false);
      if (fields instanceof Response) return fields;
      if (fields.email && fields.email !== r.data.email) {
        const all = await listRecords(auth.account.id, "contacts");
        if (all.some((o) => o.data.email === fields.email && o.externalId !== r.externalId)) return error(409, "duplicate_email", `A contact with e-mail ${String(fields.email)} already exists.`);
      }
      const custom = fields.custom ? { ...((r.data.custom as object) ?? {}), ...(fields.custom as object) } : r.data.custom;
      const data = { ...r.data, ...fields, custom, updated_at: ctx.now().toISOString() };
      const saved = await updateRecord({ account: auth.account, objectType: "contacts", externalId: r.externalId, data, now: ctx.now(), source: api, ignoreFields: ["updated_at"] });
      return json({ data: publicContact(saved ?? r) });
    },
  },
  {
    method: "DELETE",
    path: "/api/contacts/:id",
    handler: async ({ params, auth, ctx }) => {
      const ok = await deleteRecord({ account: auth.account, objectType: "contacts", externalId: params.id!, now: ctx.now(), source: api });
      return ok ? new Response(null, { status: 204 }) : error(404, "not_found", `Contact ${params.id} not found.`);
    },
  },
];

const contactSpec: SandboxObjectSpec = {
  type: "contacts",
  label: "Contacts",
  fields: [
    { name: "email", label: "Email", type: "email" },
    { name: "first_name", label: "First name" },
    { name: "last_name", label: "Last name" },
    { name: "phone", label: "Phone", type: "tel" },
    { name: "company", label: "Company" },
    { name: "status", label: "Status", type: "select", options: STATUSES },
    { name: "tags", label: "Tags (comma-separated)" },
  ],
  seedCount: 120,
  newExternalId: (_a, n) => String(1000 + n),
  seed({ rng, index, now }) {
    const p = fakePerson(rng, index);
    const created = pastDate(rng, now, 200);
    const updated = new Date(created.getTime() + Math.floor(rng.next() * (now.getTime() - created.getTime())));
    const data: SandboxData = {
      first_name: p.firstName,
      last_name: p.lastName,
      email: p.email,
      phone: p.phone,
      company: { name: p.company },
      status: rng.pick(STATUSES),
      owner_email: rng.pick(["sam@generic-crm.example", "lee@generic-crm.example", null]),
      tags: rng.chance(0.4) ? [rng.pick(["vip", "newsletter", "event-2024", "partner"])] : [],
      marketing_opt_in: rng.chance(0.7),
      source: rng.pick(["web", "import", "referral"]),
      custom: { plan: rng.pick(["free", "pro", "team"]), seats: rng.int(1, 50) },
      created_at: created.toISOString(),
      updated_at: updated.toISOString(),
    };
    return { data, createdAt: created, updatedAt: updated };
  },
  summary: (d) => ({ title: `${String(d.first_name ?? "")} ${String(d.last_name ?? "")}`.trim() || String(d.email ?? ""), subtitle: String(d.email ?? "") }),
  toForm: (d) => ({
    email: String(d.email ?? ""),
    first_name: String(d.first_name ?? ""),
    last_name: String(d.last_name ?? ""),
    phone: String(d.phone ?? ""),
    company: String((d.company as { name?: string } | null)?.name ?? ""),
    status: String(d.status ?? ""),
    tags: ((d.tags as string[] | undefined) ?? []).join(", "),
  }),
  fromForm: (v, { existing, now }) => ({
    ...(existing ?? { owner_email: null, marketing_opt_in: false, source: "panel", custom: {}, created_at: now.toISOString() }),
    email: (v.email ?? "").toLowerCase(),
    first_name: v.first_name || null,
    last_name: v.last_name || null,
    phone: v.phone || null,
    company: v.company ? { name: v.company } : null,
    status: v.status || "lead",
    tags: (v.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean),
    updated_at: now.toISOString(),
  }),
};

const signing = assertCustomRestTemplate(exampleTemplate("https://generic-crm.example/api")).webhook!.signature;

export const customRestSandbox: ProviderSandbox = {
  slug: SLUG,
  objects: [contactSpec],
  newAccount: ({ key, rng }) => ({ name: `Generic CRM (${key})`, externalId: `acct_${rng.hex(8)}` }),
  faults: {
    rateLimited: (retryAfterSeconds) =>
      withHeaders(error(429, "rate_limited", "Too many requests."), { "retry-after": String(retryAfterSeconds), "x-ratelimit-limit": String(PER_MINUTE), "x-ratelimit-remaining": "0" }),
    serverError: () => error(500, "internal", "Something went wrong."),
  },
  handle: (req, ctx) =>
    serveApi(req, ctx, {
      routes,
      authenticate,
      faults: customRestSandbox.faults,
      notFound: () => error(404, "not_found", "No such endpoint."),
      decorate: (res, auth) => {
        if (res.status === 429) return res; // the forced 429 carries its own exhausted window
        const used = countRequest(`custom-rest:${auth.account.id}`, 60_000);
        return withHeaders(res, { "x-ratelimit-limit": String(PER_MINUTE), "x-ratelimit-remaining": String(Math.max(0, PER_MINUTE - used)) });
      },
    }),
  renderWebhooks({ subscription, changes, now }): RenderedDelivery[] {
    if (!subscription.secret) return [];
    const wanted = new Set(subscription.events);
    const out: RenderedDelivery[] = [];
    for (const change of changes) {
      if (change.objectType !== "contacts") continue;
      const event = `contact.${change.kind}`;
      if (wanted.size > 0 && !wanted.has(event)) continue;
      const body = JSON.stringify({ id: `evt_${randomBytes(10).toString("hex")}`, event, occurred_at: change.occurredAt.toISOString(), data: { id: change.externalId, ...change.data } });
      const ts = String(Math.floor(now.getTime() / 1000));
      out.push({ headers: { "content-type": "application/json", "x-timestamp": ts, "x-signature": signCustomRestPayload(signing, subscription.secret, body, ts) }, body });
    }
    return out;
  },
};
