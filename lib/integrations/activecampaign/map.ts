// ActiveCampaign v3 contacts <-> raw records, AC field definitions <-> field descriptions, and the
// template's default mapping. AC keeps tags, custom field values and list memberships outside the
// contact object, so a raw record is assembled from the contact plus those (see AcContactBundle).
// Raw keys: the contact's own keys (email, firstName, lastName, phone, orgname, cdate, udate), `tags`
// (tag names), `listStatus` (the consent list's status, "1" active / "2" unsubscribed, when a consent
// list is configured) and one key per custom field: its personalisation tag, else its id. Pure: no I/O.
import { z } from "zod";
import type { DefaultMapping } from "@/lib/integrations/field-mapping";
import type { FieldDescription, FieldMap, FieldType, FieldValue, NewFieldInput, RawRecord } from "@/lib/integrations/object-contract";

const str = z.string().nullable().optional();

/** A contact as `GET /contacts/{id}` and `GET /contacts` return it (ids are strings throughout). */
export const acContactSchema = z.looseObject({
  id: z.coerce.string(),
  email: str,
  firstName: str,
  lastName: str,
  phone: str,
  orgid: z.coerce.string().nullable().optional(),
  orgname: str,
  cdate: str,
  udate: str,
  deleted: z.coerce.string().nullable().optional(),
});
export type AcContact = z.infer<typeof acContactSchema>;

export const acFieldValueSchema = z.looseObject({
  id: z.coerce.string().optional(),
  contact: z.coerce.string().optional(),
  field: z.coerce.string(),
  value: z.string().nullable(),
});
export type AcFieldValue = z.infer<typeof acFieldValueSchema>;

/** A custom field definition from `GET /fields` (its options come in the response's `fieldOptions`). */
export const acFieldSchema = z.looseObject({
  id: z.coerce.string(),
  title: z.string(),
  perstag: z.string().nullable().optional(),
  type: z.string().optional(),
  isrequired: z.coerce.string().optional(),
});
export type AcField = z.infer<typeof acFieldSchema>;

export const acFieldOptionSchema = z.looseObject({ field: z.coerce.string(), label: z.string().nullable().optional(), value: z.string() });
export type AcFieldOption = z.infer<typeof acFieldOptionSchema>;

export const acContactListSchema = z.looseObject({
  list: z.coerce.string(),
  contact: z.coerce.string().optional(),
  /** "1" = subscribed (active), "2" = unsubscribed */
  status: z.coerce.string(),
});
export type AcContactList = z.infer<typeof acContactListSchema>;

/** The contact's own keys Switchboard reads; orgname, cdate and udate are read-only. */
export const AC_STANDARD_KEYS = ["email", "firstName", "lastName", "phone", "orgname", "cdate", "udate"] as const;
export const AC_TAGS_KEY = "tags";
export const AC_LIST_STATUS_KEY = "listStatus";
const WRITABLE = new Set(["email", "firstName", "lastName", "phone"]);
const RESERVED = new Set<string>([...AC_STANDARD_KEYS, AC_TAGS_KEY, AC_LIST_STATUS_KEY, "id"]);

/** Field types whose values AC stores as `||a||b||`. */
const MULTI_TYPES = new Set(["checkbox", "multiselect", "listbox"]);

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === "" ? null : v);

