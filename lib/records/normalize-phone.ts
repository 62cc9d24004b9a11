// Phone numbers in the hub are E.164 when libphonenumber can parse them as valid, else kept as given.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export function normalizePhone(raw: unknown, defaultCountry?: CountryCode): string | null {
  let value: string | null = null;
  if (typeof raw === "string") value = raw.trim();
  else if (typeof raw === "number" || typeof raw === "bigint") value = String(raw);
  if (!value) return null;
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  return parsed?.isValid() ? parsed.number : value;
}
