// Value schemas shared by the object definitions. Every field may be null (empty); strings are trimmed
// and an empty string is stored as null so "cleared" has one representation.
import { z } from "zod";

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const text = (max = 500) => z.preprocess(emptyToNull, z.string().trim().max(max).nullable());
export const email = () => z.preprocess(emptyToNull, z.string().trim().max(320).pipe(z.email({ message: "Enter a valid e-mail address" })).nullable());
export const enumOf = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(emptyToNull, z.enum(values).nullable());
export const bool = () => z.boolean().nullable();
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
