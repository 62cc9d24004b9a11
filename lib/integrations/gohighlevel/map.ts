// GoHighLevel (LeadConnector v2) records <-> raw records, custom-field definitions <-> field
// descriptions, write bodies, and the template's default mappings. Pure: the client decides which
// requests to make, this file only translates shapes.
//
// Raw contact fields are the contact's own top-level keys (firstName, email, companyName, dnd, tags, ...)
// plus one key per custom field: its id (GHL reads custom values as [{id, value}]). GHL keeps a lead's
// status on its opportunities, not on the contact: the client adds it as the virtual field
// `opportunityStatus` (the status of the contact's most recently changed opportunity) on single-record
// reads and writes, and writing it moves that opportunity's status.
import { z } from "zod";
import type { DefaultMapping, FieldMappingRule } from "@/lib/integrations/field-mapping";
import type { LeadStatus } from "@/lib/records/hub-contact";
import type { FieldDescription, FieldMap, FieldType, FieldValue, NewFieldInput, RawRecord } from "@/lib/integrations/object-contract";

const nullishString = z.string().nullish();

/** `customFields` on a read: `[{id, value}]`; the value's type depends on the field's type. */
export const ghlCustomFieldValueSchema = z.object({ id: z.string(), value: z.unknown().optional() }).loose();

/** A contact as GET /contacts/{id}, search results and Contact* webhooks carry it. Unknown keys are kept. */
export const ghlContactSchema = z
  .object({
    id: z.string(),
    locationId: z.string().optional(),
    firstName: nullishString,
    lastName: nullishString,
    email: nullishString,
    customFields: z.array(ghlCustomFieldValueSchema).nullish(),
    dateAdded: nullishString,
    dateUpdated: nullishString,
  })
  .loose();
export type GhlContact = z.infer<typeof ghlContactSchema>;

/** Opportunity statuses in LeadConnector v2 (`status` on opportunities and OpportunityStatusUpdate). */
export const ghlOpportunityStatuses = ["open", "won", "lost", "abandoned"] as const;
export type GhlOpportunityStatus = (typeof ghlOpportunityStatuses)[number];

export const ghlOpportunitySchema = z
  .object({
    id: z.string(),
    name: nullishString,
    status: z.string().nullish(),
    contactId: nullishString,
    lastStatusChangeAt: nullishString,
    updatedAt: nullishString,
    createdAt: nullishString,
    dateAdded: nullishString,
  })
  .loose();
export type GhlOpportunity = z.infer<typeof ghlOpportunitySchema>;

export const ghlAppointmentSchema = z
  .object({ id: z.string(), startTime: z.string(), dateAdded: nullishString, dateUpdated: nullishString })
  .loose();
export type GhlAppointment = z.infer<typeof ghlAppointmentSchema>;

export const ghlCalendarSchema = z.object({ id: z.string(), name: nullishString, dateUpdated: nullishString, updatedAt: nullishString }).loose();
export type GhlCalendar = z.infer<typeof ghlCalendarSchema>;

export const ghlBlockSlotSchema = z.object({ id: z.string(), startTime: z.union([z.string(), z.number()]) }).loose();
export type GhlBlockSlot = z.infer<typeof ghlBlockSlotSchema>;

// ---------------------------------------------------------------------------------------------------
// Raw records

/** Search helpers GHL adds to search rows and the sort cursor: not contact data. */
const SEARCH_ONLY_KEYS = new Set(["searchAfter", "firstNameLowerCase", "lastNameLowerCase", "fullNameLowerCase", "emailLowerCase", "businessName"]);

/** The virtual contact field carrying the lead status (see the file comment). */
export const OPPORTUNITY_STATUS_FIELD = "opportunityStatus";

