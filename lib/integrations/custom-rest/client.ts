// A REST client driven entirely by the connection's Custom REST template, returning raw records. The base
// URL is the tenant's own, so every request goes through ctx.http (SSRF guard, redaction); the template
// decides the auth header (Bearer, an API-key header, Basic or none), so this client sets it itself.
// The object API has exactly what customRestObjects(template) declares: delete only with a delete
// endpoint, listChanged only with a modified-since parameter (passes overlap by a minute).
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpMethod, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { ChangedPage, FieldMap, ObjectApi, Page, RawRecord } from "@/lib/integrations/object-contract";
import type { ConnectionContext, ProviderClient, VerifiedAccount } from "@/lib/integrations/types";
import { getPath } from "@/lib/integrations/custom-rest/json-path";
import { customRestFieldDescriptions, customRestToRaw, fieldsToCustomRest, pageSizeOf, recordFromResponse, recordsFromListResponse } from "@/lib/integrations/custom-rest/map";
import type { CustomRestConfig, CustomRestCredentials } from "@/lib/integrations/custom-rest/settings";
import { assertCustomRestTemplate, type CustomRestTemplate } from "@/lib/integrations/custom-rest/template";

/** Passes of listChanged overlap by this much (the CRM's clock and ours; writes during a pass). */
const OVERLAP_MS = 60_000;

const stateSchema = z.object({ page: z.number().int().optional(), offset: z.number().int().optional(), cursor: z.string().optional(), url: z.string().optional() });
type PageState = z.infer<typeof stateSchema>;
const checkpointSchema = z.object({ v: z.literal(1), since: z.number().int().nullable(), start: z.number().int().nullable(), state: stateSchema });
type Checkpoint = z.infer<typeof checkpointSchema>;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
function unb64<T>(raw: string, schema: z.ZodType<T>, what: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", `The ${what} is not valid.`, { provider: "custom-rest" });
  }
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /rel="?([^";]*\s)?next(\s[^";]*)?"?/.test(m[2] ?? "")) return m[1] ?? null;
  }
  return null;
}

function formatSince(ms: number, format: "iso" | "unix" | "unix_ms"): string {
  if (format === "unix") return String(Math.floor(ms / 1000));
  if (format === "unix_ms") return String(ms);
  return new Date(ms).toISOString();
}

export type CustomRestClient = ProviderClient & {
  objects: { contacts: ObjectApi };
  template: CustomRestTemplate;
  /** the search endpoint: the record with this e-mail, or null */
  findByEmail(email: string): Promise<RawRecord | null>;
};

