import { describe, expect, it } from "vitest";
import { normalizePhone } from "@/lib/records/normalize-phone";

describe("normalizePhone", () => {
  it("returns E.164 for valid numbers, the input for unparseable ones, null for blanks", () => {
    expect(normalizePhone("+1 (415) 555-2671")).toBe("+14155552671");
    expect(normalizePhone("067 123 4567", "UA")).toBe("+380671234567");
    expect(normalizePhone("ext. 12")).toBe("ext. 12");
    expect(normalizePhone("   ")).toBeNull();
    expect(normalizePhone(null)).toBeNull();
    expect(normalizePhone(14155552671)).toBe("14155552671");
  });

  it("answers a repeated number the same way, per default country (recent answers are kept)", () => {
    expect(normalizePhone("067 123 4567", "UA")).toBe("+380671234567");
    // the same digits without a country are not a valid number: kept as given, not the UA answer
    expect(normalizePhone("067 123 4567")).toBe("067 123 4567");
    expect(normalizePhone("067 123 4567", "UA")).toBe("+380671234567");
    for (let i = 0; i < 2500; i++) normalizePhone(`+1 415 555 ${String(i).padStart(4, "0")}`);
    expect(normalizePhone("+1 (415) 555-2671")).toBe("+14155552671");
  });
});
