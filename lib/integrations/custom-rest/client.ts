// A REST client driven entirely by the connection's Custom REST template. The base URL is the tenant's
// own, so every request goes through lib/http's SSRF guard (ctx.http carries it; nothing bypasses it).
import { AppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpMethod, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { ConnectionContext, ContactsApi, ListChangedSinceInput, Page, ProviderClientV1, VerifiedAccount } from "@/lib/integrations/types";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";
import { getPath } from "./json-path";
import { fromCustomRest, recordFromResponse, recordsFromListResponse, toCustomRest } from "./map";
import { assertCustomRestTemplate, type CustomRestTemplate } from "./template";

type Cursor = { page?: number; offset?: number; cursor?: string; url?: string };
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(raw: string | null): Cursor {
  if (!raw) return {};
  try {
    return JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
  } catch {
    throw new AppError("BAD_REQUEST", "The page cursor is not valid.");
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

function formatSince(iso: string, format: "iso" | "unix" | "unix_ms"): string {
  const t = Date.parse(iso);
  if (format === "unix") return String(Math.floor(t / 1000));
  if (format === "unix_ms") return String(t);
  return new Date(t).toISOString();
}

export type CustomRestClient = ProviderClientV1 & { contacts: ContactsApi; template: CustomRestTemplate };

export function createCustomRestClient(ctx: ConnectionContext): CustomRestClient {
  const template = assertCustomRestTemplate(ctx.config["template"]);
  const secret = typeof ctx.credentials["apiSecret"] === "string" ? (ctx.credentials["apiSecret"] as string) : "";
  const username = typeof ctx.config["username"] === "string" ? (ctx.config["username"] as string) : "";
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
  const pathFor = (p: string, id?: string) => (id === undefined ? p : p.replaceAll("{id}", encodeURIComponent(id)));
  const toRemote = (record: unknown): RemoteContact => {
    try {
      return fromCustomRest(template, record);
    } catch (err) {
      throw new AppError("PROVIDER_ERROR", `The response has no record id at "${template.idField}" (check recordPath / listPath).`, { provider: "custom-rest" }, { cause: err });
    }
  };
  function listFrom(res: HttpResponse): unknown[] {
    const list = recordsFromListResponse(template, res.json());
    if (!list) throw new AppError("PROVIDER_ERROR", `The list response has no array at "${template.listPath}".`, { provider: "custom-rest" });
    return list;
  }

  async function get(id: string): Promise<RemoteContact | null> {
    const e = template.endpoints.get;
    const res = await call({ method: e.method as HttpMethod, url: pathFor(e.path, id), accept: [404], operation: "contacts.get" });
    return res.status === 404 ? null : toRemote(recordFromResponse(template, res.json()));
  }

  async function writeThen(method: string, path: string, body: Record<string, unknown>, operation: string, fallbackId?: string): Promise<RemoteContact> {
    const res = await call({ method: method as HttpMethod, url: path, json: body, operation });
    const record = res.text.trim() ? recordFromResponse(template, res.json()) : undefined;
    if (record !== undefined && getPath(record, template.idField) !== undefined) return toRemote(record);
    // some APIs answer 204 or a bare acknowledgement: read the record back
    if (fallbackId) {
      const fresh = await get(fallbackId);
      if (fresh) return fresh;
    }
    throw new AppError("PROVIDER_ERROR", `The ${operation} response carries no record at "${template.recordPath}".`, { provider: "custom-rest" });
  }

  const contacts: ContactsApi = {
    get,
    async searchByEmail(email) {
      const e = template.endpoints.search;
      const res = await call({ method: e.method as HttpMethod, url: e.path, query: { [e.emailParam]: email }, operation: "contacts.search" });
      const match = listFrom(res).map(toRemote).find((c) => c.fields.email?.toLowerCase() === email.toLowerCase());
      return match ?? null;
    },
    async listChangedSince({ since, cursor, limit }: ListChangedSinceInput): Promise<Page<RemoteContact>> {
      const p = template.pagination;
      const state = decode(cursor);
      const e = template.endpoints.list;
      const query: Record<string, string | number> = {};
      if (since && template.modifiedSince) query[template.modifiedSince.param] = formatSince(since, template.modifiedSince.format);
      const size = p.style === "none" ? 0 : Math.min(limit ?? p.pageSize, p.pageSize);
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
      const items = records.map(toRemote).sort((a, b) => (a.remoteUpdatedAt ?? "").localeCompare(b.remoteUpdatedAt ?? ""));
      let next: Cursor | null = null;
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
      return { items, nextCursor: next && records.length > 0 ? encode(next) : null };
    },
    async create(fields: HubContact) {
      const e = template.endpoints.create;
      return writeThen(e.method, e.path, toCustomRest(template, fields), "contacts.create");
    },
    async update(id, fields) {
      const e = template.endpoints.update;
      return writeThen(e.method, pathFor(e.path, id), toCustomRest(template, fields), "contacts.update", id);
    },
    async upsert(fields) {
      const existing = fields.email ? await contacts.searchByEmail(fields.email) : null;
      if (existing) return { contact: await contacts.update(existing.externalId, fields), created: false };
      return { contact: await contacts.create(fields), created: true };
    },
    async delete(id) {
      const e = template.endpoints.delete;
      if (!e) throw new AppError("BAD_REQUEST", "This template has no delete endpoint.", { provider: "custom-rest", unsupported: true });
      await call({ method: e.method as HttpMethod, url: pathFor(e.path, id), accept: [404], operation: "contacts.delete" });
    },
  };

  return {
    template,
    async verifyCredentials(): Promise<VerifiedAccount> {
      const e = template.verify ?? template.endpoints.list;
      await call({ method: e.method as HttpMethod, url: e.path, operation: "verify" });
      return { accountId: new URL(template.baseUrl).host, accountName: template.name };
    },
    contacts,
  };
}
