import { z } from "zod";

export const RESERVED_SLUGS = new Set(["new", "api", "admin", "settings", "sandbox", "w", "invite", "sign-in", "sign-up"]);

export const slugSchema = z
  .string()
  .trim()
  .min(3, "Use at least 3 characters")
  .max(40, "Use at most 40 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes")
  .refine((s) => !RESERVED_SLUGS.has(s), "This URL is reserved");

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/g, "");
  return base.length >= 3 && !RESERVED_SLUGS.has(base) ? base : `team-${base || "space"}`.slice(0, 32);
}
