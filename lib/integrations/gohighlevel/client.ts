// The LeadConnector (GoHighLevel) API v2 for one location (sub-account), as raw records: contacts (advanced
// search with searchAfter for incremental pulls, upsert, custom fields), opportunities (the lead status),
// appointments (read through each calendar's event window), calendars, block slots, and free slots as a
// calendar query. Every call goes through ctx.request (auth header, token redaction, refresh on 401) with
// the `Version` header GHL requires. GHL has no batch endpoints for these objects: none are declared.
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { ChangedPage, FieldDescription, FieldMap, ObjectApi, Page, RawRecord } from "@/lib/integrations/object-contract";
import { decodeOpaque, encodeOpaque } from "@/lib/integrations/opaque-token";
import type { ConnectionContext, ProviderClient, VerifiedAccount } from "@/lib/integrations/types";
import {
  APPOINTMENT_UPDATED_KEYS,
  CALENDAR_UPDATED_KEYS,
  GHL_CONTACT_STANDARD_FIELDS,
  OPPORTUNITY_STATUS_FIELD,
  OPPORTUNITY_UPDATED_KEYS,
  fieldsToGhlContact,
  ghlAppointmentSchema,
  ghlBlockSlotSchema,
  ghlCalendarSchema,
  ghlContactSchema,
  ghlContactToRaw,
  ghlCustomFieldSchema,
  ghlCustomFieldToDescription,
  ghlFlatToRaw,
  ghlOpportunitySchema,
  isOpportunityStatus,
  latestOpportunity,
  newGhlCustomField,
  unknownContactKeys,
  type GhlOpportunity,
} from "@/lib/integrations/gohighlevel/map";
import type { GohighlevelConfig, GohighlevelCredentials } from "@/lib/integrations/gohighlevel/settings";

/** Contacts, opportunities and locations are on 2021-07-28; the calendars spec pins 2021-04-15. */
export const GHL_API_VERSION = "2021-07-28";
export const GHL_CALENDARS_API_VERSION = "2021-04-15";
/** The search page size is undocumented; 100 is the largest GHL documents anywhere (the list endpoints). */
export const GHL_SEARCH_PAGE_MAX = 100;
export const GHL_OPPORTUNITY_PAGE_MAX = 100;
/** Appointments are listed by start time: the window each pull reads around now. */
export const GHL_APPOINTMENT_WINDOW = { backMs: 30 * 86_400_000, aheadMs: 90 * 86_400_000 };
export const GHL_APPOINTMENT_PAGE_MAX = 500;

const PROVIDER = { provider: "gohighlevel" };

const contactEnvelope = z.object({ contact: ghlContactSchema }).loose();
const upsertEnvelope = z.object({ new: z.boolean(), contact: ghlContactSchema }).loose();
const searchRow = ghlContactSchema.extend({ searchAfter: z.array(z.union([z.string(), z.number()])).optional() });
const searchEnvelope = z.object({ contacts: z.array(searchRow), total: z.number().optional() }).loose();
const opportunitySearchEnvelope = z
  .object({
    opportunities: z.array(ghlOpportunitySchema),
    meta: z.object({ startAfter: z.union([z.number(), z.string()]).nullish(), startAfterId: z.string().nullish(), nextPageUrl: z.string().nullish() }).loose().optional(),
  })
  .loose();
const opportunityEnvelope = z.object({ opportunity: ghlOpportunitySchema }).loose();
const eventsEnvelope = z.object({ events: z.array(ghlAppointmentSchema).default([]) }).loose();
const eventEnvelope = z.object({ event: ghlAppointmentSchema.optional(), appointment: ghlAppointmentSchema.optional() }).loose();
const calendarsEnvelope = z.object({ calendars: z.array(ghlCalendarSchema) }).loose();
const calendarEnvelope = z.object({ calendar: ghlCalendarSchema }).loose();
const customFieldsEnvelope = z.object({ customFields: z.array(ghlCustomFieldSchema) }).loose();
const customFieldEnvelope = z.object({ customField: ghlCustomFieldSchema }).loose();

