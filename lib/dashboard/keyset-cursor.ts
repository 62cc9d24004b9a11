// "Older" links for lists ordered by (time desc, id desc): the cursor names both, so rows that share a
// timestamp are neither skipped nor shown twice across pages. A bare ISO time (old links) still works.
import { z } from "zod";

export type Keyset = { at: Date; id: string | null };

export const keysetCursorSchema = z
  .string()
  .max(200)
  .transform((v, ctx): Keyset => {
    const [iso, id] = v.split("|", 2);
    const at = new Date(iso ?? "");
    if (!iso || Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: "custom", message: "Not a list position" });
      return z.NEVER;
    }
    return { at, id: id ? id : null };
  });

export function keysetCursor(row: { at: Date | string; id: string }): string {
  return `${typeof row.at === "string" ? row.at : row.at.toISOString()}|${row.id}`;
}

/** The rows after the cursor in (time desc, id desc) order, as a Prisma where clause. */
export function olderThan<F extends string>(field: F, k: Keyset): { OR: Record<string, unknown>[] } | Record<F, { lt: Date }> {
  if (k.id === null) return { [field]: { lt: k.at } } as Record<F, { lt: Date }>;
  return { OR: [{ [field]: { lt: k.at } }, { [field]: k.at, id: { lt: k.id } }] };
}
