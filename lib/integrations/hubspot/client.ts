// HubSpot CRM v3 contacts on top of lib/http. Incremental pulls use the search API on lastmodifieddate;
// because a search can page through at most 10,000 results, a time window whose total exceeds the cap is
// split in half until it fits, and windows are walked oldest first.
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import { authorizedRequest } from "@/lib/integrations/authorized-request";
import type { ConnectionContext, ContactsApi, Page, ProviderClient, UpsertResult } from "@/lib/integrations/types";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";
import {
  HUBSPOT_CONTACT_PROPERTIES,
  hubspotObjectSchema,
  hubspotToRemote,
  hubToHubspotProperties,
} from "@/lib/integrations/hubspot/map";

export const HUBSPOT_SEARCH_CAP = 10_000;
export const HUBSPOT_SEARCH_MAX_LIMIT = 200;
export const HUBSPOT_BATCH_MAX = 100;

const searchResponseSchema = z.object({
  total: z.number(),
  results: z.array(hubspotObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

const batchResponseSchema = z.object({
  status: z.string(),
  results: z.array(hubspotObjectSchema.extend({ new: z.boolean().optional() })),
  errors: z.array(z.object({ message: z.string() }).passthrough()).optional(),
  numErrors: z.number().optional(),
});

/** The incremental cursor: the current window [lo, hi) in epoch ms and the search offset within it. */
const cursorSchema = z.object({ lo: z.number(), hi: z.number().nullable(), after: z.string().nullable(), end: z.number() });
type Cursor = z.infer<typeof cursorSchema>;

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(s: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", "Invalid HubSpot cursor.");
  }
}

export type HubspotClientOptions = { searchCap?: number };

export type HubspotClient = ProviderClient & {
  /** batch upsert by email, up to 100 per call (larger inputs are chunked) */
  upsertMany(contacts: HubContact[]): Promise<UpsertResult[]>;
};

export function createHubspotClient(ctx: ConnectionContext, options: HubspotClientOptions = {}): HubspotClient {
  const searchCap = options.searchCap ?? HUBSPOT_SEARCH_CAP;
  const http = ctx.http.with({ baseUrl: ctx.baseUrl });
  const scoped: ConnectionContext = { ...ctx, http };
  const call = (req: HttpRequest): Promise<HttpResponse> =>
    ctx.authKind === "oauth2"
      ? authorizedRequest(scoped, req)
      : http.with({ secrets: () => [...(http.options.secrets?.() ?? []), String(ctx.credentials.accessToken ?? "")] }).request({
          ...req,
          headers: { ...req.headers, authorization: `Bearer ${String(ctx.credentials.accessToken ?? "")}` },
        });
  const properties = HUBSPOT_CONTACT_PROPERTIES.join(",");

  async function getBy(id: string, idProperty?: "email"): Promise<RemoteContact | null> {
    const res = await call({
      url: `/crm/v3/objects/contacts/${encodeURIComponent(id)}`,
      query: { properties, ...(idProperty ? { idProperty } : {}) },
      accept: [404],
      operation: "contacts.get",
    });
    if (res.status === 404) return null;
    return hubspotToRemote(res.parse(hubspotObjectSchema));
  }

  async function search(lo: number, hi: number | null, after: string | null, limit: number) {
    const filters = [{ propertyName: "lastmodifieddate", operator: "GTE", value: String(lo) }];
    if (hi !== null) filters.push({ propertyName: "lastmodifieddate", operator: "LT", value: String(hi) });
    const res = await call({
      method: "POST",
      url: "/crm/v3/objects/contacts/search",
      json: {
        filterGroups: [{ filters }],
        sorts: [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }],
        properties: [...HUBSPOT_CONTACT_PROPERTIES],
        limit,
        ...(after ? { after } : {}),
      },
      operation: "contacts.search",
    });
    return res.parse(searchResponseSchema);
  }

  async function upsertMany(contacts: HubContact[]): Promise<UpsertResult[]> {
    const out: UpsertResult[] = [];
    for (let i = 0; i < contacts.length; i += HUBSPOT_BATCH_MAX) {
      const chunk = contacts.slice(i, i + HUBSPOT_BATCH_MAX);
      const inputs = chunk.map((c) => {
        if (!c.email) throw new AppError("PROVIDER_VALIDATION", "HubSpot upsert needs an e-mail address.", { provider: "hubspot" });
        return { idProperty: "email", id: c.email.toLowerCase(), properties: hubToHubspotProperties(c) };
      });
      const res = await call({ method: "POST", url: "/crm/v3/objects/contacts/batch/upsert", json: { inputs }, accept: [207], operation: "contacts.batchUpsert" });
      const body = res.parse(batchResponseSchema);
      if (res.status === 207 || (body.numErrors ?? 0) > 0) {
        throw new AppError("PROVIDER_VALIDATION", `HubSpot rejected ${body.numErrors ?? body.errors?.length ?? 0} of ${inputs.length} contacts.`, {
          provider: "hubspot",
          status: res.status,
          providerError: body.errors ?? [],
        });
      }
      // Batch results are not guaranteed in input order: match them back by e-mail.
      for (const input of inputs) {
        const hit = body.results.find((r) => (r.properties.email ?? "").toLowerCase() === input.id);
        if (!hit) throw new AppError("PROVIDER_ERROR", "HubSpot batch upsert returned fewer results than inputs.", { provider: "hubspot" });
        out.push({ contact: hubspotToRemote(hit), created: hit.new === true });
      }
    }
    return out;
  }

  const contacts: ContactsApi = {
    get: (id) => getBy(id),
    searchByEmail: (email) => getBy(email.trim().toLowerCase(), "email"),

    async listChangedSince({ since, cursor, limit }): Promise<Page<RemoteContact>> {
      const pageSize = Math.min(Math.max(limit ?? HUBSPOT_SEARCH_MAX_LIMIT, 1), HUBSPOT_SEARCH_MAX_LIMIT);
      let c: Cursor = cursor
        ? decodeCursor(cursor)
        : { lo: since ? Date.parse(since) : 0, hi: null, after: null, end: ctx.now().getTime() + 1 };
      for (;;) {
        const result = await search(c.lo, c.hi, c.after, pageSize);
        const windowEnd = c.hi ?? c.end;
        if (c.after === null && result.total > searchCap && windowEnd - c.lo > 1) {
          // Too many for one search: halve the window and try again.
          c = { ...c, hi: c.lo + Math.floor((windowEnd - c.lo) / 2) };
          continue;
        }
        const items = result.results.map(hubspotToRemote);
        const nextAfter = result.paging?.next?.after ?? null;
        let next: Cursor | null = null;
        if (nextAfter !== null && Number(nextAfter) < searchCap) next = { ...c, after: nextAfter };
        else if (c.hi !== null) next = { lo: c.hi, hi: null, after: null, end: c.end };
        return { items, nextCursor: next ? encodeCursor(next) : null };
      }
    },

    async create(fields) {
      try {
        const res = await call({ method: "POST", url: "/crm/v3/objects/contacts", json: { properties: hubToHubspotProperties(fields) }, operation: "contacts.create" });
        return hubspotToRemote(res.parse(hubspotObjectSchema));
      } catch (err) {
        throw withExistingId(err);
      }
    },

    async update(externalId, fields) {
      const res = await call({
        method: "PATCH",
        url: `/crm/v3/objects/contacts/${encodeURIComponent(externalId)}`,
        json: { properties: hubToHubspotProperties(fields) },
        operation: "contacts.update",
      });
      return hubspotToRemote(res.parse(hubspotObjectSchema));
    },

    async upsert(fields) {
      if (!fields.email) return { contact: await contacts.create(fields), created: true };
      const [result] = await upsertMany([fields]);
      if (!result) throw new AppError("PROVIDER_ERROR", "HubSpot batch upsert returned no result.", { provider: "hubspot" });
      return result;
    },

    async delete(externalId) {
      await call({ method: "DELETE", url: `/crm/v3/objects/contacts/${encodeURIComponent(externalId)}`, accept: [404], operation: "contacts.delete" });
    },
  };

  return {
    contacts,
    upsertMany,
    async verifyCredentials() {
      if (ctx.authKind === "oauth2") {
        const token = await ctx.auth.getAccessToken();
        const res = await http.with({ secrets: () => [token] }).request({ url: `/oauth/v1/access-tokens/${encodeURIComponent(token)}`, operation: "verify" });
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
