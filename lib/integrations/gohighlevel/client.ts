// The LeadConnector (GoHighLevel) API v2 on top of lib/http: contacts, opportunities (the lead status),
// appointments and calendar slots, for one location (sub-account).
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import { authorizedRequest } from "@/lib/integrations/authorized-request";
import type {
  ConnectionContext,
  ContactsApi,
  ListChangedSinceInput,
  Page,
  ProviderClient,
  RecordsApi,
  VerifiedAccount,
} from "@/lib/integrations/types";
import type { HubContact, LeadStatus, RemoteContact } from "@/lib/records/hub-contact";
import {
  ghlAppointmentSchema,
  ghlAppointmentToRemote,
  ghlContactSchema,
  ghlContactToRemote,
  ghlOpportunitySchema,
  hubContactToGhl,
  leadStatusFromOpportunities,
  leadStatusToOpportunityStatus,
  type GhlOpportunity,
  type RemoteAppointment,
} from "@/lib/integrations/gohighlevel/map";
import { classifyGhlError } from "@/lib/integrations/gohighlevel/errors";

/** Contacts, opportunities and locations are on 2021-07-28; the calendars spec pins 2021-04-15. */
export const GHL_API_VERSION = "2021-07-28";
export const GHL_CALENDARS_API_VERSION = "2021-04-15";
/** The search page size is undocumented; 100 is the largest GHL documents anywhere (the list endpoint). */
export const GHL_SEARCH_PAGE_MAX = 100;

const contactEnvelope = z.object({ contact: ghlContactSchema });
const duplicateEnvelope = z.object({ contact: ghlContactSchema.nullish() }).loose();
const upsertEnvelope = z.object({ new: z.boolean(), contact: ghlContactSchema }).loose();
const searchEnvelope = z
  .object({
    contacts: z.array(ghlContactSchema.extend({ searchAfter: z.array(z.union([z.string(), z.number()])).optional() })),
    total: z.number().optional(),
  })
  .loose();
const opportunitySearchEnvelope = z
  .object({
    opportunities: z.array(ghlOpportunitySchema),
    meta: z
      .object({ total: z.number().nullish(), startAfter: z.union([z.number(), z.string()]).nullish(), startAfterId: z.string().nullish() })
      .loose()
      .optional(),
  })
  .loose();
const opportunityEnvelope = z.object({ opportunity: ghlOpportunitySchema }).loose();
const eventsEnvelope = z.object({ events: z.array(ghlAppointmentSchema).default([]) }).loose();
const eventEnvelope = z.object({ event: ghlAppointmentSchema.optional(), appointment: ghlAppointmentSchema.optional() }).loose();
const blockSlotSchema = z
  .object({
    id: z.string(),
    locationId: z.string().optional(),
    title: z.string().nullish(),
    startTime: z.union([z.string(), z.number()]),
    endTime: z.union([z.string(), z.number()]),
    calendarId: z.string().nullish(),
    assignedUserId: z.string().nullish(),
  })
  .loose();
export type GhlBlockSlot = z.infer<typeof blockSlotSchema>;

/** `searchAfter` values of the last contact of a page, carried as an opaque cursor. */
const cursorSchema = z.array(z.union([z.string(), z.number()])).min(1);

function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): (string | number)[] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", "Invalid GoHighLevel page cursor");
  }
}

export type FreeSlotsInput = {
  calendarId: string;
  /** ISO 8601 or epoch ms; GHL allows at most 31 days */
  start: string | number;
  end: string | number;
  timezone?: string;
  userId?: string;
};
export type FreeSlots = Record<string, string[]>;

export type BlockSlotInput = {
  /** either calendarId or assignedUserId, not both (GHL rule) */
  calendarId?: string;
  assignedUserId?: string;
  startTime: string;
  endTime: string;
  title?: string;
};

export type ListAppointmentsInput = {
  /** one of calendarId, userId or groupId is required by GHL */
  calendarId?: string;
  userId?: string;
  groupId?: string;
  start: string | number;
  end: string | number;
};