export function createCustomRestClient(ctx: ConnectionContext<CustomRestConfig, CustomRestCredentials>): CustomRestClient {
  // parsed again so a config that skipped the schema (tests, old rows) gets the template's defaults
  const template = assertCustomRestTemplate(ctx.config.template);
  const secret = ctx.credentials.apiSecret ?? "";
  const username = ctx.config.username ?? "";
  const headers: Record<string, string> = {};
  const auth = template.auth;
  if (auth.kind === "bearer") headers.authorization = `Bearer ${secret}`;
  if (auth.kind === "api_key_header") headers[auth.header] = secret;
  if (auth.kind === "basic") headers.authorization = `Basic ${Buffer.from(`${username}:${secret}`).toString("base64")}`;
  const basic = auth.kind === "basic" ? headers.authorization : undefined;
  const http: HttpClient = ctx.http.with({
    baseUrl: template.baseUrl,
    defaultHeaders: headers,
    secrets: () => [secret, ...(basic ? [basic.slice(6)] : [])].filter(Boolean),
  });

  function call(req: HttpRequest): Promise<HttpResponse> {
    if (auth.kind !== "none" && !secret) throw new AppError("INVALID_CREDENTIALS", "Missing the API key / token for this Custom REST connection.");
    return http.request(req);
  }
  const pathFor = (p: string, id: string) => p.replaceAll("{id}", encodeURIComponent(id));
  const toRaw = (record: unknown): RawRecord => {
    try {
      return customRestToRaw(template, record);
    } catch (err) {
      throw new AppError("PROVIDER_ERROR", `The response has no record id at "${template.idField}" (check recordPath / listPath).`, { provider: "custom-rest" }, { cause: err });
    }
  };
  function listFrom(res: HttpResponse): unknown[] {
    const list = recordsFromListResponse(template, res.json());
    if (!list) throw new AppError("PROVIDER_ERROR", `The list response has no array at "${template.listPath}".`, { provider: "custom-rest" });
    return list;
  }
  const maxPage = pageSizeOf(template);

  async function get(id: string): Promise<RawRecord | null> {
    const e = template.endpoints.get;
    const res = await call({ method: e.method as HttpMethod, url: pathFor(e.path, id), accept: [404], operation: "contacts.get" });
    return res.status === 404 ? null : toRaw(recordFromResponse(template, res.json()));
  }

  async function writeThen(method: string, path: string, fields: FieldMap, operation: string, fallbackId?: string): Promise<RawRecord> {
    const res = await call({ method: method as HttpMethod, url: path, json: fieldsToCustomRest(template, fields), operation });
    const record = res.text.trim() ? recordFromResponse(template, res.json()) : undefined;
    if (record !== undefined && getPath(record, template.idField) !== undefined) return toRaw(record);
    // some APIs answer 204 or a bare acknowledgement: read the record back
    if (fallbackId) {
      const fresh = await get(fallbackId);
      if (fresh) return fresh;
    }
    throw new AppError("PROVIDER_ERROR", `The ${operation} response carries no record at "${template.recordPath}".`, { provider: "custom-rest" });
  }

  async function findByEmail(email: string): Promise<RawRecord | null> {
    const e = template.endpoints.search;
    const res = await call({ method: e.method as HttpMethod, url: e.path, query: { [e.emailParam]: email }, operation: "contacts.search" });
    const key = template.fields.email ?? "email";
    return listFrom(res).map(toRaw).find((r) => typeof r.fields[key] === "string" && (r.fields[key] as string).toLowerCase() === email.toLowerCase()) ?? null;
  }

  /** One page of the list endpoint in the template's paging style, optionally modified since `sinceMs`. */
  async function listPage(sinceMs: number | null, state: PageState, limit: number | undefined): Promise<{ items: RawRecord[]; next: PageState | null }> {
    const p = template.pagination;
    const e = template.endpoints.list;
    const query: Record<string, string | number> = {};
    if (sinceMs !== null && template.modifiedSince) query[template.modifiedSince.param] = formatSince(sinceMs, template.modifiedSince.format);
    const size = p.style === "none" ? 0 : Math.min(Math.max(limit ?? p.pageSize, 1), p.pageSize);
    let url: string = e.path;
    if (p.style === "page") {
      query[p.pageParam] = state.page ?? p.firstPage;
      query[p.sizeParam] = size;
    } else if (p.style === "offset") {
      query[p.offsetParam] = state.offset ?? 0;
      query[p.limitParam] = size;
    } else if (p.style === "cursor") {
      if (state.cursor) query[p.cursorParam] = state.cursor;
      if (p.sizeParam) query[p.sizeParam] = size;
    } else if (p.style === "link_header") {
      if (state.url) {
        // the next link is followed as given; it must stay on the template's host
        if (new URL(state.url).origin !== new URL(template.baseUrl).origin) {
          throw new AppError("PROVIDER_ERROR", "The Link header points at another host; not following it.", { provider: "custom-rest" });
        }
        url = state.url;
        for (const k of Object.keys(query)) delete query[k];
      } else if (p.sizeParam) query[p.sizeParam] = size;
    }
    const res = await call({ method: e.method as HttpMethod, url, query, operation: "contacts.list" });
    const records = listFrom(res);
    const items = records.map(toRaw).sort((a, b) => (a.remoteUpdatedAt ?? "").localeCompare(b.remoteUpdatedAt ?? ""));
    let next: PageState | null = null;
    if (p.style === "page" && records.length >= size && size > 0) next = { page: (state.page ?? p.firstPage) + 1 };
    if (p.style === "offset" && records.length >= size && size > 0) next = { offset: (state.offset ?? 0) + records.length };
    if (p.style === "cursor") {
      const c = getPath(res.json(), p.nextCursorPath);
      if ((typeof c === "string" && c !== "") || typeof c === "number") next = { cursor: String(c) };
    }
    if (p.style === "link_header") {
      const link = nextLink(res.headers.get("link"));
      if (link) next = { url: new URL(link, res.url).toString() };
    }
    return { items, next: next && records.length > 0 ? next : null };
  }

  const contacts: ObjectApi = {
    get,
    async listAll({ cursor, limit }): Promise<Page<RawRecord>> {
      const state = cursor ? unb64(cursor, stateSchema, "page cursor") : {};
      const page = await listPage(null, state, limit);
      return { items: page.items, nextCursor: page.next ? b64(page.next) : null };
    },
    create: (fields) => writeThen(template.endpoints.create.method, template.endpoints.create.path, fields, "contacts.create"),
    update: (id, fields) => writeThen(template.endpoints.update.method, pathFor(template.endpoints.update.path, id), fields, "contacts.update", id),
    async upsert(fields) {
      const key = template.fields.email ?? "email";
      const email = typeof fields[key] === "string" ? (fields[key] as string).trim() : "";
      if (!email) throw new AppError("PROVIDER_VALIDATION", `Upserts match on the e-mail at "${key}"; the record has none.`, { provider: "custom-rest", field: key });
      const existing = await findByEmail(email);
      if (existing) return { record: await contacts.update!(existing.externalId, fields), created: false };
      return { record: await contacts.create!(fields), created: true };
    },
    async describeFields() {
      const sample = await listPage(null, {}, Math.min(maxPage, 20));
      return customRestFieldDescriptions(template, sample.items);
    },
  };
  if (template.modifiedSince && template.updatedAtField) {
    contacts.listChanged = async ({ checkpoint, limit }): Promise<ChangedPage> => {
      const now = ctx.now().getTime();
      const base: Checkpoint = checkpoint ? unb64(checkpoint, checkpointSchema, "checkpoint") : { v: 1, since: null, start: null, state: {} };
      const c: Checkpoint = base.start === null ? { ...base, start: now, state: {} } : base;
      const page = await listPage(c.since, c.state, limit);
      if (page.next) return { items: page.items, deleted: [], checkpoint: b64({ ...c, state: page.next }), hasMore: true, checkpointExpiresAt: null };
      const next: Checkpoint = { v: 1, since: (c.start ?? now) - OVERLAP_MS, start: null, state: {} };
      return { items: page.items, deleted: [], checkpoint: b64(next), hasMore: false, checkpointExpiresAt: null };
    };
  }
  const del = template.endpoints.delete;
  if (del) {
    contacts.delete = async (id) => {
      await call({ method: del.method as HttpMethod, url: pathFor(del.path, id), accept: [404], operation: "contacts.delete" });
    };
  }

  return {
    template,
    findByEmail,
    objects: { contacts },
    async verifyCredentials(): Promise<VerifiedAccount> {
      const e = template.verify ?? template.endpoints.list;
      const res = await call({ method: e.method as HttpMethod, url: e.path, operation: "verify" });
      const path = template.verify?.accountIdPath;
      const id = path ? getPath(res.json(), path) : undefined;
      if (path && typeof id !== "string" && typeof id !== "number") {
        throw new AppError("PROVIDER_ERROR", `The verify response has no account id at "${path}".`, { provider: "custom-rest" });
      }
      return { accountId: id === undefined ? new URL(template.baseUrl).host : String(id), accountName: template.name };
    },
  };
}
