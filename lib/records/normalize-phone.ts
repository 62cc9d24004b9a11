// Phone numbers in the hub are E.164 when libphonenumber can parse them as valid, else kept as given.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export function normalizePhone(raw: unknown, defaultCountry?: CountryCode): string | null {
  let value: string | null = null;
  if (typeof raw === "string") value = raw.trim();
  else if (typeof raw === "number" || typeof raw === "bigint") value = String(raw);
  if (!value) return null;
  const key = `${defaultCountry ?? ""}|${value}`;
  const hit = recent.get(key);
  if (hit !== undefined) return hit;
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  const out = parsed?.isValid() ? parsed.number : value;
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, out);
  return out;
}

/**
 * Parsing is the costly part (libphonenumber's metadata walk): one record's phone is normalised several
 * times on its way in (the mapping's transform, the record schema, its search terms), and a pulled page
 * parses hundreds. A pure function of its input, so recent answers are kept (bounded).
 */
const recent = new Map<string, string>();
const RECENT_MAX = 2000;
