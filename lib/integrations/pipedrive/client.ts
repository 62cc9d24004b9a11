// Pipedrive persons over API v2 (v1 only for users/me and webhooks, which have no v2 yet), on lib/http.
// There is no upsert: search by e-mail, then create or update.
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import { authorizedRequest } from "@/lib/integrations/authorized-request";
import type {
  ConnectionContext,
  ContactsApi,
  ListChangedSinceInput,
  Page,
  ProviderClientV1,
  VerifiedAccount,
} from "@/lib/integrations/types";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";
import {
  hubContactToPipedrive,
  pipedrivePersonSchema,
  pipedrivePersonToRemote,
  type PipedrivePerson,
} from "@/lib/integrations/pipedrive/map";
import { classifyPipedriveError } from "@/lib/integrations/pipedrive/errors";
import { PIPEDRIVE_WEBHOOK_USER } from "@/lib/integrations/pipedrive/webhook";

export const PIPEDRIVE_PAGE_MAX = 500;

const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data, additional_data: z.object({ next_cursor: z.string().nullish() }).loose().nullish() }).loose();

const personEnvelope = envelope(pipedrivePersonSchema);
const personListEnvelope = envelope(z.array(pipedrivePersonSchema).nullable());
const searchEnvelope = envelope(
  z.object({ items: z.array(z.object({ result_score: z.number().optional(), item: z.object({ id: z.number() }).loose() }).loose()) }).loose(),
);
const orgSchema = z.object({ id: z.number(), name: z.string().nullish() }).loose();
const orgListEnvelope = envelope(z.array(orgSchema).nullable());
const orgEnvelope = envelope(orgSchema);
const meEnvelope = envelope(
  z.object({ id: z.number(), name: z.string().nullish(), company_id: z.number(), company_name: z.string().nullish(), company_domain: z.string().nullish() }).loose(),
);
const webhookEnvelope = envelope(z.object({ id: z.number() }).loose());

