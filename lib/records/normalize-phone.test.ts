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
});
