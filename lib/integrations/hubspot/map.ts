// HubSpot contacts (CRM v3 SimplePublicObject: every property value a string) <-> raw records, HubSpot
// property definitions <-> field descriptions, and the template's default mapping. Pure: no I/O.
import { z } from "zod";
import type { DefaultMapping } from "@/lib/integrations/field-mapping";
import type { LeadStatus } from "@/lib/records/hub-contact";
import type { FieldDescription, FieldMap, FieldType, FieldValue, NewFieldInput, RawRecord } from "@/lib/integrations/object-contract";

export const hubspotObjectSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
  archivedAt: z.string().optional(),
});
export type HubspotObject = z.infer<typeof hubspotObjectSchema>;

/** Read on every contact even before the portal's property list is known. */
export const HUBSPOT_BASE_PROPERTIES = [
  "email", "firstname", "lastname", "phone", "mobilephone", "company", "hs_lead_status", "lifecyclestage",
  "hubspot_owner_id", "hs_email_optout", "hs_analytics_source", "createdate", "lastmodifieddate", "hs_object_id",
] as const;

const empty = (v: string | null | undefined): string | null => (v === undefined || v === null || v === "" ? null : v);

/** A HubSpot object as a raw record: every property, "" read as null. */
export function hubspotToRaw(obj: HubspotObject): RawRecord {
  const fields: FieldMap = {};
  for (const [k, v] of Object.entries(obj.properties)) fields[k] = empty(v);
  return {
    externalId: obj.id,
    remoteUpdatedAt: isoOrNull(empty(obj.properties.lastmodifieddate) ?? obj.updatedAt ?? null),
    fields,
  };
}

function isoOrNull(v: string | null): string | null {
  if (v === null) return null;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** HubSpot multi-select values are ";"-separated. */
function toPropertyValue(v: FieldValue): string {
  if (v === null) return "";
  if (Array.isArray(v)) return v.map((x) => String(x)).join(";");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/**
 * Properties to write from a raw field map. null clears (HubSpot clears on ""); the e-mail is
 * lower-cased as HubSpot stores it. Read-only properties are the caller's concern (describeFields).
 */
export function fieldsToHubspotProperties(fields: FieldMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = k === "email" ? toPropertyValue(v).trim().toLowerCase() : toPropertyValue(v);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Properties API

export const hubspotPropertySchema = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    fieldType: z.string(),
    description: z.string().optional(),
    groupName: z.string().optional(),
    options: z.array(z.object({ label: z.string(), value: z.string(), hidden: z.boolean().optional() }).passthrough()).default([]),
    hubspotDefined: z.boolean().optional(),
    calculated: z.boolean().optional(),
    hidden: z.boolean().optional(),
    modificationMetadata: z.object({ readOnlyValue: z.boolean(), readOnlyDefinition: z.boolean().optional(), archivable: z.boolean().optional() }).passthrough().optional(),
  })
  .passthrough();
export type HubspotProperty = z.infer<typeof hubspotPropertySchema>;

function fieldType(p: HubspotProperty): FieldType {
  if (p.name === "email") return "email";
  if (p.fieldType === "phonenumber") return "phone";
  switch (p.type) {
    case "number":
      return "number";
    case "bool":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "datetime";
    case "enumeration":
      if (p.fieldType === "booleancheckbox") return "boolean";
      return p.fieldType === "checkbox" ? "multi_enum" : "enum";
    default:
      return p.fieldType === "textarea" ? "text" : "string";
  }
}

export function hubspotPropertyToField(p: HubspotProperty): FieldDescription {
  const type = fieldType(p);
  const options = p.options.filter((o) => o.hidden !== true).map((o) => ({ value: o.value, label: o.label }));
  return {
    key: p.name,
    label: p.label,
    type,
    // HubSpot has no required properties on the API (a contact needs only one of email / name).
    required: false,
    readOnly: p.modificationMetadata?.readOnlyValue === true || p.calculated === true,
    ...((type === "enum" || type === "multi_enum") && options.length ? { options } : {}),
    custom: p.hubspotDefined !== true,
  };
}

const NEW_FIELD_TYPES: Record<NewFieldInput["type"], { type: string; fieldType: string }> = {
  string: { type: "string", fieldType: "text" },
  text: { type: "string", fieldType: "textarea" },
  number: { type: "number", fieldType: "number" },
  boolean: { type: "enumeration", fieldType: "booleancheckbox" },
  date: { type: "date", fieldType: "date" },
  datetime: { type: "datetime", fieldType: "date" },
  enum: { type: "enumeration", fieldType: "select" },
  multi_enum: { type: "enumeration", fieldType: "checkbox" },
};

/** The create-property body (POST /crm/v3/properties/contacts). Internal names are lower-case snake. */
export function newHubspotProperty(input: NewFieldInput): Record<string, unknown> {
  const name = input.key.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  const booleanOptions = [
    { label: "Yes", value: "true", displayOrder: 0 },
    { label: "No", value: "false", displayOrder: 1 },
  ];
  return {
    name,
    label: input.label,
    ...NEW_FIELD_TYPES[input.type],
    groupName: "contactinformation",
    options: input.type === "boolean" ? booleanOptions : (input.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Default mapping

/** Hub lead status <-> HubSpot lifecycle stage (pull also folds HubSpot's extra stages in). */
const LIFECYCLE_PUSH: Record<LeadStatus, string> = {
  new: "lead",
  open: "lead",
  in_progress: "marketingqualifiedlead",
  qualified: "salesqualifiedlead",
  unqualified: "other",
  won: "customer",
  lost: "other",
};
const LIFECYCLE_PULL: Record<string, LeadStatus> = {
  subscriber: "new",
  lead: "new",
  marketingqualifiedlead: "in_progress",
  salesqualifiedlead: "qualified",
  opportunity: "qualified",
  customer: "won",
  evangelist: "won",
  other: "lost",
};

export const hubspotContactsMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: [
    { hubField: "email", providerField: "email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "firstName", providerField: "firstname", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "lastName", providerField: "lastname", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "phone", providerField: "phone", direction: "both", transforms: [{ kind: "phoneE164" }], conflictPolicy: "last_writer_wins" },
    { hubField: "company", providerField: "company", direction: "both", conflictPolicy: "fill_if_empty" },
    {
      hubField: "leadStatus",
      providerField: "lifecyclestage",
      direction: "both",
      transforms: [{ kind: "valueMap", push: LIFECYCLE_PUSH, pull: LIFECYCLE_PULL }],
      conflictPolicy: "last_writer_wins",
    },
    { hubField: "owner", providerField: "hubspot_owner_id", direction: "both", conflictPolicy: "provider_wins" },
    // Read-only in HubSpot: the original source and the e-mail opt-out (consent goes through HubSpot's subscriptions API).
    { hubField: "source", providerField: "hs_analytics_source", direction: "pull", conflictPolicy: "fill_if_empty" },
    { hubField: "subscribed", providerField: "hs_email_optout", direction: "pull", transforms: [{ kind: "negate" }, { kind: "booleanString" }], conflictPolicy: "provider_wins" },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};
