// Value schemas shared by the object definitions. Every field may be null (empty); strings are trimmed
// and an empty string is stored as null so "cleared" has one representation.
import { z } from "zod";

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** "Not decided here": the value goes through its zod schema (which also words the error). */
export const SLOW = Symbol("slow");
/**
 * Schema -> a plain function giving the same result as the schema for the values it decides, SLOW for
 * the others (invalid ones among them). A pulled page validates every field of hundreds of records; the
 * common fields (text, enums, booleans) skip zod's machinery. See parseRecordPatch.
 */
export const fastParsers = new WeakMap<z.ZodType, (v: unknown) => unknown>();
function withFast<S extends z.ZodType>(schema: S, fast: (v: unknown) => unknown): S {
  fastParsers.set(schema, fast);
  return schema;
}

export const text = (max = 500) =>
  withFast(z.preprocess(emptyToNull, z.string().trim().max(max).nullable()), (v) => {
    if (v === null) return null;
    if (typeof v !== "string") return SLOW;
    const t = v.trim();
    return t === "" ? null : t.length <= max ? t : SLOW;
  });
export const email = () => z.preprocess(emptyToNull, z.string().trim().max(320).pipe(z.email({ message: "Enter a valid e-mail address" })).nullable());
export const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  withFast(z.preprocess(emptyToNull, z.enum(values).nullable()), (v) => {
    if (v === null) return null;
    if (typeof v !== "string") return SLOW;
    return v.trim() === "" ? null : (values as readonly string[]).includes(v) ? v : SLOW;
  });
export const bool = () => withFast(z.boolean().nullable(), (v) => (v === null || typeof v === "boolean" ? v : SLOW));
export const int = () => z.number().int().min(-9_007_199_254_740_991).max(9_007_199_254_740_991).nullable();
/** Money in minor units (cents) of the record's currency. */
export const money = () => z.number().int().nullable();
export const currency = () => z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() || null : v), z.string().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code").nullable());
export const isoDateTime = () => z.preprocess(emptyToNull, z.iso.datetime({ offset: true }).nullable());
export const tags = () =>
  z
    .array(z.string().trim().min(1).max(100))
    .max(200)
    // no tags is null, like a cleared text: one representation, so [] from a provider changes nothing
    .transform((list) => (list.length > 0 ? [...new Set(list)].sort() : null))
    .nullable();
export const customValue = () => z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]);
export const CUSTOM_PREFIX = "customFields.";
