// GoHighLevel (LeadConnector v2) records <-> the hub's canonical records. Pure functions only: the
// client decides which requests to make, this file only translates shapes.
import { z } from "zod";
import type { CountryCode } from "libphonenumber-js";
import { normalizePhone } from "@/lib/records/normalize-phone";
import type { HubContact, LeadStatus, RemoteContact } from "@/lib/records/hub-contact";

const nullishString = z.string().nullish();

/** `customFields` on a read: `[{id, value}]`; the value's type depends on the field's type. */
export const ghlCustomFieldValueSchema = z.object({ id: z.string(), value: z.unknown().optional() }).loose();

export const ghlDndChannelSchema = z.object({ status: z.string().optional() }).loose();

/** A contact as GET /contacts/{id}, search results and Contact* webhooks carry it. Unknown keys are kept. */
export const ghlContactSchema = z
  .object({
    id: z.string(),
    locationId: z.string().optional(),
    firstName: nullishString,
    lastName: nullishString,
    name: nullishString,
    // search results carry lower-cased copies; used only when the proper-case field is missing
    firstNameLowerCase: nullishString,
    lastNameLowerCase: nullishString,
    email: nullishString,
    phone: nullishString,
    companyName: nullishString,
    source: nullishString,
    assignedTo: nullishString,
    dnd: z.boolean().nullish(),
    dndSettings: z.record(z.string(), ghlDndChannelSchema).nullish(),
    tags: z.array(z.string()).nullish(),
    customFields: z.array(ghlCustomFieldValueSchema).nullish(),
    dateAdded: nullishString,
    dateUpdated: nullishString,
  })
  .loose();
export type GhlContact = z.infer<typeof ghlContactSchema>;

/** Opportunity statuses in LeadConnector v2 (`status` on opportunities and OpportunityStatusUpdate). */
export const ghlOpportunityStatuses = ["open", "won", "lost", "abandoned"] as const;
export const ghlOpportunityStatusSchema = z.enum(ghlOpportunityStatuses);
export type GhlOpportunityStatus = z.infer<typeof ghlOpportunityStatusSchema>;

export const ghlOpportunitySchema = z
  .object({
    id: z.string(),
    name: nullishString,
    status: z.string().nullish(),
    contactId: nullishString,
    pipelineId: nullishString,
    pipelineStageId: nullishString,
    monetaryValue: z.number().nullish(),
    assignedTo: nullishString,
    source: nullishString,
    lastStatusChangeAt: nullishString,
    updatedAt: nullishString,
    createdAt: nullishString,
    dateAdded: nullishString,
  })
  .loose();
export type GhlOpportunity = z.infer<typeof ghlOpportunitySchema>;

export const ghlAppointmentSchema = z
  .object({
    id: z.string(),
    calendarId: nullishString,
    contactId: nullishString,
    locationId: nullishString,
    title: nullishString,
    appointmentStatus: nullishString,
    assignedUserId: nullishString,
    address: nullishString,
    notes: nullishString,
    source: nullishString,
    startTime: z.string(),
    endTime: nullishString,
    dateAdded: nullishString,
    dateUpdated: nullishString,
  })
  .loose();
export type GhlAppointment = z.infer<typeof ghlAppointmentSchema>;

/** The hub's read-only view of a GHL appointment. */
export type RemoteAppointment = {
  externalId: string;
  calendarId: string | null;
  contactExternalId: string | null;
  title: string | null;
  status: string | null;
  startTime: string;
  endTime: string | null;
  assignedUserId: string | null;
  remoteUpdatedAt: string | null;
  raw: GhlAppointment;
};

export function opportunityStatusToLeadStatus(status: string | null | undefined): LeadStatus | null {
  switch (status) {
    case "open":
      return "open";
    case "won":
      return "won";
    case "lost":
      return "lost";
    // an abandoned opportunity is one the team gave up on without a decision from the lead
    case "abandoned":
      return "unqualified";
    default:
      return null;
  }
}

export function leadStatusToOpportunityStatus(status: LeadStatus): GhlOpportunityStatus {
  switch (status) {
    case "won":
      return "won";
    case "lost":
      return "lost";
    case "unqualified":
      return "abandoned";
    case "new":
    case "open":
    case "in_progress":
    case "qualified":
      return "open";
  }
}

/** The most recently changed opportunity decides a contact's lead status. */
export function leadStatusFromOpportunities(opportunities: readonly GhlOpportunity[]): LeadStatus | null {
  let latest: GhlOpportunity | undefined;
  let latestAt = -Infinity;
  for (const opp of opportunities) {
    const parsed = Date.parse(opp.lastStatusChangeAt ?? opp.updatedAt ?? opp.createdAt ?? opp.dateAdded ?? "");
    const t = Number.isNaN(parsed) ? -Infinity : parsed;
    if (latest === undefined || t > latestAt) {
      latest = opp;
      latestAt = t;
    }
  }
  return latest ? opportunityStatusToLeadStatus(latest.status) : null;
}

type HubCustomValue = string | number | boolean | null;

