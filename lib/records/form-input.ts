// A record form's text values -> field values by kind (money from "12.50" to minor units of the chosen
// currency, tags from a comma list, booleans from yes/no). Field errors name the field by its label.
import { AppError } from "@/lib/errors/app-error";
import type { FieldDescriptor, RecordData, RecordObjectDefinition } from "@/lib/records/record-object-definition";

export function currencyDigits(currency: string | null | undefined): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "12.5" -> 1250 (2 digits); null for blank; throws on anything that is not a plain decimal. */
export function parseMoney(text: string, digits: number): number | null {
  const t = text.trim().replace(/[\s,]/g, "");
  if (t === "") return null;
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) throw new Error("Enter an amount like 12.50");
  const frac = m[3] ?? "";
  if (frac.length > digits) throw new Error(`Use at most ${digits} decimal places`);
  const minor = Number(m[2]) * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
  if (!Number.isSafeInteger(minor)) throw new Error("This amount is too large");
  return m[1] ? -minor : minor;
}

/** minor units -> "12.50" for a form's input. */
export function formatMoneyInput(minor: number | null, digits: number): string {
  if (minor === null) return "";
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, "0")}`;
}

function convert(field: FieldDescriptor, raw: string, currency: string | null): unknown {
  const t = raw.trim();
  switch (field.kind) {
    case "boolean":
      return t === "true" ? true : t === "false" ? false : null;
    case "tags":
      return t === "" ? null : t.split(",").map((s) => s.trim()).filter(Boolean);
    case "money":
      return parseMoney(t, currencyDigits(currency));
    case "integer": {
      if (t === "") return null;
      if (!/^-?\d+$/.test(t)) throw new Error("Enter a whole number");
      return Number(t);
    }
    default:
      return t === "" ? null : t;
  }
}

/** The editable fields present in a form, converted; fields the form does not carry stay untouched. */
export function fieldsFromForm(def: RecordObjectDefinition, values: Record<string, string>): RecordData {
  const out: RecordData = {};
  const errors: Record<string, string> = {};
  const currency = values.currency?.trim().toUpperCase() || null;
  for (const field of def.fields) {
    if (!field.editable || !(field.key in values)) continue;
    try {
      out[field.key] = convert(field, values[field.key] ?? "", currency) as RecordData[string];
    } catch (err) {
      errors[field.key] = `${field.label}: ${err instanceof Error ? err.message : "invalid value"}`;
    }
  }
  if (Object.keys(errors).length > 0) throw new AppError("VALIDATION_FAILED", Object.values(errors)[0] ?? "Some fields are invalid", { fields: errors });
  return out;
}

/** A record's current values as the form's text inputs show them. */
export function formValuesOf(def: RecordObjectDefinition, data: RecordData): Record<string, string> {
  const out: Record<string, string> = {};
  const currency = typeof data.currency === "string" ? data.currency : null;
  for (const f of def.fields) {
    if (!f.editable) continue;
    const v = data[f.key] ?? null;
    if (v === null) out[f.key] = "";
    else if (f.kind === "money" && typeof v === "number") out[f.key] = formatMoneyInput(v, currencyDigits(currency));
    else if (f.kind === "tags" && Array.isArray(v)) out[f.key] = v.join(", ");
    else out[f.key] = typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}