/** AC dates carry the account's offset ("2024-06-01T12:00:00-05:00"); raw records use UTC ISO. */
export function acDateToIso(raw: string | null | undefined): string | null {
  const v = blankToNull(raw);
  if (v === null) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The raw key of a custom field: its personalisation tag, else its id. */
export function customFieldKey(def: AcField): string {
  const tag = def.perstag?.trim();
  return tag && !RESERVED.has(tag) ? tag : def.id;
}

/** Resolve a raw key (perstag or id, case-insensitive) to the AC field definition. */
export function resolveField(key: string, defs: readonly AcField[]): AcField | null {
  const k = key.toLowerCase();
  return defs.find((f) => f.id === key) ?? defs.find((f) => f.perstag?.toLowerCase() === k) ?? null;
}

function readValue(def: AcField | undefined, value: string | null): FieldValue {
  if (value === null || value === "") return null;
  if (def?.type && MULTI_TYPES.has(def.type)) return value.split("||").filter((s) => s !== "");
  return value;
}

function writeValue(def: AcField, value: FieldValue): string {
  if (value === null) return "";
  if (Array.isArray(value)) return value.length ? `||${value.map(String).join("||")}||` : "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export type AcContactBundle = {
  contact: AcContact;
  fieldDefs: readonly AcField[];
  fieldValues?: readonly AcFieldValue[];
  /** tag names; absent = not loaded */
  tags?: readonly string[];
  /** memberships of the configured consent list; absent = no consent list configured */
  consentList?: readonly AcContactList[];
};

/** A contact with its tags, consent status and custom field values as a raw record. */
export function acToRaw(bundle: AcContactBundle): RawRecord {
  const { contact } = bundle;
  const fields: FieldMap = {
    email: blankToNull(contact.email)?.toLowerCase() ?? null,
    firstName: blankToNull(contact.firstName),
    lastName: blankToNull(contact.lastName),
    phone: blankToNull(contact.phone),
    orgname: blankToNull(contact.orgname),
    cdate: acDateToIso(contact.cdate),
    udate: acDateToIso(contact.udate),
  };
  // AC keeps tags in the order they were added; the hub keeps them sorted: sorted here too, so an echo matches
  if (bundle.tags) fields[AC_TAGS_KEY] = [...bundle.tags].sort();
  if (bundle.consentList) fields[AC_LIST_STATUS_KEY] = bundle.consentList[0]?.status ?? null;
  if (bundle.fieldValues) {
    const byId = new Map(bundle.fieldDefs.map((d) => [d.id, d]));
    // every defined field appears, so a cleared value reads as null rather than missing
    for (const def of bundle.fieldDefs) fields[customFieldKey(def)] = null;
    for (const fv of bundle.fieldValues) {
      const def = byId.get(fv.field);
      fields[def ? customFieldKey(def) : fv.field] = readValue(def, fv.value);
    }
  }
  return { externalId: contact.id, remoteUpdatedAt: acDateToIso(contact.udate) ?? acDateToIso(contact.cdate), fields };
}

/** The request body of `POST /contacts`, `POST /contact/sync` and `PUT /contacts/{id}`. */
export type AcContactWrite = {
  contact: { email?: string; firstName?: string; lastName?: string; phone?: string; fieldValues?: { field: string; value: string }[] };
};

export type AcWritePlan = {
  body: AcContactWrite;
  /** tag names the contact must carry exactly (AC applies tags through `/contactTags`); undefined = leave tags alone */
  tags: string[] | undefined;
  /** "1" subscribe / "2" unsubscribe on the consent list; undefined = leave it alone */
  listStatus: "1" | "2" | undefined;
  /** keys that are neither standard nor a known custom field (not written) */
  unknownKeys: string[];
  /** read-only keys given (orgname, cdate, udate; not written) */
  readOnlyKeys: string[];
};

function tagList(v: FieldValue): string[] {
  if (Array.isArray(v)) return v.map((t) => String(t).trim()).filter(Boolean);
  if (typeof v === "string") return v.split(",").map((t) => t.trim()).filter(Boolean);
  return [];
}

/** A raw field map -> AC writes. Only keys present are written, so a partial write never blanks the rest. */
export function fieldsToAcWrite(fields: FieldMap, defs: readonly AcField[]): AcWritePlan {
  const contact: AcContactWrite["contact"] = {};
  const values = new Map<string, string>();
  const plan: AcWritePlan = { body: { contact }, tags: undefined, listStatus: undefined, unknownKeys: [], readOnlyKeys: [] };
  for (const [key, value] of Object.entries(fields)) {
    if (WRITABLE.has(key)) {
      const s = value === null ? "" : String(value);
      contact[key as "email"] = key === "email" ? s.trim().toLowerCase() : s;
    } else if (key === AC_TAGS_KEY) plan.tags = tagList(value);
    else if (key === AC_LIST_STATUS_KEY) {
      const s = value === null ? null : String(value);
      if (s === "1" || s === "2") plan.listStatus = s;
    } else if (RESERVED.has(key)) plan.readOnlyKeys.push(key);
    else {
      const def = resolveField(key, defs);
      if (def) values.set(def.id, writeValue(def, value));
      else plan.unknownKeys.push(key);
    }
  }
  if (values.size) contact.fieldValues = [...values].map(([field, value]) => ({ field, value }));
  if (contact.email === "") delete contact.email;
  return plan;
}

// ---------------------------------------------------------------------------------------------------
// Field discovery and creation

const AC_TYPES: Record<string, FieldType> = {
  text: "string",
  textarea: "text",
  date: "date",
  datetime: "datetime",
  dropdown: "enum",
  radio: "enum",
  checkbox: "multi_enum",
  multiselect: "multi_enum",
  listbox: "multi_enum",
  hidden: "string",
};

export function acFieldToDescription(def: AcField, options: readonly AcFieldOption[]): FieldDescription {
  const type = AC_TYPES[def.type ?? "text"] ?? "string";
  const own = options.filter((o) => o.field === def.id).map((o) => ({ value: o.value, label: o.label ?? o.value }));
  return {
    key: customFieldKey(def),
    label: def.title,
    type,
    required: def.isrequired === "1",
    readOnly: false,
    ...((type === "enum" || type === "multi_enum") && own.length ? { options: own } : {}),
    custom: true,
  };
}

/** The contact's own fields, tags and (with a consent list) its list status. */
export function acStandardFields(hasConsentList: boolean): FieldDescription[] {
  const f = (key: string, label: string, type: FieldType, extra: Partial<FieldDescription> = {}): FieldDescription => ({
    key, label, type, required: false, readOnly: false, custom: false, ...extra,
  });
  return [
    f("email", "Email", "email", { required: true }),
    f("firstName", "First name", "string"),
    f("lastName", "Last name", "string"),
    f("phone", "Phone", "phone"),
    f("orgname", "Account (organization)", "string", { readOnly: true }),
    f("cdate", "Created", "datetime", { readOnly: true }),
    f("udate", "Updated", "datetime", { readOnly: true }),
    f(AC_TAGS_KEY, "Tags", "multi_enum"),
    ...(hasConsentList
      ? [f(AC_LIST_STATUS_KEY, "Consent list status", "enum", { options: [{ value: "1", label: "Active (subscribed)" }, { value: "2", label: "Unsubscribed" }] })]
      : []),
  ];
}

const NEW_TYPES: Record<NewFieldInput["type"], string> = {
  string: "text",
  text: "textarea",
  number: "text",
  boolean: "radio",
  date: "date",
  datetime: "datetime",
  enum: "dropdown",
  multi_enum: "checkbox",
};

/** A personalisation tag from a key: upper-case letters, digits and underscores. */
export function perstagFor(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40) || "FIELD";
}