function isoOrNull(v: unknown): string | null {
  if (typeof v !== "string" && typeof v !== "number") return null;
  const t = typeof v === "number" ? v : Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function toFieldValue(v: unknown): FieldValue {
  if (v === undefined) return null;
  // JSON values from a parsed body are already FieldValues
  return v as FieldValue;
}

/** A contact as a raw record: top-level keys, custom values by field id, lower-cased search helpers dropped. */
export function ghlContactToRaw(contact: GhlContact, extra: FieldMap = {}): RawRecord {
  const fields: FieldMap = {};
  for (const [k, v] of Object.entries(contact)) {
    if (k === "id" || k === "customFields" || SEARCH_ONLY_KEYS.has(k)) continue;
    fields[k] = toFieldValue(v);
  }
  // search rows carry only the lower-cased names when the proper-case ones are missing
  if (fields["firstName"] === undefined && typeof contact["firstNameLowerCase"] === "string") fields["firstName"] = contact["firstNameLowerCase"];
  if (fields["lastName"] === undefined && typeof contact["lastNameLowerCase"] === "string") fields["lastName"] = contact["lastNameLowerCase"];
  for (const cf of contact.customFields ?? []) fields[cf.id] = toFieldValue(cf.value);
  Object.assign(fields, extra);
  return { externalId: contact.id, remoteUpdatedAt: isoOrNull(contact.dateUpdated ?? contact.dateAdded), fields };
}

/** Any GHL record whose own keys are its fields (opportunities, appointments, calendars, block slots). */
export function ghlFlatToRaw(record: { id: string } & Record<string, unknown>, updatedKeys: readonly string[]): RawRecord {
  const { id, ...rest } = record;
  const fields: FieldMap = {};
  for (const [k, v] of Object.entries(rest)) fields[k] = toFieldValue(v);
  const updated = updatedKeys.map((k) => record[k]).find((v) => v !== undefined && v !== null);
  return { externalId: id, remoteUpdatedAt: isoOrNull(updated), fields };
}

export const OPPORTUNITY_UPDATED_KEYS = ["updatedAt", "lastStatusChangeAt", "createdAt", "dateAdded"] as const;
export const APPOINTMENT_UPDATED_KEYS = ["dateUpdated", "dateAdded"] as const;
export const CALENDAR_UPDATED_KEYS = ["dateUpdated", "updatedAt", "dateAdded"] as const;

// ---------------------------------------------------------------------------------------------------
// Write bodies

/** The keys of `UpsertContactDto` / `UpdateContactDto` (besides locationId, customFields). */
export const GHL_CONTACT_WRITABLE = [
  "firstName", "lastName", "name", "email", "gender", "phone", "address1", "city", "state", "postalCode",
  "website", "timezone", "dnd", "dndSettings", "inboundDndSettings", "tags", "source", "dateOfBirth", "country",
  "companyName", "assignedTo",
] as const;
const WRITABLE = new Set<string>(GHL_CONTACT_WRITABLE);

/** Keys GHL sets itself: a raw record written back carries them, the API refuses them. */
const CONTACT_READ_ONLY = new Set([
  "id", "locationId", "type", "dateAdded", "dateUpdated", "attachments", "keyword", "lastActivity", "businessId",
  "attributionSource", "lastAttributionSource", "visitorId", "followers", "validEmail", "additionalEmails",
  "additionalPhones", "createdBy", "emailLowerCase", "dndSettings.updatedAt",
  ...SEARCH_ONLY_KEYS,
]);

/** A custom field named by id (20 characters) or by field key ("contact.favourite_colour"). */
function isCustomKey(key: string): boolean {
  return key.startsWith("contact.") || /^[A-Za-z0-9]{15,32}$/.test(key);
}

export type GhlCustomFieldInput = { id: string; field_value: FieldValue } | { key: string; field_value: FieldValue };
export type GhlContactBody = Record<string, FieldValue | GhlCustomFieldInput[]>;

/**
 * The write body for create, update and upsert from provider keys. Only the keys present are written:
 * null clears, `tags` replaces all tags (as GHL documents). The virtual opportunityStatus is not part of
 * the contact (the client moves the opportunity); read-only keys are dropped; any other key is a custom field.
 */
export function fieldsToGhlContact(fields: FieldMap): { body: GhlContactBody; opportunityStatus?: FieldValue } {
  const body: GhlContactBody = {};
  const custom: GhlCustomFieldInput[] = [];
  let opportunityStatus: FieldValue | undefined;
  for (const [k, v] of Object.entries(fields)) {
    if (k === OPPORTUNITY_STATUS_FIELD) opportunityStatus = v;
    // dnd is a boolean: unknown consent (null) is not written (GoHighLevel refuses null)
    else if (k === "dnd" && v === null) continue;
    // no tags is an empty list (GoHighLevel refuses null tags)
    else if (WRITABLE.has(k)) body[k] = k === "email" && typeof v === "string" ? v.trim().toLowerCase() : k === "tags" && v === null ? [] : v;
    else if (CONTACT_READ_ONLY.has(k)) continue;
    else if (isCustomKey(k)) custom.push(k.startsWith("contact.") ? { key: k, field_value: v } : { id: k, field_value: v });
  }
  if (custom.length) body["customFields"] = custom;
  return opportunityStatus === undefined ? { body } : { body, opportunityStatus };
}

/** Keys of a FieldMap a create / update would refuse: neither standard, nor read-only, nor a custom-field id/key. */
export function unknownContactKeys(fields: FieldMap): string[] {
  return Object.keys(fields).filter((k) => k !== OPPORTUNITY_STATUS_FIELD && !WRITABLE.has(k) && !CONTACT_READ_ONLY.has(k) && !isCustomKey(k));
}

/** The most recently changed opportunity decides a contact's lead status (null: none). */
export function latestOpportunity(opportunities: readonly GhlOpportunity[]): GhlOpportunity | null {
  let latest: GhlOpportunity | null = null;
  let latestAt = -Infinity;
  for (const opp of opportunities) {
    const parsed = Date.parse(opp.lastStatusChangeAt ?? opp.updatedAt ?? opp.createdAt ?? opp.dateAdded ?? "");
    const t = Number.isNaN(parsed) ? -Infinity : parsed;
    if (latest === null || t > latestAt) {
      latest = opp;
      latestAt = t;
    }
  }
  return latest;
}

export function isOpportunityStatus(v: unknown): v is GhlOpportunityStatus {
  return typeof v === "string" && (ghlOpportunityStatuses as readonly string[]).includes(v);
}

// ---------------------------------------------------------------------------------------------------
// Field discovery: the contact's standard fields and the location's custom fields

export const ghlCustomFieldSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    fieldKey: z.string().optional(),
    dataType: z.string(),
    model: z.string().optional(),
    picklistOptions: z.array(z.string()).nullish(),
  })
  .loose();
