// How a record field reads on a page: money with its currency, yes/no, tags, times in UTC.
import type { FieldDescriptor, FieldValue } from "@/lib/records/record-object-definition";

export function formatUtc(iso: string | null | undefined, empty = "—"): string {
  if (!iso) return empty;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export function formatMoney(minor: number, currency: string | null): string {
  if (!currency) return (minor / 100).toFixed(2);
  try {
    const fmt = new Intl.NumberFormat("en", { style: "currency", currency });
    const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
    return fmt.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

export function formatFieldValue(field: Pick<FieldDescriptor, "kind" | "options" | "currencyField" | "consent"> | undefined, value: FieldValue, all: Record<string, FieldValue> = {}): string {
  if (value === null || value === undefined || value === "") return "—";
  switch (field?.kind) {
    case "boolean":
      if (field.consent) return value === true ? "Subscribed" : "Unsubscribed";
      return value === true ? "Yes" : "No";
    case "enum":
      return field.options?.find((o) => o.value === value)?.label ?? String(value);
    case "tags":
      return Array.isArray(value) ? value.join(", ") : String(value);
    case "money": {
      const cur = field.currencyField ? all[field.currencyField] : null;
      return typeof value === "number" ? formatMoney(value, typeof cur === "string" ? cur : null) : String(value);
    }
    case "datetime":
      return typeof value === "string" ? formatUtc(value) : String(value);
    case "json":
      return JSON.stringify(value);
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}
