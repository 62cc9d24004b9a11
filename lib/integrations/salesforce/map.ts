// Salesforce sObjects (flat fields, custom fields end in __c) <-> raw records, describe metadata <->
// field descriptions, and the template's default mappings for Lead and Contact. Pure: no I/O.
import { z } from "zod";
import type { DefaultMapping, FieldMappingRule } from "@/lib/integrations/field-mapping";
import type { LeadStatus } from "@/lib/records/hub-contact";
import type { FieldDescription, FieldMap, FieldType, FieldValue, RawRecord } from "@/lib/integrations/object-contract";

export const SALESFORCE_OBJECTS = ["Lead", "Contact"] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];

export const salesforceRecordSchema = z
  .object({
    attributes: z.object({ type: z.string(), url: z.string().optional() }).optional(),
    Id: z.string(),
    SystemModstamp: z.string().nullable().optional(),
  })
  .catchall(z.unknown());
export type SalesforceRecord = z.infer<typeof salesforceRecordSchema>;

/** The Lead Status picklist of the connected org's default configuration (Qualified added by the admin). */
export const LEAD_STATUS_VALUES = ["Open - Not Contacted", "Working - Contacted", "Qualified", "Closed - Converted", "Closed - Not Converted"] as const;

/** Placeholder for required fields the hub has no value for (Lead.Company, LastName). */
export const NOT_PROVIDED = "[not provided]";

/** "2024-06-01T12:00:00.000+0000" -> ISO 8601 (Z). */
export function salesforceDateToIso(v: unknown): string | null {
  if (typeof v !== "string" || !v) return null;
  const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** ISO -> a SOQL datetime literal (unquoted, UTC). */
export function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Quote a string for SOQL. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function toFieldValue(v: unknown): FieldValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.parse(JSON.stringify(v)) as FieldValue;
}

/** An sObject as a raw record: every field but `attributes`; SystemModstamp is the clock. */
export function salesforceToRaw(rec: SalesforceRecord): RawRecord {
  const fields: FieldMap = {};
  for (const [k, v] of Object.entries(rec)) if (k !== "attributes") fields[k] = toFieldValue(v);
  return { externalId: rec.Id, remoteUpdatedAt: salesforceDateToIso(rec.SystemModstamp ?? rec.LastModifiedDate), fields };
}

/** Fields Salesforce computes: never written. */
export const SALESFORCE_SYSTEM_FIELDS = new Set(["Id", "Name", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted", "CreatedById", "LastModifiedById"]);

/** A raw field map as a write body: system fields dropped, "" sent as null (Salesforce clears on null). */
export function fieldsToSalesforce(fields: FieldMap): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SALESFORCE_SYSTEM_FIELDS.has(k)) continue;
    out[k] = v === "" ? null : k === "Email" && typeof v === "string" ? v.trim().toLowerCase() : v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Describe

export const describeFieldSchema = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    nillable: z.boolean(),
    createable: z.boolean(),
    updateable: z.boolean(),
    defaultedOnCreate: z.boolean().default(false),
    custom: z.boolean(),
    picklistValues: z.array(z.object({ value: z.string(), label: z.string().nullable().optional(), active: z.boolean().default(true) }).passthrough()).default([]),
  })
  .passthrough();
export type SalesforceDescribeField = z.infer<typeof describeFieldSchema>;

const TYPES: Record<string, FieldType> = {
  string: "string", textarea: "text", email: "email", phone: "phone", url: "string", picklist: "enum", multipicklist: "multi_enum",
  boolean: "boolean", double: "number", currency: "number", int: "number", percent: "number", long: "number", date: "date",
  datetime: "datetime", reference: "reference", id: "string", address: "json",
};

export function salesforceFieldToDescription(f: SalesforceDescribeField): FieldDescription {
  const type = TYPES[f.type] ?? "string";
  const options = f.picklistValues.filter((p) => p.active).map((p) => ({ value: p.value, label: p.label ?? p.value }));
  return {
    key: f.name,
    label: f.label,
    type,
    required: !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== "boolean",
    readOnly: !f.createable && !f.updateable,
    ...(options.length ? { options } : {}),
    custom: f.custom,
  };
}

// ---------------------------------------------------------------------------------------------------
// Default mappings

const LEAD_STATUS_PUSH: Record<LeadStatus, string> = {
  new: "Open - Not Contacted",
  open: "Open - Not Contacted",
  in_progress: "Working - Contacted",
  qualified: "Qualified",
  unqualified: "Closed - Not Converted",
  won: "Closed - Converted",
  lost: "Closed - Not Converted",
};
const LEAD_STATUS_PULL: Record<string, LeadStatus> = {
  "Open - Not Contacted": "new",
  "Working - Contacted": "in_progress",
  Qualified: "qualified",
  "Closed - Converted": "won",
  "Closed - Not Converted": "lost",
};

const person: FieldMappingRule[] = [
  { hubField: "firstName", providerField: "FirstName", direction: "both", conflictPolicy: "last_writer_wins" },
  { hubField: "lastName", providerField: "LastName", direction: "both", transforms: [{ kind: "requiredPlaceholder", value: NOT_PROVIDED }], conflictPolicy: "last_writer_wins" },
  { hubField: "email", providerField: "Email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
  { hubField: "phone", providerField: "Phone", direction: "both", transforms: [{ kind: "phoneE164" }], conflictPolicy: "last_writer_wins" },
  // a User id of this org: read, never sent (another connection's owner id is not a User here)
  { hubField: "owner", providerField: "OwnerId", direction: "pull", conflictPolicy: "provider_wins" },
  { hubField: "source", providerField: "LeadSource", direction: "both", conflictPolicy: "fill_if_empty" },
  { hubField: "subscribed", providerField: "HasOptedOutOfEmail", direction: "both", transforms: [{ kind: "negate" }], conflictPolicy: "last_writer_wins" },
];

export const salesforceLeadMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: [
    ...person,
    { hubField: "company", providerField: "Company", direction: "both", transforms: [{ kind: "requiredPlaceholder", value: NOT_PROVIDED }], conflictPolicy: "fill_if_empty" },
    { hubField: "leadStatus", providerField: "Status", direction: "both", transforms: [{ kind: "valueMap", push: LEAD_STATUS_PUSH, pull: LEAD_STATUS_PULL }], conflictPolicy: "last_writer_wins" },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};

/** Contact: no Company (an Account lookup) and no Status. */
export const salesforceContactMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: person,
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};