export type GhlCustomField = z.infer<typeof ghlCustomFieldSchema>;

type Std = { key: string; label: string; type: FieldType; readOnly?: boolean; options?: readonly string[] };

const CONTACT_STANDARD: readonly Std[] = [
  { key: "firstName", label: "First name", type: "string" },
  { key: "lastName", label: "Last name", type: "string" },
  { key: "name", label: "Full name", type: "string" },
  { key: "email", label: "Email", type: "email" },
  { key: "phone", label: "Phone", type: "phone" },
  { key: "companyName", label: "Business name", type: "string" },
  { key: "address1", label: "Street address", type: "string" },
  { key: "city", label: "City", type: "string" },
  { key: "state", label: "State", type: "string" },
  { key: "postalCode", label: "Postal code", type: "string" },
  { key: "country", label: "Country", type: "string" },
  { key: "website", label: "Website", type: "string" },
  { key: "timezone", label: "Time zone", type: "string" },
  { key: "dateOfBirth", label: "Date of birth", type: "date" },
  { key: "gender", label: "Gender", type: "string" },
  { key: "source", label: "Contact source", type: "string" },
  { key: "assignedTo", label: "Assigned user", type: "reference" },
  { key: "tags", label: "Tags", type: "multi_enum" },
  { key: "dnd", label: "Do not disturb (all channels)", type: "boolean" },
  { key: OPPORTUNITY_STATUS_FIELD, label: "Opportunity status (lead status)", type: "enum", options: ghlOpportunityStatuses },
  { key: "type", label: "Contact type", type: "string", readOnly: true },
  { key: "dateAdded", label: "Created", type: "datetime", readOnly: true },
  { key: "dateUpdated", label: "Last updated", type: "datetime", readOnly: true },
];

