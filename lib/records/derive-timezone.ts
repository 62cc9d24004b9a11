// A contact's time zone when the provider gives none: from the postal code (US ZIP codes), the region
// (US states, Canadian provinces, Australian states) or the country when it has a single zone.
import { getTimezonesForCountry } from "countries-and-timezones";
import { lookup as zipTimezone } from "zipcode-to-timezone";

/** Regions of countries with several zones, keyed by their ISO 3166-2 subdivision code. */
const REGION_ZONES: Record<string, Record<string, string>> = {
  US: {
    AL: "America/Chicago", AK: "America/Anchorage", AZ: "America/Phoenix", AR: "America/Chicago", CA: "America/Los_Angeles",
    CO: "America/Denver", CT: "America/New_York", DE: "America/New_York", DC: "America/New_York", FL: "America/New_York",
    GA: "America/New_York", HI: "Pacific/Honolulu", ID: "America/Boise", IL: "America/Chicago", IN: "America/Indiana/Indianapolis",
    IA: "America/Chicago", KS: "America/Chicago", KY: "America/New_York", LA: "America/Chicago", ME: "America/New_York",
    MD: "America/New_York", MA: "America/New_York", MI: "America/Detroit", MN: "America/Chicago", MS: "America/Chicago",
    MO: "America/Chicago", MT: "America/Denver", NE: "America/Chicago", NV: "America/Los_Angeles", NH: "America/New_York",
    NJ: "America/New_York", NM: "America/Denver", NY: "America/New_York", NC: "America/New_York", ND: "America/Chicago",
    OH: "America/New_York", OK: "America/Chicago", OR: "America/Los_Angeles", PA: "America/New_York", RI: "America/New_York",
    SC: "America/New_York", SD: "America/Chicago", TN: "America/Chicago", TX: "America/Chicago", UT: "America/Denver",
    VT: "America/New_York", VA: "America/New_York", WA: "America/Los_Angeles", WV: "America/New_York", WI: "America/Chicago",
    WY: "America/Denver", PR: "America/Puerto_Rico",
  },
  CA: {
    AB: "America/Edmonton", BC: "America/Vancouver", MB: "America/Winnipeg", NB: "America/Moncton", NL: "America/St_Johns",
    NS: "America/Halifax", NT: "America/Yellowknife", NU: "America/Iqaluit", ON: "America/Toronto", PE: "America/Halifax",
    QC: "America/Toronto", SK: "America/Regina", YT: "America/Whitehorse",
  },
  AU: {
    ACT: "Australia/Sydney", NSW: "Australia/Sydney", NT: "Australia/Darwin", QLD: "Australia/Brisbane", SA: "Australia/Adelaide",
    TAS: "Australia/Hobart", VIC: "Australia/Melbourne", WA: "Australia/Perth",
  },
};

/** Full region names as people type them, mapped to their codes. */
const REGION_NAMES: Record<string, Record<string, string>> = {
  US: { CALIFORNIA: "CA", "NEW YORK": "NY", TEXAS: "TX", FLORIDA: "FL", WASHINGTON: "WA", ILLINOIS: "IL", ARIZONA: "AZ", COLORADO: "CO", HAWAII: "HI", ALASKA: "AK", OREGON: "OR", NEVADA: "NV", GEORGIA: "GA", MASSACHUSETTS: "MA", PENNSYLVANIA: "PA", OHIO: "OH", MICHIGAN: "MI", UTAH: "UT" },
  CA: { ONTARIO: "ON", QUEBEC: "QC", "BRITISH COLUMBIA": "BC", ALBERTA: "AB", MANITOBA: "MB", SASKATCHEWAN: "SK", "NOVA SCOTIA": "NS" },
  AU: { "NEW SOUTH WALES": "NSW", VICTORIA: "VIC", QUEENSLAND: "QLD", "WESTERN AUSTRALIA": "WA", "SOUTH AUSTRALIA": "SA", TASMANIA: "TAS" },
};

/** Countries with an outlying zone (islands, disputed areas) where nearly everyone lives in one. */
const MAIN_ZONE: Record<string, string> = {
  UA: "Europe/Kyiv", ES: "Europe/Madrid", PT: "Europe/Lisbon", NZ: "Pacific/Auckland", CL: "America/Santiago",
  EC: "America/Guayaquil", DK: "Europe/Copenhagen", NL: "Europe/Amsterdam", FR: "Europe/Paris",
};

export type Place = { country?: string | null; region?: string | null; postalCode?: string | null };

export function deriveTimezone(place: Place): string | null {
  const country = place.country?.trim().toUpperCase();
  if (!country) return null;
  const postal = place.postalCode?.trim();
  if (country === "US" && postal) {
    const zone = zipTimezone(postal.slice(0, 5));
    if (zone) return zone;
  }
  const regionRaw = place.region?.trim().toUpperCase();
  if (regionRaw) {
    const code = REGION_NAMES[country]?.[regionRaw] ?? regionRaw.replace(/^[A-Z]{2}-/, "");
    const zone = REGION_ZONES[country]?.[code];
    if (zone) return zone;
  }
  const main = MAIN_ZONE[country];
  if (main) return main;
  // A country whose zones all keep the same offsets (Germany: Berlin and Busingen) has one answer.
  const zones = getTimezonesForCountry(country) ?? [];
  const first = zones[0];
  if (!first) return null;
  return zones.every((z) => z.utcOffset === first.utcOffset && z.dstOffset === first.dstOffset) ? first.name : null;
}
