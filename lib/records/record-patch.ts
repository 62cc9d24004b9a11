// Validates a set of field changes for an object: known fields through their schemas, custom fields
// (flat "customFields.<key>" or a nested customFields object) as scalars. The result is flat.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { CUSTOM_PREFIX, customValue, fastParsers, SLOW } from "@/lib/records/field-schemas";
import type { FieldValue, RecordData, RecordObjectDefinition } from "@/lib/records/record-object-definition";

const CUSTOM_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;
const MAX_CUSTOM_FIELDS = 200;

export function parseRecordPatch(def: RecordObjectDefinition, input: Record<string, unknown>): RecordData {
  const out: RecordData = {};
  const fieldErrors: Record<string, string> = {};
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === "customFields" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) entries.push([CUSTOM_PREFIX + k, v]);
    } else entries.push([key, value]);
  }
  let customCount = 0;
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (key.startsWith(CUSTOM_PREFIX)) {
      const name = key.slice(CUSTOM_PREFIX.length);
      customCount++;
      if (!CUSTOM_KEY.test(name)) fieldErrors[key] = "Custom field names use letters, digits, _ . and -";
      const parsed = customValue().safeParse(value);
      if (!parsed.success) fieldErrors[key] = "A custom field holds text, a number, true/false or nothing";
      else out[key] = typeof parsed.data === "string" && parsed.data.trim() === "" ? null : parsed.data;
      continue;
    }
    const schema = def.fieldSchemas[key];
    if (!schema) {
      fieldErrors[key] = `${def.label} has no field "${key}"`;
      continue;
    }
    const fastParse = fastParsers.get(schema);
    const fast = fastParse ? fastParse(value) : SLOW;
    if (fast !== SLOW) {
      out[key] = fast as FieldValue;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const label = def.fields.find((f) => f.key === key)?.label ?? key;
      fieldErrors[key] = `${label}: ${parsed.error.issues[0]?.message ?? "invalid value"}`;
    } else out[key] = (parsed.data ?? null) as FieldValue;
  }
  if (customCount > MAX_CUSTOM_FIELDS) fieldErrors.customFields = `At most ${MAX_CUSTOM_FIELDS} custom fields`;
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError("VALIDATION_FAILED", Object.values(fieldErrors)[0] ?? "Some fields are invalid", { fields: fieldErrors });
  }
  return out;
}

/** A loose input (form data, API body) as a plain object, or a 422. */
export const recordInputSchema = z.record(z.string(), z.unknown());
