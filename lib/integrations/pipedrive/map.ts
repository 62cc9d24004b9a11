// Pipedrive persons (API v2, and webhook `data`) <-> raw records, person fields <-> field descriptions,
// write bodies, and the default mapping. Pure functions.
//
// Raw person fields are the person's own keys (name, first_name, last_name, emails, phones, owner_id,
// org_id, label_ids, marketing_status, ...), custom fields by their 40-character key, plus three
// virtual keys: `email` and `phone` (the primary entries of emails / phones) and `org_name` (the
// organisation's name, resolved by the client). Persons have no lead status and no source in Pipedrive.
import { z } from "zod";
import type { DefaultMapping } from "@/lib/integrations/field-mapping";
import type { FieldDescription, FieldMap, FieldType, FieldValue, NewFieldInput, RawRecord } from "@/lib/integrations/object-contract";

export const pipedriveContactPointSchema = z
  .object({ value: z.string(), primary: z.boolean().nullish(), label: z.string().nullish() })
  .loose();
export type PipedriveContactPoint = z.infer<typeof pipedriveContactPointSchema>;

export const marketingStatuses = ["no_consent", "unsubscribed", "subscribed", "archived"] as const;

export const pipedrivePersonSchema = z
  .object({
    id: z.number().int(),
    name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    owner_id: z.number().int().nullish(),
    org_id: z.number().int().nullish(),
    add_time: z.string().nullish(),
    update_time: z.string().nullish(),
    emails: z.array(pipedriveContactPointSchema).nullish(),
    phones: z.array(pipedriveContactPointSchema).nullish(),
    is_deleted: z.boolean().nullish(),
    custom_fields: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type PipedrivePerson = z.infer<typeof pipedrivePersonSchema>;

export const EMAIL = "email";
export const PHONE = "phone";
export const ORG_NAME = "org_name";

/** Pipedrive's custom field keys: 40 hex characters. */
export function isCustomFieldKey(key: string): boolean {
  return /^[0-9a-f]{40}$/.test(key);
}

function primaryValue(points: readonly PipedriveContactPoint[] | null | undefined): string | null {
  if (!points || points.length === 0) return null;
  const value = (points.find((p) => p.primary) ?? points[0])?.value.trim();
  return value ? value : null;
}

/** Webhooks type their custom values as {type, value}; REST sends the value itself (money: {value, currency}). */
function customValue(v: unknown): FieldValue {
  if (v === undefined) return null;
  if (v && typeof v === "object" && !Array.isArray(v) && "type" in v && "value" in v && typeof (v as { type: unknown }).type === "string") {
    return customValue((v as { value: unknown }).value);
  }
  // a JSON value from a parsed body
  return v as FieldValue;
}

function isoOrNull(v: unknown): string | null {
  if (typeof v !== "string") return null;
  // v1 webhook bodies print "2025-01-02 10:20:00" in UTC
  const t = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(" ", "T")}Z` : v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const DROPPED_ON_READ = new Set(["id", "custom_fields", "is_deleted"]);

/** A person as a raw record; `orgName` when the client resolved org_id (absent = unknown, so left out). */
export function pipedrivePersonToRaw(person: PipedrivePerson, options: { orgName?: string | null } = {}): RawRecord {
  const fields: FieldMap = {};
  for (const [k, v] of Object.entries(person)) if (!DROPPED_ON_READ.has(k)) fields[k] = v === undefined ? null : (v as FieldValue);
  for (const [k, v] of Object.entries(person.custom_fields ?? {})) fields[k] = customValue(v);
  if (person.emails !== undefined) fields[EMAIL] = primaryValue(person.emails);
  if (person.phones !== undefined) fields[PHONE] = primaryValue(person.phones);
  if (person.org_id === null) fields[ORG_NAME] = null;
  else if (options.orgName !== undefined) fields[ORG_NAME] = options.orgName;
  return { externalId: String(person.id), remoteUpdatedAt: isoOrNull(person.update_time ?? person.add_time), fields };
}

// ---------------------------------------------------------------------------------------------------
// Write bodies

const WRITABLE = new Set(["name", "owner_id", "org_id", "emails", "phones", "visible_to", "label_ids", "marketing_status", "job_title", "birthday", "notes", "postal_address", "im"]);
const READ_ONLY = new Set(["id", "add_time", "update_time", "is_deleted", "picture_id", "first_char", "custom_fields"]);
const INTEGER_KEYS = new Set(["owner_id", "org_id", "visible_to"]);

export type PipedriveWriteBody = Record<string, FieldValue | Record<string, FieldValue> | Array<{ value: string; primary: boolean; label: string }>>;

/** Keys a write would refuse: not a person field, not read-only, not virtual, not a custom field key. */
export function unknownPersonKeys(fields: FieldMap): string[] {
  return Object.keys(fields).filter(
    (k) => !WRITABLE.has(k) && !READ_ONLY.has(k) && !isCustomFieldKey(k) && ![EMAIL, PHONE, ORG_NAME, "first_name", "last_name"].includes(k) && !/_count$/.test(k),
  );
}

/** Replaces the primary entry and keeps the others, since a PATCH of `emails` replaces the whole list. */
function withPrimary(value: string | null, existing: readonly PipedriveContactPoint[] | null | undefined, same: (a: string, b: string) => boolean) {
  const others = (existing ?? [])
    .filter((p) => !p.primary && (value === null || !same(p.value, value)))
    .map((p) => ({ value: p.value, primary: false, label: p.label ?? "work" }));
  if (value === null) return others.map((p, i) => ({ ...p, primary: i === 0 }));
  const primaryLabel = (existing ?? []).find((p) => p.primary)?.label ?? "work";
  return [{ value, primary: true, label: primaryLabel }, ...others];
}

function splitName(name: string | null | undefined): { first: string | null; last: string | null } {
  const trimmed = name?.trim();
  if (!trimmed) return { first: null, last: null };
  const i = trimmed.indexOf(" ");
  return i === -1 ? { first: trimmed, last: null } : { first: trimmed.slice(0, i), last: trimmed.slice(i + 1).trim() || null };
}

function toInteger(v: FieldValue): FieldValue {
  return typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
}

/**
 * The AddPersonRequest / UpdatePersonRequest body from provider keys. `existing` (the person now) keeps the
 * other name half and the non-primary e-mails and phones. `org_name` is returned apart: the client finds
 * or creates the organisation. Read-only keys are dropped.
 */
export function fieldsToPipedrive(fields: FieldMap, existing: PipedrivePerson | null): { body: PipedriveWriteBody; orgName?: FieldValue } {
  const body: PipedriveWriteBody = {};
  const custom: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    // every person has an owner and a visibility: no value (a hub contact without owner) leaves Pipedrive's
    if ((k === "owner_id" || k === "visible_to") && (v === null || v === "")) continue;
    if (WRITABLE.has(k)) body[k] = INTEGER_KEYS.has(k) ? toInteger(v) : v;
    else if (isCustomFieldKey(k)) custom[k] = v;
  }
  if (("first_name" in fields || "last_name" in fields) && !("name" in fields)) {
    const current = existing ? (existing.first_name !== undefined || existing.last_name !== undefined ? { first: existing.first_name ?? null, last: existing.last_name ?? null } : splitName(existing.name)) : { first: null, last: null };
    const first = "first_name" in fields ? fields["first_name"] : current.first;
    const last = "last_name" in fields ? fields["last_name"] : current.last;
    const name = [first, last].filter((p): p is string => typeof p === "string" && p.trim() !== "").join(" ");
    // Pipedrive requires a name: never blank an existing one
    if (name !== "") body["name"] = name;
  }
  if (EMAIL in fields) {
    const v = fields[EMAIL];
    body["emails"] = withPrimary(typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : null, existing?.emails, (a, b) => a.toLowerCase() === b.toLowerCase());
  }
  if (PHONE in fields) {
    const v = fields[PHONE];
    body["phones"] = withPrimary(typeof v === "string" && v.trim() !== "" ? v.trim() : null, existing?.phones, (a, b) => a.replace(/\D/g, "") === b.replace(/\D/g, ""));
  }
  if (Object.keys(custom).length) body["custom_fields"] = custom;
  return ORG_NAME in fields ? { body, orgName: fields[ORG_NAME] ?? null } : { body };
}

// ---------------------------------------------------------------------------------------------------
// Person fields (GET / POST /api/v2/personFields)

export const pipedriveFieldSchema = z
  .object({
    field_code: z.string(),
    field_name: z.string(),
    field_type: z.string(),
    is_custom_field: z.boolean().optional(),
    options: z.array(z.object({ id: z.union([z.number(), z.string(), z.boolean()]).optional(), label: z.string().optional() }).loose()).nullish(),
  })
  .loose();
export type PipedriveField = z.infer<typeof pipedriveFieldSchema>;

const FIELD_TYPES: Record<string, FieldType> = {
  varchar: "string",
  varchar_auto: "string",
  text: "text",
  int: "number",
  double: "number",
  monetary: "number",
  boolean: "boolean",
  date: "date",
  enum: "enum",
  varchar_options: "enum",
  set: "multi_enum",
  phone: "phone",
  user: "reference",
  org: "reference",
  people: "reference",
  deal: "reference",
  deals: "reference",
  status: "enum",
  visible_to: "enum",
};

/** Standard fields Pipedrive computes itself. */
const READ_ONLY_FIELDS = new Set(["add_time", "update_time", "picture_id", "first_char", "id"]);

export function pipedriveFieldToDescription(f: PipedriveField): FieldDescription {
  const type = FIELD_TYPES[f.field_type] ?? "json";
  const options = (f.options ?? []).flatMap((o) => (o.id !== undefined && o.label !== undefined ? [{ value: String(o.id), label: o.label }] : []));
  return {
    key: f.field_code,
    label: f.field_name,
    type,
    required: f.field_code === "name",
    readOnly: READ_ONLY_FIELDS.has(f.field_code) || /_count$/.test(f.field_code),
    ...((type === "enum" || type === "multi_enum") && options.length ? { options } : {}),
    custom: f.is_custom_field === true,
  };
}

/** The virtual fields every raw person carries (see the file comment). */
export const PIPEDRIVE_VIRTUAL_FIELDS: readonly FieldDescription[] = [
  { key: EMAIL, label: "Email (primary)", type: "email", required: false, readOnly: false, custom: false },
  { key: PHONE, label: "Phone (primary)", type: "phone", required: false, readOnly: false, custom: false },
  { key: ORG_NAME, label: "Organization name", type: "string", required: false, readOnly: false, custom: false },
];

const NEW_FIELD_TYPES: Record<NewFieldInput["type"], string> = {
  string: "varchar",
  text: "text",
  number: "double",
  // persons have no boolean custom type: a Yes / No option field
  boolean: "enum",
  date: "date",
  // nor a date-time one: kept as text
  datetime: "varchar",
  enum: "enum",
  multi_enum: "set",
};

/** The AddPersonFieldRequest body. Pipedrive assigns the 40-character key and the option ids. */
export function newPipedriveField(input: NewFieldInput): Record<string, unknown> {
  const field_type = NEW_FIELD_TYPES[input.type];
  const options = input.type === "boolean" ? ["Yes", "No"] : (input.options ?? []).map((o) => o.label);
  return { field_name: input.label, field_type, ...(field_type === "enum" || field_type === "set" ? { options: options.map((label) => ({ label })) } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Default mapping

export const pipedrivePersonsMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: [
    { hubField: "email", providerField: EMAIL, direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "firstName", providerField: "first_name", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "lastName", providerField: "last_name", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "phone", providerField: PHONE, direction: "both", transforms: [{ kind: "phoneE164" }], conflictPolicy: "last_writer_wins" },
    { hubField: "company", providerField: ORG_NAME, direction: "both", conflictPolicy: "fill_if_empty" },
    // owner_id is a user id (a number; the hub's owner is text) of this Pipedrive company: read, never sent,
    // since another connection's owner id means nothing here (and an unknown user id is refused)
    { hubField: "owner", providerField: "owner_id", direction: "pull", transforms: [{ kind: "numberString" }], conflictPolicy: "provider_wins" },
    {
      hubField: "subscribed",
      providerField: "marketing_status",
      direction: "both",
      // true <-> "subscribed", false <-> "unsubscribed" (archived reads as unsubscribed); unknown (null) <->
      // "no_consent": Pipedrive refuses a null status, and reading no_consent as false would make the hub
      // treat the person as unsubscribed, so a later opt-in at Pipedrive could never come in
      transforms: [
        { kind: "booleanString" },
        { kind: "valueMap", push: { true: "subscribed", false: "unsubscribed" }, pull: { subscribed: "true", unsubscribed: "false", archived: "false" } },
        { kind: "defaultValue", value: "no_consent" },
      ],
      conflictPolicy: "provider_wins",
    },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};