export type GhlOpportunitiesApi = RecordsApi<GhlOpportunity, { status: LeadStatus }> & {
  listForContact(contactId: string): Promise<GhlOpportunity[]>;
};

export type GhlClient = ProviderClient & {
  locationId: string;
  contacts: ContactsApi;
  opportunities: GhlOpportunitiesApi;
  appointments: RecordsApi<RemoteAppointment> & { list(input: ListAppointmentsInput): Promise<RemoteAppointment[]> };
  calendars: {
    freeSlots(input: FreeSlotsInput): Promise<FreeSlots>;
    blockSlot(input: BlockSlotInput): Promise<GhlBlockSlot>;
  };
};

function toMillis(value: string | number): number {
  if (typeof value === "number") return value;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new AppError("VALIDATION_FAILED", `Not a date: ${value}`);
  return t;
}

/** The location a connection works on: from the OAuth token response, or entered with a Private Integration Token. */
export function ghlLocationId(ctx: Pick<ConnectionContext, "metadata" | "config">): string {
  const fromMetadata = ctx.metadata["locationId"];
  const fromConfig = typeof ctx.config["locationId"] === "string" ? ctx.config["locationId"] : undefined;
  const id = fromMetadata || fromConfig;
  if (!id) {
    throw new AppError("CONFIG_SCHEMA_INVALID", "GoHighLevel needs a location (sub-account) id", {
      fields: { locationId: "Required with a Private Integration Token, or install the app on a sub-account" },
    });
  }
  return id;
}