const opts = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

export const GHL_CONTACT_STANDARD_FIELDS: readonly FieldDescription[] = CONTACT_STANDARD.map((f) => ({
  key: f.key,
  label: f.label,
  type: f.type,
  required: false,
  readOnly: f.readOnly === true,
  ...(f.options ? { options: opts(f.options) } : {}),
  custom: false,
}));

const DATA_TYPES: Record<string, FieldType> = {
  TEXT: "string",
  LARGE_TEXT: "text",
  NUMERICAL: "number",
  FLOAT: "number",
  MONETORY: "number",
  PHONE: "phone",
  EMAIL: "email",
  DATE: "date",
  CHECKBOX: "multi_enum",
  MULTIPLE_OPTIONS: "multi_enum",
  SINGLE_OPTIONS: "enum",
  RADIO: "enum",
  TEXTBOX_LIST: "json",
  FILE_UPLOAD: "json",
  SIGNATURE: "json",
};

export function ghlCustomFieldToDescription(f: GhlCustomField): FieldDescription {
  const type = DATA_TYPES[f.dataType] ?? "string";
  const options = f.picklistOptions ?? [];
  return {
    key: f.id,
    label: f.name,
    type,
    required: false,
    // files and signatures are uploaded through GHL's forms, not written as values
    readOnly: f.dataType === "FILE_UPLOAD" || f.dataType === "SIGNATURE",
    ...((type === "enum" || type === "multi_enum") && options.length ? { options: opts(options) } : {}),
    custom: true,
  };
}

const NEW_DATA_TYPES: Record<NewFieldInput["type"], string> = {
  string: "TEXT",
  text: "LARGE_TEXT",
  number: "NUMERICAL",
  boolean: "RADIO",
  date: "DATE",
  // GHL has no date-time custom field type: a date-time is kept as text
  datetime: "TEXT",
  enum: "SINGLE_OPTIONS",
  multi_enum: "MULTIPLE_OPTIONS",
};

