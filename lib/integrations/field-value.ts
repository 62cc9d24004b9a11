// Any JSON-ish value a provider sent -> a FieldValue for a raw record (undefined as null, nested objects
// and arrays kept, anything else as a string).
import type { FieldValue } from "@/lib/integrations/object-contract";

export function toFieldValue(v: unknown): FieldValue {
  if (v === undefined) return null;
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(toFieldValue);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toFieldValue(x)]));
  return String(v);
}