export function createGhlClient(ctx: ConnectionContext): GhlClient {
  const http: HttpClient = ctx.http.with({ baseUrl: ctx.baseUrl, classify: classifyGhlError });
  const scoped: ConnectionContext = { ...ctx, http };
  const locationId = ghlLocationId(ctx);

  async function call(req: HttpRequest, version: string = GHL_API_VERSION): Promise<HttpResponse> {
    const withVersion: HttpRequest = { ...req, headers: { ...req.headers, version } };
    if (ctx.authKind === "oauth2") return authorizedRequest(scoped, withVersion, { refreshOn401: true });
    const pit = ctx.credentials["privateIntegrationToken"];
    if (typeof pit !== "string" || pit === "") throw new AppError("INVALID_CREDENTIALS", "Missing GoHighLevel Private Integration Token");
    return http
      .with({ secrets: () => [...(http.options.secrets?.() ?? []), pit] })
      .request({ ...withVersion, headers: { ...withVersion.headers, authorization: `Bearer ${pit}` } });
  }

  async function getContact(externalId: string): Promise<RemoteContact | null> {
    try {
      const res = await call({ url: `/contacts/${encodeURIComponent(externalId)}`, operation: "contacts.get" });
      const { contact } = res.parse(contactEnvelope);
      const related = await opportunities.listForContact(contact.id);
      return ghlContactToRemote(contact, { leadStatus: leadStatusFromOpportunities(related) });
    } catch (err) {
      if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") return null;
      throw err;
    }
  }

  /** GHL keeps the lead status on opportunities: move the contact's most recent one. */
  async function applyLeadStatus(contactId: string, status: LeadStatus | null | undefined): Promise<LeadStatus | null> {
    const existing = await opportunities.listForContact(contactId);
    if (status === undefined || status === null) return leadStatusFromOpportunities(existing);
    const current = [...existing].sort(
      (a, b) => Date.parse(b.lastStatusChangeAt ?? b.updatedAt ?? "") - Date.parse(a.lastStatusChangeAt ?? a.updatedAt ?? ""),
    )[0];
    if (!current) return null; // no opportunity to carry it; creating one needs a pipeline the hub does not know
    const wanted = leadStatusToOpportunityStatus(status);
    if (current.status !== wanted) await opportunities.update!(current.id, { status });
    return leadStatusFromOpportunities([{ ...current, status: wanted, lastStatusChangeAt: ctx.now().toISOString() }]);
  }

  const opportunities: GhlOpportunitiesApi = {
    async listForContact(contactId) {
      const res = await call({
        url: "/opportunities/search",
        query: { location_id: locationId, contact_id: contactId, limit: 100 },
        operation: "opportunities.search",
      });
      return res.parse(opportunitySearchEnvelope).opportunities;
    },
    async get(externalId) {
      try {
        const res = await call({ url: `/opportunities/${encodeURIComponent(externalId)}`, operation: "opportunities.get" });
        return res.parse(opportunityEnvelope).opportunity;
      } catch (err) {
        if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") return null;
        throw err;
      }
    },
    async update(externalId, input) {
      await call({
        method: "PUT",
        url: `/opportunities/${encodeURIComponent(externalId)}/status`,
        json: { status: leadStatusToOpportunityStatus(input.status) },
        operation: "opportunities.updateStatus",
      });
      const updated = await opportunities.get!(externalId);
      if (!updated) throw new AppError("PROVIDER_NOT_FOUND", `GoHighLevel opportunity ${externalId} vanished after update`);
      return updated;
    },
  };

  const contacts: ContactsApi = {
    get: getContact,

    async searchByEmail(email) {
      const res = await call({
        url: "/contacts/search/duplicate",
        query: { locationId, email: email.trim().toLowerCase() },
        operation: "contacts.duplicate",
      });
      const found = res.parse(duplicateEnvelope).contact;
      return found ? getContact(found.id) : null;
    },

    async listChangedSince(input: ListChangedSinceInput): Promise<Page<RemoteContact>> {
      const pageLimit = Math.min(Math.max(input.limit ?? GHL_SEARCH_PAGE_MAX, 1), GHL_SEARCH_PAGE_MAX);
      const body: Record<string, unknown> = {
        locationId,
        pageLimit,
        filters: input.since ? [{ field: "dateUpdated", operator: "range", value: { gte: input.since } }] : [],
        sort: [{ field: "dateUpdated", direction: "asc" }],
      };
      // searchAfter (not page) so paging is not capped at 10,000 records
      if (input.cursor) body["searchAfter"] = decodeCursor(input.cursor);
      const res = await call({ method: "POST", url: "/contacts/search", json: body, operation: "contacts.search" });
      const { contacts: rows } = res.parse(searchEnvelope);
      const last = rows.at(-1);
      const nextValues = last ? (last.searchAfter ?? [Date.parse(last.dateUpdated ?? "") || 0, last.id]) : null;
      return {
        // lead status lives on opportunities: one extra call per contact would blow the burst budget, so
        // pulls leave it out and Opportunity* webhooks carry it instead
        items: rows.map((c) => ghlContactToRemote(c)),
        nextCursor: rows.length === pageLimit && nextValues ? encodeCursor(nextValues) : null,
      };
    },

    async create(fields) {
      const res = await call({
        method: "POST",
        url: "/contacts/",
        json: { locationId, ...hubContactToGhl(fields) },
        operation: "contacts.create",
      });
      const { contact } = res.parse(contactEnvelope);
      const leadStatus = await applyLeadStatus(contact.id, fields.leadStatus);
      return ghlContactToRemote(contact, { leadStatus });
    },

    async update(externalId, fields) {
      const res = await call({
        method: "PUT",
        url: `/contacts/${encodeURIComponent(externalId)}`,
        json: hubContactToGhl(fields),
        operation: "contacts.update",
      });
      const { contact } = res.parse(contactEnvelope);
      const leadStatus = await applyLeadStatus(contact.id, fields.leadStatus);
      return ghlContactToRemote(contact, { leadStatus });
    },

    async upsert(fields: HubContact) {
      const res = await call({
        method: "POST",
        url: "/contacts/upsert",
        json: { locationId, ...hubContactToGhl(fields) },
        operation: "contacts.upsert",
      });
      const parsed = res.parse(upsertEnvelope);
      const leadStatus = await applyLeadStatus(parsed.contact.id, fields.leadStatus);
      return { contact: ghlContactToRemote(parsed.contact, { leadStatus }), created: parsed.new };
    },

    async delete(externalId) {
      try {
        await call({ method: "DELETE", url: `/contacts/${encodeURIComponent(externalId)}`, operation: "contacts.delete" });
      } catch (err) {
        // already gone is what the caller wanted
        if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") return;
        throw err;
      }
    },
  };

  const appointments: GhlClient["appointments"] = {
    async get(externalId) {
      try {
        const res = await call(
          { url: `/calendars/events/appointments/${encodeURIComponent(externalId)}`, operation: "appointments.get" },
          GHL_CALENDARS_API_VERSION,
        );
        const parsed = res.parse(eventEnvelope);
        const appointment = parsed.event ?? parsed.appointment;
        return appointment ? ghlAppointmentToRemote(appointment) : null;
      } catch (err) {
        if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") return null;
        throw err;
      }
    },
    async list(input) {
      const res = await call(
        {
          url: "/calendars/events",
          query: {
            locationId,
            calendarId: input.calendarId,
            userId: input.userId,
            groupId: input.groupId,
            startTime: String(toMillis(input.start)),
            endTime: String(toMillis(input.end)),
          },
          operation: "appointments.list",
        },
        GHL_CALENDARS_API_VERSION,
      );
      return res
        .parse(eventsEnvelope)
        .events.map(ghlAppointmentToRemote)
        .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
    },
    // GHL lists events by start time only; changes are found by listing the configured calendar's window
    // (30 days back, 90 ahead) and keeping what changed since.
    async listChangedSince(input) {
      const calendarId = typeof ctx.config["calendarId"] === "string" ? ctx.config["calendarId"] : undefined;
      if (!calendarId) return { items: [], nextCursor: null };
      const now = ctx.now().getTime();
      const all = await appointments.list({ calendarId, start: now - 30 * 86_400_000, end: now + 90 * 86_400_000 });
      const since = input.since ? Date.parse(input.since) : -Infinity;
      const items = all
        .filter((a) => Date.parse(a.remoteUpdatedAt ?? "") >= since)
        .sort((a, b) => Date.parse(a.remoteUpdatedAt ?? "") - Date.parse(b.remoteUpdatedAt ?? ""));
      return { items, nextCursor: null };
    },
  };

  const calendars: GhlClient["calendars"] = {
    async freeSlots(input) {
      const res = await call(
        {
          url: `/calendars/${encodeURIComponent(input.calendarId)}/free-slots`,
          query: {
            startDate: toMillis(input.start),
            endDate: toMillis(input.end),
            timezone: input.timezone,
            userId: input.userId,
          },
          operation: "calendars.freeSlots",
        },
        GHL_CALENDARS_API_VERSION,
      );
      const body = res.json();
      const out: FreeSlots = {};
      // the body is keyed by date ("2024-10-28": {slots: [...]}); other keys (traceId) are not dates
      for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) continue;
        const parsed = z.object({ slots: z.array(z.string()) }).loose().safeParse(value);
        if (parsed.success) out[key] = parsed.data.slots;
      }
      return out;
    },
    async blockSlot(input) {
      if ((input.calendarId === undefined) === (input.assignedUserId === undefined)) {
        throw new AppError("VALIDATION_FAILED", "A GoHighLevel block slot takes either calendarId or assignedUserId");
      }
      const res = await call(
        {
          method: "POST",
          url: "/calendars/events/block-slots",
          json: { locationId, ...input },
          operation: "calendars.blockSlot",
        },
        GHL_CALENDARS_API_VERSION,
      );
      return res.parse(blockSlotSchema);
    },
  };

  return {
    locationId,
    async verifyCredentials(): Promise<VerifiedAccount> {
      // contacts.readonly is a scope Switchboard needs anyway, so this proves the token and the location
      await call({
        method: "POST",
        url: "/contacts/search",
        json: { locationId, pageLimit: 1 },
        operation: "verify",
      });
      return { accountId: locationId, metadata: { locationId } };
    },
    contacts,
    opportunities,
    appointments,
    calendars,
    objects: { opportunities: opportunities as RecordsApi<unknown, unknown>, appointments: appointments as RecordsApi<unknown, unknown> },
  };
}