/** RFC 3339 without milliseconds: Pipedrive answers 400 to fractional seconds. Floors, so `>=` keeps every change. */
export function pipedriveTimestamp(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError("VALIDATION_FAILED", `Not a date: ${iso}`);
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type PipedriveClient = ProviderClientV1 & { contacts: ContactsApi };

export function createPipedriveClient(ctx: ConnectionContext): PipedriveClient {
  const http: HttpClient = ctx.http.with({ baseUrl: ctx.baseUrl, classify: classifyPipedriveError });

  const scoped: ConnectionContext = { ...ctx, http };

  async function call(req: HttpRequest): Promise<HttpResponse> {
    if (ctx.authKind === "oauth2") return authorizedRequest(scoped, req, { refreshOn401: true });
    const apiToken = ctx.credentials["apiToken"];
    if (typeof apiToken !== "string" || apiToken === "") throw new AppError("INVALID_CREDENTIALS", "Missing Pipedrive API token");
    // the x-api-token header, never the deprecated ?api_token= query parameter
    return http
      .with({ secrets: () => [...(http.options.secrets?.() ?? []), apiToken] })
      .request({ ...req, headers: { ...req.headers, "x-api-token": apiToken } });
  }

  const orgNames = new Map<number, string | null>();

  async function resolveOrgNames(ids: readonly number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !orgNames.has(id));
    for (let i = 0; i < missing.length; i += 100) {
      const chunk = missing.slice(i, i + 100);
      const res = await call({ url: "/api/v2/organizations", query: { ids: chunk.join(","), limit: 100 }, operation: "organizations.list" });
      const found = res.parse(orgListEnvelope).data ?? [];
      for (const id of chunk) orgNames.set(id, found.find((o) => o.id === id)?.name ?? null);
    }
  }

  async function toRemote(persons: readonly PipedrivePerson[]): Promise<RemoteContact[]> {
    await resolveOrgNames(persons.flatMap((p) => (typeof p.org_id === "number" ? [p.org_id] : [])));
    return persons.map((p) =>
      pipedrivePersonToRemote(p, typeof p.org_id === "number" && orgNames.has(p.org_id) ? { orgName: orgNames.get(p.org_id) ?? null } : {}),
    );
  }

  /** Find the organisation by exact name, or create it. */
  async function orgIdFor(company: string | null | undefined): Promise<number | null | undefined> {
    if (company === undefined) return undefined;
    if (company === null || company.trim() === "") return null;
    const name = company.trim();
    const res = await call({
      url: "/api/v2/organizations/search",
      query: { term: name, fields: "name", exact_match: true, limit: 1 },
      operation: "organizations.search",
    });
    const hit = res.parse(searchEnvelope).data.items[0];
    if (hit) {
      orgNames.set(hit.item.id, name);
      return hit.item.id;
    }
    const created = await call({ method: "POST", url: "/api/v2/organizations", json: { name }, operation: "organizations.create" });
    const org = created.parse(orgEnvelope).data;
    orgNames.set(org.id, org.name ?? name);
    return org.id;
  }

  async function getPerson(externalId: string): Promise<PipedrivePerson | null> {
    if (!/^\d+$/.test(externalId)) return null;
    try {
      const res = await call({
        url: `/api/v2/persons/${externalId}`,
        query: { include_fields: "marketing_status" },
        operation: "persons.get",
      });
      const person = res.parse(personEnvelope).data;
      return person.is_deleted ? null : person;
    } catch (err) {
      if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") return null;
      throw err;
    }
  }

  async function findIdByEmail(email: string): Promise<number | null> {
    const term = email.trim().toLowerCase();
    const res = await call({
      url: "/api/v2/persons/search",
      query: { term, fields: "email", exact_match: true, limit: 1 },
      operation: "persons.search",
    });
    return res.parse(searchEnvelope).data.items[0]?.item.id ?? null;
  }

  async function write(existing: PipedrivePerson | null, fields: HubContact): Promise<RemoteContact> {
    const orgId = await orgIdFor(fields.company);
    const body = hubContactToPipedrive(fields, { existing, ...(orgId !== undefined ? { orgId } : {}) });
    const res = existing
      ? await call({ method: "PATCH", url: `/api/v2/persons/${existing.id}`, json: body, operation: "persons.update" })
      : await call({
          method: "POST",
          url: "/api/v2/persons",
          // Pipedrive requires a name; fall back to the e-mail as its own UI does
          json: { ...body, name: body.name ?? fields.email ?? "(no name)" },
          operation: "persons.create",
        });
    const person = res.parse(personEnvelope).data;
    const [remote] = await toRemote([person]);
    return remote!;
  }

  const contacts: ContactsApi = {
    async get(externalId) {
      const person = await getPerson(externalId);
      return person ? (await toRemote([person]))[0]! : null;
    },

    async searchByEmail(email) {
      const id = await findIdByEmail(email);
      return id === null ? null : contacts.get(String(id));
    },

    async listChangedSince(input: ListChangedSinceInput): Promise<Page<RemoteContact>> {
      const limit = Math.min(Math.max(input.limit ?? PIPEDRIVE_PAGE_MAX, 1), PIPEDRIVE_PAGE_MAX);
      const res = await call({
        url: "/api/v2/persons",
        query: {
          updated_since: input.since ? pipedriveTimestamp(input.since) : undefined,
          sort_by: "update_time",
          sort_direction: "asc",
          include_fields: "marketing_status",
          limit,
          cursor: input.cursor ?? undefined,
        },
        operation: "persons.list",
      });
      const parsed = res.parse(personListEnvelope);
      return { items: await toRemote(parsed.data ?? []), nextCursor: parsed.additional_data?.next_cursor ?? null };
    },

    async create(fields) {
      return write(null, fields);
    },

    async update(externalId, fields) {
      const existing = await getPerson(externalId);
      if (!existing) throw new AppError("PROVIDER_NOT_FOUND", `Pipedrive person ${externalId} not found`, { provider: "pipedrive", kind: "not_found" });
      return write(existing, fields);
    },

    async upsert(fields) {
      const id = fields.email ? await findIdByEmail(fields.email) : null;
      const existing = id === null ? null : await getPerson(String(id));
      return { contact: await write(existing, fields), created: existing === null };
    },

    async delete(externalId) {
      if (!/^\d+$/.test(externalId)) return;
      try {
        await call({ method: "DELETE", url: `/api/v2/persons/${externalId}`, operation: "persons.delete" });
      } catch (err) {
        if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") return;
        throw err;
      }
    },
  };

  return {
    async verifyCredentials(): Promise<VerifiedAccount> {
      const res = await call({ url: "/api/v1/users/me", operation: "verify" });
      const me = res.parse(meEnvelope).data;
      return {
        accountId: String(me.company_id),
        ...(me.company_name ? { accountName: me.company_name } : {}),
        metadata: { companyId: String(me.company_id), userId: String(me.id), ...(me.company_domain ? { companyDomain: me.company_domain } : {}) },
      };
    },
    contacts,
    webhooks: {
      async register({ targetUrl, secret }) {
        const res = await call({
          method: "POST",
          url: "/api/v1/webhooks",
          json: {
            subscription_url: targetUrl,
            event_action: "*",
            event_object: "person",
            name: "Switchboard",
            http_auth_user: PIPEDRIVE_WEBHOOK_USER,
            http_auth_password: secret,
            version: "2.0",
          },
          operation: "webhooks.create",
        });
        return { externalId: String(res.parse(webhookEnvelope).data.id) };
      },
      async unregister(externalId) {
        try {
          await call({ method: "DELETE", url: `/api/v1/webhooks/${encodeURIComponent(externalId)}`, operation: "webhooks.delete" });
        } catch (err) {
          if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") return;
          throw err;
        }
      },
    },
  };
}