// ---------------------------------------------------------------------------------------------------
// Opaque cursors and checkpoints (base64url JSON, validated on the way back in)

const encode = encodeOpaque;
const decode = <T>(schema: z.ZodType<T>, token: string, what: string): T => decodeOpaque(schema, token, { provider: "gohighlevel", label: "GoHighLevel", what });

const searchAfterSchema = z.array(z.union([z.string(), z.number()])).min(1);
/** contacts: the keyset position (dateUpdated ms, id) of the last record returned. */
const contactCheckpointSchema = z.object({ v: z.literal(1), after: searchAfterSchema.nullable() });
/** appointments: the (updated ms, id) of the last appointment returned. */
const appointmentCheckpointSchema = z.object({ v: z.literal(1), ts: z.number(), id: z.string() }).nullable();
const opportunityCursorSchema = z.object({ startAfter: z.union([z.number(), z.string()]), startAfterId: z.string() });

const tsOf = (r: RawRecord): number => (r.remoteUpdatedAt ? Date.parse(r.remoteUpdatedAt) : 0);

// ---------------------------------------------------------------------------------------------------
// The client

export type FreeSlotsInput = {
  calendarId: string;
  /** ISO 8601 or epoch ms; GHL allows at most 31 days */
  start: string | number;
  end: string | number;
  timezone?: string;
  userId?: string;
};
/** Free slot start times by local date ("2024-10-28": ["2024-10-28T09:00:00-04:00", ...]). */
export type FreeSlots = Record<string, string[]>;

export type GhlObjects = {
  contacts: ObjectApi;
  opportunities: ObjectApi;
  appointments: ObjectApi;
  calendars: ObjectApi;
  block_slots: ObjectApi;
};

export type GhlClient = ProviderClient & {
  locationId: string;
  objects: GhlObjects;
  /** free slots of a calendar: a query, not a record type (GET /calendars/{id}/free-slots) */
  freeSlots(input: FreeSlotsInput): Promise<FreeSlots>;
};

function toMillis(value: string | number): number {
  if (typeof value === "number") return value;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new AppError("VALIDATION_FAILED", `Not a date: ${value}`, PROVIDER);
  return t;
}

/** The location a connection works on: from the OAuth token response, or entered with a Private Integration Token. */
export function ghlLocationId(ctx: Pick<ConnectionContext<GohighlevelConfig>, "metadata" | "config">): string {
  const id = ctx.metadata["locationId"] || ctx.config.locationId;
  if (!id) {
    throw new AppError("CONFIG_SCHEMA_INVALID", "GoHighLevel needs a location (sub-account) id", {
      fields: { locationId: "Required with a Private Integration Token, or install the app on a sub-account" },
    });
  }
  return id;
}

const notFound = (err: unknown): boolean => isAppError(err) && err.code === "PROVIDER_NOT_FOUND";