/** The create-custom-field body (POST /locations/{locationId}/customFields). GHL assigns id and fieldKey. */
export function newGhlCustomField(input: NewFieldInput): Record<string, unknown> {
  const dataType = NEW_DATA_TYPES[input.type];
  const options = input.type === "boolean" ? ["Yes", "No"] : (input.options ?? []).map((o) => o.value);
  return { name: input.label, dataType, model: "contact", ...(options.length ? { options } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Default mappings

/** Hub lead status -> GHL opportunity status (pull folds "abandoned" into "unqualified"). */
const LEAD_TO_OPPORTUNITY: Record<LeadStatus, GhlOpportunityStatus> = {
  new: "open",
  open: "open",
  in_progress: "open",
  qualified: "open",
  unqualified: "abandoned",
  won: "won",
  lost: "lost",
};
const OPPORTUNITY_TO_LEAD: Record<GhlOpportunityStatus, LeadStatus> = { open: "open", won: "won", lost: "lost", abandoned: "unqualified" };

export const gohighlevelContactsMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: [
    { hubField: "email", providerField: "email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "firstName", providerField: "firstName", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "lastName", providerField: "lastName", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "phone", providerField: "phone", direction: "both", transforms: [{ kind: "phoneE164" }], conflictPolicy: "last_writer_wins" },
    { hubField: "company", providerField: "companyName", direction: "both", conflictPolicy: "fill_if_empty" },
    {
      hubField: "leadStatus",
      providerField: OPPORTUNITY_STATUS_FIELD,
      direction: "both",
      transforms: [{ kind: "valueMap", push: LEAD_TO_OPPORTUNITY, pull: OPPORTUNITY_TO_LEAD }],
      conflictPolicy: "last_writer_wins",
    },
    // a user id of this location: read, never sent (another connection's owner id means nothing here)
    { hubField: "owner", providerField: "assignedTo", direction: "pull", conflictPolicy: "provider_wins" },
    { hubField: "tags", providerField: "tags", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "source", providerField: "source", direction: "both", conflictPolicy: "fill_if_empty" },
    // dnd = "do not disturb" on every channel: the opposite of consent
    { hubField: "subscribed", providerField: "dnd", direction: "both", transforms: [{ kind: "negate" }], conflictPolicy: "provider_wins" },
    { hubField: "country", providerField: "country", direction: "both", conflictPolicy: "fill_if_empty" },
    { hubField: "region", providerField: "state", direction: "both", conflictPolicy: "fill_if_empty" },
    { hubField: "postalCode", providerField: "postalCode", direction: "both", conflictPolicy: "fill_if_empty" },
    { hubField: "timezone", providerField: "timezone", direction: "both", conflictPolicy: "fill_if_empty" },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};

export const gohighlevelOpportunitiesMapping: DefaultMapping = {
  hubObject: "opportunities",
  rules: [
    { hubField: "name", providerField: "name", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "contactId", providerField: "contactId", direction: "both", conflictPolicy: "provider_wins" },
    { hubField: "pipeline", providerField: "pipelineId", direction: "both", conflictPolicy: "provider_wins" },
    { hubField: "stage", providerField: "pipelineStageId", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "status", providerField: "status", direction: "both", conflictPolicy: "last_writer_wins" },
    // GoHighLevel's monetaryValue is in currency units (250 = $250); the hub keeps money in minor units (cents)
    { hubField: "value", providerField: "monetaryValue", direction: "both", transforms: [{ kind: "scale", factor: 100 }], conflictPolicy: "last_writer_wins" },
  ],
};

/** GHL appointment statuses <-> the hub's. */
const APPOINTMENT_PUSH: Record<string, string> = { booked: "new", confirmed: "confirmed", cancelled: "cancelled", showed: "showed", no_show: "noshow" };
const APPOINTMENT_PULL: Record<string, string> = { new: "booked", booked: "booked", confirmed: "confirmed", cancelled: "cancelled", showed: "showed", noshow: "no_show", invalid: "cancelled" };

/** What an appointment and a block slot share: the title, the calendar and the time. */
const calendarEventRules: FieldMappingRule[] = [
  { hubField: "title", providerField: "title", direction: "both", conflictPolicy: "last_writer_wins" },
  { hubField: "calendar", providerField: "calendarId", direction: "both", conflictPolicy: "provider_wins" },
  { hubField: "startAt", providerField: "startTime", direction: "both", conflictPolicy: "last_writer_wins" },
  { hubField: "endAt", providerField: "endTime", direction: "both", conflictPolicy: "last_writer_wins" },
];

export const gohighlevelAppointmentsMapping: DefaultMapping = {
  hubObject: "appointments",
  rules: [
    ...calendarEventRules,
    { hubField: "contactId", providerField: "contactId", direction: "both", conflictPolicy: "provider_wins" },
    {
      hubField: "status",
      providerField: "appointmentStatus",
      direction: "both",
      transforms: [{ kind: "valueMap", push: APPOINTMENT_PUSH, pull: APPOINTMENT_PULL }],
      conflictPolicy: "last_writer_wins",
    },
    { hubField: "notes", providerField: "notes", direction: "both", conflictPolicy: "fill_if_empty" },
  ],
};

/** Block slots are appointments without a contact: the blocked time and its title. */
export const gohighlevelBlockSlotsMapping: DefaultMapping = { hubObject: "appointments", rules: calendarEventRules };

export const gohighlevelCalendarsMapping: DefaultMapping = {
  hubObject: "calendars",
  rules: [
    { hubField: "name", providerField: "name", direction: "pull", conflictPolicy: "provider_wins" },
    { hubField: "description", providerField: "description", direction: "pull", conflictPolicy: "provider_wins" },
  ],
};
