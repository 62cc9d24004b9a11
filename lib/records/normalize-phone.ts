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
  const valid = parsed?.isValid() ? parsed : undefined;
  const out = valid ? valid.number : value;
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, out);
  if (valid) {
    if (nationals.size >= RECENT_MAX) nationals.clear();
    nationals.set(valid.number, String(valid.nationalNumber));
  }
  return out;
}

/** The national number of an E.164 number normalizePhone recently returned (its search terms need it), or undefined. */
export function nationalNumberOf(e164: string): string | undefined {
  return nationals.get(e164);
}

/**
 * Parsing is the costly part (libphonenumber's metadata walk): one record's phone is normalised several
 * times on its way in (the mapping's transform, the record schema, its search terms), and a pulled page
 * parses hundreds. A pure function of its input, so recent answers are kept (bounded).
 */
const recent = new Map<string, string>();
/** E.164 number -> national number, of the valid numbers parsed above */
const nationals = new Map<string, string>();
const RECENT_MAX = 2000;