/** `POST /fields` body, and the options to add with `POST /fieldOption/bulk` afterwards. */
export function newAcField(input: NewFieldInput): { body: { field: Record<string, unknown> }; options: { label: string; value: string }[] } {
  const options =
    input.type === "boolean"
      ? [{ label: "Yes", value: "true" }, { label: "No", value: "false" }]
      : (input.options ?? []).map((o) => ({ label: o.label, value: o.value }));
  return {
    body: { field: { type: NEW_TYPES[input.type], title: input.label, descript: "", perstag: perstagFor(input.key), isrequired: 0, visible: 1 } },
    options: input.type === "enum" || input.type === "multi_enum" || input.type === "boolean" ? options : [],
  };
}

// ---------------------------------------------------------------------------------------------------
// Default mapping

export const activecampaignContactsMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: [
    { hubField: "email", providerField: "email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "firstName", providerField: "firstName", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "lastName", providerField: "lastName", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "phone", providerField: "phone", direction: "both", transforms: [{ kind: "phoneE164" }], conflictPolicy: "last_writer_wins" },
    // the contact's account name; accounts are their own AC object, so it is read only
    { hubField: "company", providerField: "orgname", direction: "pull", conflictPolicy: "fill_if_empty" },
    { hubField: "tags", providerField: AC_TAGS_KEY, direction: "both", conflictPolicy: "last_writer_wins" },
    // consent = the status on the configured consent list ("1" active, "2" unsubscribed)
    {
      hubField: "subscribed",
      providerField: AC_LIST_STATUS_KEY,
      direction: "both",
      transforms: [{ kind: "booleanString" }, { kind: "valueMap", push: { true: "1", false: "2" } }],
      conflictPolicy: "last_writer_wins",
    },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};
