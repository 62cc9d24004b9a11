import { describe, expect, it } from "vitest";
import { deriveTimezone } from "@/lib/records/derive-timezone";

describe("deriveTimezone", () => {
  it("uses the ZIP code, then the region, then a single-zone country", () => {
    expect(deriveTimezone({ country: "US", postalCode: "94105-1234", region: "NY" })).toBe("America/Los_Angeles");
    expect(deriveTimezone({ country: "us", region: "New York" })).toBe("America/New_York");
    expect(deriveTimezone({ country: "CA", region: "CA-BC" })).toBe("America/Vancouver");
    expect(deriveTimezone({ country: "DE" })).toBe("Europe/Berlin");
    expect(deriveTimezone({ country: "UA" })).toBe("Europe/Kyiv");
    expect(deriveTimezone({ country: "GB", postalCode: "SW1A 1AA" })).toBe("Europe/London");
  });

  it("answers null when the place does not decide it", () => {
    expect(deriveTimezone({ country: "US" })).toBeNull();
    expect(deriveTimezone({ country: "BR", region: "??" })).toBeNull();
    expect(deriveTimezone({ region: "CA" })).toBeNull();
    expect(deriveTimezone({ country: "XX" })).toBeNull();
  });
});
