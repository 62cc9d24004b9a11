// The fast checks of the common field kinds give exactly what their zod schemas give.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { bool, enumOf, fastParsers, SLOW, text } from "@/lib/records/field-schemas";
import { parseRecordPatch } from "@/lib/records/record-patch";
import { contactObject } from "@/lib/records/contact-object";

const samples: unknown[] = ["", "   ", " Ada ", "Ada", "x".repeat(200), " " + "x".repeat(200) + " ", "x".repeat(201), null, 0, 1, true, false, ["a"], { a: 1 }, "new", " new", "open", "Open", "lost"];

describe("fast field checks", () => {
  for (const [name, schema] of [["text(200)", text(200)], ["enumOf", enumOf(["new", "open", "lost"] as const)], ["bool", bool()]] as const) {
    it(`${name}: every value it decides is what zod gives; the rest go to zod`, () => {
      const fast = fastParsers.get(schema as z.ZodType)!;
      for (const v of samples) {
        const got = fast(v);
        const zod = (schema as z.ZodType).safeParse(v);
        if (got === SLOW) continue;
        expect(zod.success, `${JSON.stringify(v)}`).toBe(true);
        expect(got, `${JSON.stringify(v)}`).toEqual(zod.success ? (zod.data ?? null) : undefined);
      }
      // invalid values are never decided by the fast check
      for (const v of samples) if (!(schema as z.ZodType).safeParse(v).success) expect(fast(v)).toBe(SLOW);
    });
  }

  it("a patch parses the same and fails with the same message", () => {
    expect(parseRecordPatch(contactObject, { firstName: "  Ada ", lastName: "", leadStatus: "open", subscribed: false, company: null })).toEqual({ firstName: "Ada", lastName: null, leadStatus: "open", subscribed: false, company: null });
    expect(() => parseRecordPatch(contactObject, { leadStatus: "Open" })).toThrow(/Lead status/);
    expect(() => parseRecordPatch(contactObject, { firstName: "x".repeat(201) })).toThrow(/First name/);
  });
});