export function createGhlClient(ctx: ConnectionContext<GohighlevelConfig, GohighlevelCredentials>): GhlClient {
  const locationId = ghlLocationId(ctx);

  function call(req: HttpRequest, version: string = GHL_API_VERSION): Promise<HttpResponse> {
    return ctx.request({ ...req, headers: { ...req.headers, version } });
  }
  const calendarsCall = (req: HttpRequest) => call(req, GHL_CALENDARS_API_VERSION);

  async function orNull<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Opportunities (also the contacts' lead status)

  async function opportunitiesOf(contactId: string): Promise<GhlOpportunity[]> {
    const res = await call({ url: "/opportunities/search", query: { location_id: locationId, contact_id: contactId, limit: 100 }, operation: "opportunities.search" });
    return res.parse(opportunitySearchEnvelope).opportunities;
  }

  async function setOpportunityStatus(id: string, status: string): Promise<void> {
    await call({ method: "PUT", url: `/opportunities/${encodeURIComponent(id)}/status`, json: { status }, operation: "opportunities.updateStatus" });
  }

  /**
   * The contact's lead status: read from its latest opportunity, or (when `wanted` is given) moved there.
   * A contact without an opportunity has none (creating one needs a pipeline the hub does not choose).
   */
  async function leadStatusField(contactId: string, wanted?: unknown): Promise<FieldMap> {
    const latest = latestOpportunity(await opportunitiesOf(contactId));
    if (wanted !== undefined && wanted !== null) {
      if (!isOpportunityStatus(wanted)) {
        throw new AppError("PROVIDER_VALIDATION", `opportunityStatus must be one of open, won, lost, abandoned (got ${String(wanted)}).`, { ...PROVIDER, field: OPPORTUNITY_STATUS_FIELD });
      }
      if (latest && latest.status !== wanted) await setOpportunityStatus(latest.id, wanted);
      return { [OPPORTUNITY_STATUS_FIELD]: latest ? wanted : null };
    }
    return { [OPPORTUNITY_STATUS_FIELD]: latest?.status ?? null };
  }

  // ------------------------------------------------------------------------------------------------
  // Contacts

  function contactBody(fields: FieldMap) {
    const unknown = unknownContactKeys(fields);
    if (unknown.length) {
      throw new AppError("PROVIDER_VALIDATION", `GoHighLevel contacts have no field ${unknown.join(", ")}.`, { ...PROVIDER, fields: unknown });
    }
    return fieldsToGhlContact(fields);
  }

  async function search(body: Record<string, unknown>) {
    const res = await call({ method: "POST", url: "/contacts/search", json: { locationId, ...body }, operation: "contacts.search" });
    return res.parse(searchEnvelope).contacts;
  }

  const pageSize = (limit: number | undefined, max: number) => Math.min(Math.max(limit ?? max, 1), max);

  const contacts: ObjectApi = {
    async get(id) {
      const contact = await orNull(async () => (await call({ url: `/contacts/${encodeURIComponent(id)}`, operation: "contacts.get" })).parse(contactEnvelope).contact);
      return contact ? ghlContactToRaw(contact, await leadStatusField(contact.id)) : null;
    },

    async listAll({ cursor, limit }): Promise<Page<RawRecord>> {
      const pageLimit = pageSize(limit, GHL_SEARCH_PAGE_MAX);
      const rows = await search({
        pageLimit,
        sort: [{ field: "dateAdded", direction: "asc" }],
        ...(cursor ? { searchAfter: decode(searchAfterSchema, cursor, "page cursor") } : {}),
      });
      const last = rows.at(-1);
      return {
        items: rows.map((r) => ghlContactToRaw(r)),
        nextCursor: rows.length === pageLimit && last?.searchAfter ? encode(last.searchAfter) : null,
      };
    },

    // Keyset over (dateUpdated, id): searchAfter continues after the last record returned, with no
    // 10,000-record page window; the checkpoint is that position. Lead status is not in bulk pulls (one
    // opportunity search per contact would exhaust the burst budget): Opportunity* webhooks carry it.
    async listChanged({ checkpoint, limit }): Promise<ChangedPage> {
      const c = checkpoint ? decode(contactCheckpointSchema, checkpoint, "checkpoint") : { v: 1 as const, after: null };
      const pageLimit = pageSize(limit, GHL_SEARCH_PAGE_MAX);
      const lo = c.after ? Number(c.after[0]) : null;
      const rows = await search({
        pageLimit,
        filters: lo !== null && Number.isFinite(lo) ? [{ field: "dateUpdated", operator: "range", value: { gte: new Date(lo).toISOString() } }] : [],
        sort: [{ field: "dateUpdated", direction: "asc" }],
        ...(c.after ? { searchAfter: c.after } : {}),
      });
      const items = rows.map((r) => ghlContactToRaw(r));
      const last = rows.at(-1);
      const after = last ? (last.searchAfter ?? [Date.parse(last.dateUpdated ?? last.dateAdded ?? "") || 0, last.id]) : c.after;
      return { items, deleted: [], checkpoint: encode({ v: 1, after }), hasMore: rows.length === pageLimit, checkpointExpiresAt: null };
    },

    async create(fields) {
      const { body, opportunityStatus } = contactBody(fields);
      const res = await call({ method: "POST", url: "/contacts/", json: { ...body, locationId }, operation: "contacts.create" });
      const { contact } = res.parse(contactEnvelope);
      return ghlContactToRaw(contact, await leadStatusField(contact.id, opportunityStatus));
    },

    async update(id, fields) {
      const { body, opportunityStatus } = contactBody(fields);
      let contact;
      if (Object.keys(body).length) {
        const res = await call({ method: "PUT", url: `/contacts/${encodeURIComponent(id)}`, json: body, operation: "contacts.update" });
        contact = res.parse(contactEnvelope).contact;
      } else {
        contact = (await call({ url: `/contacts/${encodeURIComponent(id)}`, operation: "contacts.get" })).parse(contactEnvelope).contact;
      }
      return ghlContactToRaw(contact, await leadStatusField(contact.id, opportunityStatus));
    },

    // POST /contacts/upsert matches on e-mail, then phone, per the location's "Allow Duplicate Contact" setting.
    async upsert(fields) {
      const { body, opportunityStatus } = contactBody(fields);
      if (typeof body["email"] !== "string" || body["email"] === "") {
        throw new AppError("PROVIDER_VALIDATION", "A GoHighLevel upsert needs the e-mail address it matches on.", { ...PROVIDER, field: "email" });
      }
      const res = await call({ method: "POST", url: "/contacts/upsert", json: { ...body, locationId }, operation: "contacts.upsert" });
      const parsed = res.parse(upsertEnvelope);
      return { record: ghlContactToRaw(parsed.contact, await leadStatusField(parsed.contact.id, opportunityStatus)), created: parsed.new };
    },

    async delete(id) {
      await orNull(() => call({ method: "DELETE", url: `/contacts/${encodeURIComponent(id)}`, operation: "contacts.delete" }));
    },

    async describeFields(): Promise<FieldDescription[]> {
      const res = await call({ url: `/locations/${encodeURIComponent(locationId)}/customFields`, query: { model: "contact" }, operation: "customFields.list" });
      const custom = res.parse(customFieldsEnvelope).customFields.filter((f) => f.model === undefined || f.model === "contact");
      return [...GHL_CONTACT_STANDARD_FIELDS, ...custom.map(ghlCustomFieldToDescription)];
    },

    async createField(input) {
      const res = await call({ method: "POST", url: `/locations/${encodeURIComponent(locationId)}/customFields`, json: newGhlCustomField(input), operation: "customFields.create" });
      return ghlCustomFieldToDescription(res.parse(customFieldEnvelope).customField);
    },
  };

  // ------------------------------------------------------------------------------------------------
  // Opportunities

  const oppToRaw = (o: GhlOpportunity) => ghlFlatToRaw(o, OPPORTUNITY_UPDATED_KEYS);

  const opportunities: ObjectApi = {
    async get(id) {
      const opp = await orNull(async () => (await call({ url: `/opportunities/${encodeURIComponent(id)}`, operation: "opportunities.get" })).parse(opportunityEnvelope).opportunity);
      return opp ? oppToRaw(opp) : null;
    },

    async listAll({ cursor, limit }) {
      const pageLimit = pageSize(limit, GHL_OPPORTUNITY_PAGE_MAX);
      const at = cursor ? decode(opportunityCursorSchema, cursor, "page cursor") : null;
      const res = await call({
        url: "/opportunities/search",
        query: { location_id: locationId, limit: pageLimit, ...(at ? { startAfter: String(at.startAfter), startAfterId: at.startAfterId } : {}) },
        operation: "opportunities.search",
      });
      const body = res.parse(opportunitySearchEnvelope);
      const meta = body.meta;
      const more = body.opportunities.length === pageLimit && meta?.startAfterId && meta.startAfter !== undefined && meta.startAfter !== null;
      return {
        items: body.opportunities.map(oppToRaw),
        nextCursor: more ? encode({ startAfter: meta.startAfter, startAfterId: meta.startAfterId }) : null,
      };
    },

    async create(fields) {
      const res = await call({ method: "POST", url: "/opportunities/", json: { ...fields, locationId }, operation: "opportunities.create" });
      return oppToRaw(res.parse(opportunityEnvelope).opportunity);
    },

    async update(id, fields) {
      // an opportunity's contact is set when it is created: UpdateOpportunityDto has no contactId
      const { locationId: _ignored, id: _id, contactId: _contact, ...body } = fields;
      const res = await call({ method: "PUT", url: `/opportunities/${encodeURIComponent(id)}`, json: body, operation: "opportunities.update" });
      return oppToRaw(res.parse(opportunityEnvelope).opportunity);
    },

    async delete(id) {
      await orNull(() => call({ method: "DELETE", url: `/opportunities/${encodeURIComponent(id)}`, operation: "opportunities.delete" }));
    },
  };

  // ------------------------------------------------------------------------------------------------
  // Calendars

  const calToRaw = (c: z.infer<typeof ghlCalendarSchema>) => ghlFlatToRaw(c, CALENDAR_UPDATED_KEYS);

  async function calendarIds(): Promise<string[]> {
    if (ctx.config.calendarId) return [ctx.config.calendarId];
    const res = await calendarsCall({ url: "/calendars/", query: { locationId }, operation: "calendars.list" });
    return res.parse(calendarsEnvelope).calendars.map((c) => c.id);
  }

  const calendars: ObjectApi = {
    async get(id) {
      const cal = await orNull(async () => (await calendarsCall({ url: `/calendars/${encodeURIComponent(id)}`, operation: "calendars.get" })).parse(calendarEnvelope).calendar);
      return cal ? calToRaw(cal) : null;
    },
    // GET /calendars/ answers every calendar of the location at once (no paging).
    async listAll() {
      const res = await calendarsCall({ url: "/calendars/", query: { locationId }, operation: "calendars.list" });
      return { items: res.parse(calendarsEnvelope).calendars.map(calToRaw), nextCursor: null };
    },
  };

  // ------------------------------------------------------------------------------------------------
  // Appointments

  const apptToRaw = (a: z.infer<typeof ghlAppointmentSchema>) => ghlFlatToRaw(a, APPOINTMENT_UPDATED_KEYS);

  const appointments: ObjectApi = {
    async get(id) {
      const parsed = await orNull(async () =>
        (await calendarsCall({ url: `/calendars/events/appointments/${encodeURIComponent(id)}`, operation: "appointments.get" })).parse(eventEnvelope),
      );
      const appt = parsed?.event ?? parsed?.appointment;
      return appt ? apptToRaw(appt) : null;
    },

    // GHL lists events by start time only: every pull reads each calendar's window (30 days back, 90
    // ahead) and keeps what changed after the checkpoint, in (updated, id) order.
    async listChanged({ checkpoint, limit }) {
      const c = checkpoint ? decode(appointmentCheckpointSchema, checkpoint, "checkpoint") : null;
      const now = ctx.now().getTime();
      const all = new Map<string, RawRecord>();
      for (const calendarId of await calendarIds()) {
        const res = await calendarsCall({
          url: "/calendars/events",
          query: { locationId, calendarId, startTime: String(now - GHL_APPOINTMENT_WINDOW.backMs), endTime: String(now + GHL_APPOINTMENT_WINDOW.aheadMs) },
          operation: "appointments.list",
        });
        for (const e of res.parse(eventsEnvelope).events) all.set(e.id, apptToRaw(e));
      }
      const after = (r: RawRecord) => !c || tsOf(r) > c.ts || (tsOf(r) === c.ts && r.externalId > c.id);
      const sorted = [...all.values()].filter(after).sort((a, b) => tsOf(a) - tsOf(b) || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
      const items = sorted.slice(0, pageSize(limit, GHL_APPOINTMENT_PAGE_MAX));
      const last = items.at(-1);
      const next = last ? { v: 1, ts: tsOf(last), id: last.externalId } : c;
      return { items, deleted: [], checkpoint: encode(next), hasMore: sorted.length > items.length, checkpointExpiresAt: null };
    },

    async create(fields) {
      const res = await calendarsCall({ method: "POST", url: "/calendars/events/appointments", json: { ...fields, locationId }, operation: "appointments.create" });
      return apptToRaw(res.parse(ghlAppointmentSchema));
    },

    async update(id, fields) {
      const { id: _id, ...body } = fields;
      const res = await calendarsCall({ method: "PUT", url: `/calendars/events/appointments/${encodeURIComponent(id)}`, json: body, operation: "appointments.update" });
      return apptToRaw(res.parse(ghlAppointmentSchema));
    },

    async delete(id) {
      await orNull(() => calendarsCall({ method: "DELETE", url: `/calendars/events/${encodeURIComponent(id)}`, operation: "appointments.delete" }));
    },
  };

  // ------------------------------------------------------------------------------------------------
  // Block slots (blocked time on a calendar or a user): write-only in GHL's API

  const slotToRaw = (s: z.infer<typeof ghlBlockSlotSchema>) => ghlFlatToRaw(s, ["dateUpdated", "dateAdded"]);

  const blockSlots: ObjectApi = {
    // either calendarId or assignedUserId (GHL refuses both or neither with a 422)
    async create(fields) {
      const res = await calendarsCall({ method: "POST", url: "/calendars/events/block-slots", json: { ...fields, locationId }, operation: "blockSlots.create" });
      return slotToRaw(res.parse(ghlBlockSlotSchema));
    },
    async update(id, fields) {
      const { id: _id, ...body } = fields;
      const res = await calendarsCall({ method: "PUT", url: `/calendars/events/block-slots/${encodeURIComponent(id)}`, json: body, operation: "blockSlots.update" });
      return slotToRaw(res.parse(ghlBlockSlotSchema));
    },
    async delete(id) {
      await orNull(() => calendarsCall({ method: "DELETE", url: `/calendars/events/${encodeURIComponent(id)}`, operation: "blockSlots.delete" }));
    },
  };

  return {
    locationId,
    objects: { contacts, opportunities, appointments, calendars, block_slots: blockSlots },

    async freeSlots(input) {
      const res = await calendarsCall({
        url: `/calendars/${encodeURIComponent(input.calendarId)}/free-slots`,
        query: { startDate: toMillis(input.start), endDate: toMillis(input.end), timezone: input.timezone, userId: input.userId },
        operation: "calendars.freeSlots",
      });
      const out: FreeSlots = {};
      // keyed by date ("2024-10-28": {slots: [...]}); other keys (traceId) are not dates
      for (const [key, value] of Object.entries(res.parse(z.record(z.string(), z.unknown())))) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) continue;
        const parsed = z.object({ slots: z.array(z.string()) }).loose().safeParse(value);
        if (parsed.success) out[key] = parsed.data.slots;
      }
      return out;
    },

    async verifyCredentials(): Promise<VerifiedAccount> {
      // contacts.readonly is a scope Switchboard needs anyway, so this proves the token and the location
      await search({ pageLimit: 1 });
      return { accountId: locationId, metadata: { locationId } };
    },
  };
}
