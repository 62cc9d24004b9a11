// What the hub knows about one object kind: its fields (zod, with labels for forms and pages) and how a
// record's normalised columns (title, match keys, status, search terms) are derived from its fields.
import type { z } from "zod";
import type { RecordObject } from "@/lib/generated/prisma/enums";

export type FieldValue = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };
/** A record's fields, flat: custom fields are stored as "customFields.<key>". */
export type RecordData = Record<string, FieldValue>;

export type FieldKind =
  | "text"
  | "email"
  | "phone"
  | "enum"
  | "boolean"
  | "tags"
  | "money"
  | "integer"
  | "datetime"
  | "currency"
  | "record"
  | "json";

export type FieldDescriptor = {
  key: string;
  label: string;
  kind: FieldKind;
  /** enum options (value, label) */
  options?: readonly { value: string; label: string }[];
  /** for money fields: the field holding the ISO currency code */
  currencyField?: string;
  /** for record references: the object referenced */
  references?: RecordObject;
  /** a person can set it in the record form (structured values such as order items come from the API or a sync) */
  editable: boolean;
  /** a sync may set it to "unsubscribed" but never back: consent is only given by a person */
  consent?: boolean;
  /** required when a person creates the record */
  requiredOnCreate?: boolean;
};

export type DerivedColumns = {
  title: string;
  emailKey: string | null;
  phoneKey: string | null;
  numberKey: string | null;
  statusKey: string | null;
  /** lower-cased words to find the record by (prefix search) */
  terms: string[];
};

export type RecordObjectDefinition = {
  object: RecordObject;
  label: string;
  plural: string;
  /** URL segment under /w/<slug>/ */
  path: string;
  /** one schema per field; every value may be null (= empty) */
  fieldSchemas: Record<string, z.ZodType>;
  fields: readonly FieldDescriptor[];
  /** the fields shown as table columns (after the title) */
  listFields: readonly string[];
  /** the field a status filter applies to */
  statusField?: string;
  /** fills fields computed from others (e.g. a contact's time zone); returns only what it sets */
  derive?: (data: RecordData) => RecordData;
  /** the fields derive() may set: recomputed while their last source is "system" */
  derivedKeys?: readonly string[];
  columns: (data: RecordData) => DerivedColumns;
};

export function enumOptions<T extends string>(values: readonly T[], labels: Record<T, string>): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/** A field's value when it is a non-empty string, else null. */
export function stringField(data: RecordData, key: string): string | null {
  const v = data[key];
  return typeof v === "string" && v.length > 0 ? v : null;
}