function toHubCustomValue(value: unknown): HubCustomValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  // multi-select / checkbox fields come back as string arrays
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) return value.join(", ");
  return JSON.stringify(value);
}

function subscribedFromDnd(contact: GhlContact): boolean | null {
  if (contact.dnd === true) return false;
  if (contact.dndSettings?.["Email"]?.status === "active") return false;
  if (contact.dnd === false) return true;
  return null;
}

export type GhlToHubOptions = {
  /** from the contact's opportunities; GHL contacts carry no lead status themselves */
  leadStatus?: LeadStatus | null;
  defaultCountry?: CountryCode;
  /**
   * Keep only hub fields whose GHL keys are present in the record. Webhook payloads may carry a subset
   * of the contact; a missing key there means "not sent", not "cleared".
   */
  onlyPresent?: boolean;
};

const ghlKeysByHubField: Record<Exclude<keyof HubContact, "leadStatus">, readonly string[]> = {
  firstName: ["firstName", "firstNameLowerCase"],
  lastName: ["lastName", "lastNameLowerCase"],
  email: ["email"],
  phone: ["phone"],
  company: ["companyName"],
  owner: ["assignedTo"],
  tags: ["tags"],
  customFields: ["customFields"],
  subscribed: ["dnd", "dndSettings"],
  source: ["source"],
};

export function ghlContactToHub(contact: GhlContact, options: GhlToHubOptions = {}): HubContact {
  const fields: HubContact = {
    firstName: contact.firstName ?? contact.firstNameLowerCase ?? null,
    lastName: contact.lastName ?? contact.lastNameLowerCase ?? null,
    email: contact.email ? contact.email.trim().toLowerCase() : null,
    phone: normalizePhone(contact.phone, options.defaultCountry),
    company: contact.companyName ?? null,
    owner: contact.assignedTo ?? null,
    tags: contact.tags ?? [],
    customFields: Object.fromEntries((contact.customFields ?? []).map((f) => [f.id, toHubCustomValue(f.value)])),
    subscribed: subscribedFromDnd(contact),
    source: contact.source ?? null,
  };
  if (options.leadStatus !== undefined) fields.leadStatus = options.leadStatus;
  if (options.onlyPresent) {
    for (const [hubKey, ghlKeys] of Object.entries(ghlKeysByHubField)) {
      if (!ghlKeys.some((k) => Object.hasOwn(contact, k))) delete fields[hubKey as keyof HubContact];
    }
  }
  return fields;
}

export function ghlContactToRemote(contact: GhlContact, options: GhlToHubOptions = {}): RemoteContact {
  return {
    externalId: contact.id,
    remoteUpdatedAt: contact.dateUpdated ?? contact.dateAdded ?? null,
    fields: ghlContactToHub(contact, options),
    raw: contact,
  };
}

/** The write body shared by create, update and upsert (`UpsertContactDto` minus `locationId`). */
export type GhlContactInput = {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  source?: string | null;
  assignedTo?: string | null;
  dnd?: boolean;
  tags?: string[];
  customFields?: Array<{ id: string; field_value: string | number | boolean | null } | { key: string; field_value: string | number | boolean | null }>;
};

/**
 * Only the fields present in `hub` are written: an absent field leaves GHL's value alone, a null clears
 * it. `tags` replaces all tags on update, as GHL documents.
 */
export function hubContactToGhl(hub: HubContact, options: { defaultCountry?: CountryCode } = {}): GhlContactInput {
  const out: GhlContactInput = {};
  if (hub.firstName !== undefined) out.firstName = hub.firstName;
  if (hub.lastName !== undefined) out.lastName = hub.lastName;
  if (hub.email !== undefined) out.email = hub.email;
  if (hub.phone !== undefined) out.phone = hub.phone === null ? null : normalizePhone(hub.phone, options.defaultCountry);
  if (hub.company !== undefined) out.companyName = hub.company;
  if (hub.source !== undefined) out.source = hub.source;
  if (hub.owner !== undefined) out.assignedTo = hub.owner;
  if (hub.subscribed !== undefined && hub.subscribed !== null) out.dnd = !hub.subscribed;
  if (hub.tags !== undefined) out.tags = [...hub.tags];
  if (hub.customFields !== undefined) {
    // field keys look like "contact.favourite_colour"; anything else is a field id
    out.customFields = Object.entries(hub.customFields).map(([k, v]) =>
      k.startsWith("contact.") ? { key: k, field_value: v } : { id: k, field_value: v },
    );
  }
  return out;
}

export function ghlAppointmentToRemote(appointment: GhlAppointment): RemoteAppointment {
  return {
    externalId: appointment.id,
    calendarId: appointment.calendarId ?? null,
    contactExternalId: appointment.contactId ?? null,
    title: appointment.title ?? null,
    status: appointment.appointmentStatus ?? null,
    startTime: appointment.startTime,
    endTime: appointment.endTime ?? null,
    assignedUserId: appointment.assignedUserId ?? null,
    remoteUpdatedAt: appointment.dateUpdated ?? appointment.dateAdded ?? null,
    raw: appointment,
  };
}
