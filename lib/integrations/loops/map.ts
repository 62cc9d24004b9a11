// Loops.so contacts <-> raw records, contact properties <-> field descriptions, and the template's default
// mapping. Raw keys are the contact object's own: email, firstName, lastName, source, subscribed,
// userGroup, userId, optInStatus, `mailingLists` (the ids of the lists the contact is on) and every custom
// property at the top level. Loops keeps no "updated at", so remoteUpdatedAt is null. Pure: no I/O.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { DefaultMapping } from "@/lib/integrations/field-mapping";
import type { FieldDescription, FieldMap, FieldType, NewFieldInput, RawRecord } from "@/lib/integrations/object-contract";

export const loopsContactSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
    source: z.string().nullable().optional(),
    subscribed: z.boolean().nullable().optional(),
    userGroup: z.string().nullable().optional(),
    userId: z.string().nullable().optional(),
    mailingLists: z.record(z.string(), z.boolean()).nullable().optional(),
    optInStatus: z.enum(["accepted", "pending", "rejected"]).nullable().optional(),
  })
  .catchall(z.unknown());
export type LoopsContact = z.infer<typeof loopsContactSchema>;

export const loopsPropertySchema = z.looseObject({ key: z.string(), label: z.string(), type: z.string() });
export type LoopsProperty = z.infer<typeof loopsPropertySchema>;

export const loopsListSchema = z.looseObject({ id: z.string(), name: z.string(), description: z.string().nullable().optional(), isPublic: z.boolean().optional() });
export type LoopsList = z.infer<typeof loopsListSchema>;

export const MAILING_LISTS_KEY = "mailingLists";
/** Loops' own contact keys that are not writable. */
const READ_ONLY = new Set(["id", "optInStatus", "createdAt"]);
/** Loops rejects string values longer than this. */
export const MAX_STRING_LENGTH = 500;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A Loops contact as a raw record (mailing lists as the ids of the lists it is on). */
export function loopsToRaw(contact: LoopsContact): RawRecord {
  const fields: FieldMap = {};
  for (const [key, value] of Object.entries(contact)) {
    if (key === "id") continue;
    if (key === MAILING_LISTS_KEY) {
      fields[key] = Object.entries(contact.mailingLists ?? {}).filter(([, on]) => on).map(([id]) => id);
      continue;
    }
    const v = scalar.safeParse(value);
    if (v.success) fields[key] = v.data;
  }
  if (typeof fields.email === "string") fields.email = fields.email.toLowerCase();
  return { externalId: contact.id, remoteUpdatedAt: null, fields };
}

/** Body of `POST /v1/contacts/create` and `PUT /v1/contacts/update`. */
export type LoopsContactWrite = Record<string, string | number | boolean | null | Record<string, boolean>>;

/**
 * A raw field map -> a Loops write body. `mailingLists` given as ids means "exactly these lists": the
 * other known lists are sent as false (unsubscribed); an object is sent as it is.
 */
export function fieldsToLoops(fields: FieldMap, knownListIds: readonly string[] = []): LoopsContactWrite {
  const body: LoopsContactWrite = {};
  for (const [key, value] of Object.entries(fields)) {
    if (READ_ONLY.has(key)) continue;
    // Loops takes only true/false here: a record that says nothing about consent leaves Loops' value alone
    if (key === "subscribed" && value === null) continue;
    if (key === MAILING_LISTS_KEY) {
      if (Array.isArray(value)) {
        const on = new Set(value.map(String));
        body[key] = Object.fromEntries([...new Set([...knownListIds, ...on])].map((id) => [id, on.has(id)]));
      } else if (value && typeof value === "object") {
        body[key] = Object.fromEntries(Object.entries(value).map(([id, v]) => [id, v === true]));
      }
      continue;
    }
    if (value !== null && typeof value === "object") body[key] = JSON.stringify(value).slice(0, MAX_STRING_LENGTH);
    else body[key] = typeof value === "string" ? (key === "email" ? value.trim().toLowerCase() : value.slice(0, MAX_STRING_LENGTH)) : value;
  }
  return body;
}

// ---------------------------------------------------------------------------------------------------
// Properties

const TYPES: Record<string, FieldType> = { string: "string", number: "number", boolean: "boolean", date: "date" };

export function loopsPropertyToField(p: LoopsProperty, custom: boolean): FieldDescription {
  return {
    key: p.key,
    label: p.label,
    type: p.key === "email" ? "email" : (TYPES[p.type] ?? "string"),
    required: p.key === "email",
    readOnly: READ_ONLY.has(p.key),
    custom,
  };
}

export function mailingListsField(lists: readonly LoopsList[]): FieldDescription {
  return {
    key: MAILING_LISTS_KEY,
    label: "Mailing lists",
    type: "multi_enum",
    required: false,
    readOnly: false,
    ...(lists.length ? { options: lists.map((l) => ({ value: l.id, label: l.name })) } : {}),
    custom: false,
  };
}

const NEW_TYPES: Partial<Record<NewFieldInput["type"], string>> = { string: "string", text: "string", number: "number", boolean: "boolean", date: "date", datetime: "date", enum: "string" };

/** A camelCase property name from a key ("favourite colour" -> "favouriteColour"), as Loops names properties. */
export function loopsPropertyName(key: string): string {
  const words = key.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[A-Za-z]/.test(name) ? name : `p${name}`;
}

/** The label Loops shows for a property it was given only the name of ("favouriteColour" -> "Favourite Colour"). */
export function loopsPropertyLabel(name: string): string {
  return name.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());
}

/** `POST /v1/contacts/properties` body; Loops properties are string, number, boolean or date. */
export function newLoopsProperty(input: NewFieldInput): { name: string; type: string } {
  const type = NEW_TYPES[input.type];
  if (!type) throw new AppError("PROVIDER_VALIDATION", `Loops properties are text, number, yes/no or date; it has no ${input.type} properties.`, { provider: "loops", field: "type" });
  return { name: loopsPropertyName(input.key), type };
}

// ---------------------------------------------------------------------------------------------------
// Default mapping

export const loopsContactsMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: [
    { hubField: "email", providerField: "email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "firstName", providerField: "firstName", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "lastName", providerField: "lastName", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "subscribed", providerField: "subscribed", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "source", providerField: "source", direction: "both", conflictPolicy: "fill_if_empty" },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};
