// Field mappings as data: which hub field goes to which provider field, in which direction, through
// which transforms, and which side wins a conflict. Each provider's map.ts exports its default mapping
// in this shape; a workspace's own mappings (lib/sync) use the same shape, so the engine runs one
// interpreter (applyTransforms) over both.
import { z } from "zod";
import { normalizePhone } from "@/lib/records/normalize-phone";
import type { FieldValue } from "@/lib/integrations/object-contract";
import type { HubFieldKey, HubObjectKind } from "@/lib/integrations/hub-fields";

export const mappingDirections = ["push", "pull", "both"] as const;

/** provider date formats for the dateFormat transform: ISO date, US / European day order, Unix milliseconds / seconds */
export const dateFormats = ["yyyy-mm-dd", "mm/dd/yyyy", "dd/mm/yyyy", "epoch-ms", "epoch-s"] as const;
export type DateFormat = (typeof dateFormats)[number];

/** What a transform may read besides the value: the whole hub record (push), for transforms that combine fields. */
export type TransformContext = { record?: Readonly<Record<string, unknown>> };
export type MappingDirection = (typeof mappingDirections)[number];

export const conflictPolicies = ["hub_wins", "provider_wins", "last_writer_wins", "fill_if_empty", "never_overwrite", "manual"] as const;
export type ConflictPolicy = (typeof conflictPolicies)[number];

/**
 * One step of a transform chain. Push runs the chain first to last on the hub value; pull runs each
 * step's inverse last to first on the provider value.
 */
export const transformSchema = z.discriminatedUnion("kind", [
  /** hub value -> provider value (push); `pull` is the inverse, defaulting to the reversed `push` */
  z.object({
    kind: z.literal("valueMap"),
    push: z.record(z.string(), z.string()),
    pull: z.record(z.string(), z.string()).optional(),
    /** what an unmapped value becomes: kept as is, or null */
    unmapped: z.enum(["keep", "null"]).default("null"),
  }),
  z.object({ kind: z.literal("lowercase") }),
  z.object({ kind: z.literal("trim") }),
  /** E.164 when the number parses (both directions) */
  z.object({ kind: z.literal("phoneE164") }),
  /** boolean negation (HubSpot hs_email_optout / Salesforce HasOptedOutOfEmail <-> marketingConsent) */
  z.object({ kind: z.literal("negate") }),
  /** a "true"/"false" string on the provider side <-> a boolean in the hub (HubSpot stores every value as a string) */
  z.object({ kind: z.literal("booleanString") }),
  /** a number at the provider <-> its decimal text in the hub (numeric ids in a text field: Pipedrive's owner_id) */
  z.object({ kind: z.literal("numberString") }),
  /** a list in the hub <-> a separated string at the provider */
  z.object({ kind: z.literal("splitJoin"), separator: z.string().min(1) }),
  /** a number scaled between provider and hub: pull multiplies by `factor` and rounds (major -> minor currency units), push divides */
  z.object({ kind: z.literal("scale"), factor: z.number().positive() }),
  /** a placeholder written when the hub has no value but the provider requires one (Salesforce Lead.Company) */
  z.object({ kind: z.literal("requiredPlaceholder"), value: z.string() }),
  /** upper case / title case text (both directions, like lowercase) */
  z.object({ kind: z.literal("uppercase") }),
  z.object({ kind: z.literal("titleCase") }),
  /** an ISO date-time in the hub <-> a date in the provider's format (pull parses it back to ISO) */
  z.object({ kind: z.literal("dateFormat"), format: z.enum(dateFormats) }),
  /**
   * one part of a full name: pull takes the first word (part "first") or the rest ("last") of the
   * provider's full name; push joins this hub field with `otherField` (needs the record: ctx.record)
   */
  z.object({ kind: z.literal("fullName"), part: z.enum(["first", "last"]), otherField: z.string().min(1) }),
  /** an empty value becomes `value` (both directions) */
  z.object({ kind: z.literal("defaultValue"), value: z.union([z.string(), z.number(), z.boolean()]) }),
  /** push always writes `value` (whatever the hub holds); pull leaves the provider value as it is */
  z.object({ kind: z.literal("constant"), value: z.union([z.string(), z.number(), z.boolean()]) }),
  /** push adds these tags to the hub's list; pull removes them again (they belong to the push, e.g. an event tag) */
  z.object({ kind: z.literal("addTags"), tags: z.array(z.string().min(1)).min(1) }),
]);
export type Transform = z.input<typeof transformSchema>;

export const fieldMappingRuleSchema = z.object({
  hubField: z.string().min(1),
  providerField: z.string().min(1),
  direction: z.enum(mappingDirections),
  transforms: z.array(transformSchema).default([]),
  conflictPolicy: z.enum(conflictPolicies),
});
export type FieldMappingRule = {
  hubField: HubFieldKey;
  providerField: string;
  direction: MappingDirection;
  transforms?: readonly Transform[];
  conflictPolicy: ConflictPolicy;
};

export type DefaultMapping = {
  hubObject: HubObjectKind;
  rules: readonly FieldMappingRule[];
  /**
   * custom fields: every field describeFields reports with `custom: true` (and no rule above) maps to
   * `customFields.<its key>` with this direction and policy (pull only when the field is read-only)
   */
  customFields?: { direction: MappingDirection; conflictPolicy: ConflictPolicy };
};

export function pushes(rule: Pick<FieldMappingRule, "direction">): boolean {
  return rule.direction === "push" || rule.direction === "both";
}

export function pulls(rule: Pick<FieldMappingRule, "direction">): boolean {
  return rule.direction === "pull" || rule.direction === "both";
}

function invert(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // First hub value wins when several map to the same provider value.
  for (const [hub, provider] of Object.entries(map)) if (!(provider in out)) out[provider] = hub;
  return out;
}

const pad = (n: number) => String(n).padStart(2, "0");

function formatDate(value: FieldValue, format: DateFormat): FieldValue {
  if (typeof value !== "string" || value === "") return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const [y, m, day] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  switch (format) {
    case "yyyy-mm-dd":
      return `${y}-${m}-${day}`;
    case "mm/dd/yyyy":
      return `${m}/${day}/${y}`;
    case "dd/mm/yyyy":
      return `${day}/${m}/${y}`;
    case "epoch-ms":
      return d.getTime();
    case "epoch-s":
      return Math.floor(d.getTime() / 1000);
  }
}

function parseDate(value: FieldValue, format: DateFormat): FieldValue {
  if (value === null || value === "") return null;
  let d: Date | null = null;
  if (format === "epoch-ms" || format === "epoch-s") {
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
    if (!Number.isNaN(n)) d = new Date(format === "epoch-s" ? n * 1000 : n);
  } else if (typeof value === "string") {
    const parts = value.match(/^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})/);
    if (parts) {
      const [a, b, c] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      const [y, m, day] = format === "yyyy-mm-dd" ? [a, b, c] : format === "mm/dd/yyyy" ? [c, a, b] : [c, b, a];
      d = new Date(Date.UTC(y, m - 1, day));
    }
  }
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

function nameParts(full: string): { first: string; last: string } {
  const words = full.trim().split(/\s+/).filter(Boolean);
  return { first: words[0] ?? "", last: words.slice(1).join(" ") };
}

const isEmpty = (v: FieldValue) => v === null || v === "" || (Array.isArray(v) && v.length === 0);

function step(t: Transform, value: FieldValue, direction: "push" | "pull", ctx: TransformContext): FieldValue {
  switch (t.kind) {
    case "valueMap": {
      if (value === null) return null;
      const table = direction === "push" ? t.push : (t.pull ?? invert(t.push));
      const hit = table[String(value)];
      if (hit !== undefined) return hit;
      return (t.unmapped ?? "null") === "keep" ? value : null;
    }
    case "lowercase":
      return typeof value === "string" ? value.toLowerCase() : value;
    case "trim":
      return typeof value === "string" ? value.trim() : value;
    case "phoneE164":
      return typeof value === "string" && value !== "" ? normalizePhone(value) : value;
    case "negate":
      return typeof value === "boolean" ? !value : value;
    case "booleanString":
      if (direction === "push") return typeof value === "boolean" ? String(value) : value;
      return value === "true" ? true : value === "false" ? false : value === "" ? null : value;
    case "numberString":
      if (direction === "pull") return typeof value === "number" ? String(value) : value;
      return typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;
    case "splitJoin":
      if (direction === "push") return Array.isArray(value) ? value.map(String).join(t.separator) : value;
      return typeof value === "string" ? value.split(t.separator).map((s) => s.trim()).filter(Boolean) : value;
    case "scale": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (Number.isNaN(n)) return value;
      return direction === "pull" ? Math.round(n * t.factor) : n / t.factor;
    }
    case "requiredPlaceholder":
      if (direction === "push") return value === null || value === "" ? t.value : value;
      return value === t.value ? null : value;
    case "uppercase":
      return typeof value === "string" ? value.toUpperCase() : value;
    case "titleCase":
      return typeof value === "string" ? titleCase(value) : value;
    case "dateFormat":
      return direction === "push" ? formatDate(value, t.format) : parseDate(value, t.format);
    case "fullName": {
      if (direction === "pull") return typeof value === "string" ? nameParts(value)[t.part] || null : value;
      const other = ctx.record?.[t.otherField];
      const own = typeof value === "string" ? value.trim() : "";
      const rest = typeof other === "string" ? other.trim() : "";
      const joined = (t.part === "first" ? [own, rest] : [rest, own]).filter(Boolean).join(" ");
      return joined === "" ? null : joined;
    }
    case "defaultValue":
      return isEmpty(value) ? t.value : value;
    case "constant":
      return direction === "push" ? t.value : value;
    case "addTags": {
      if (direction === "push") {
        const list = Array.isArray(value) ? value.map(String) : isEmpty(value) ? [] : [String(value)];
        return [...list, ...t.tags.filter((tag) => !list.includes(tag))];
      }
      return Array.isArray(value) ? value.filter((v) => !t.tags.includes(String(v))) : value;
    }
  }
}

/** Run a rule's transforms: push = hub -> provider, pull = provider -> hub. */
export function applyTransforms(transforms: readonly Transform[] | undefined, value: FieldValue, direction: "push" | "pull", ctx: TransformContext = {}): FieldValue {
  const list = transforms ?? [];
  const ordered = direction === "push" ? list : [...list].reverse();
  return ordered.reduce<FieldValue>((v, t) => step(t, v, direction, ctx), value);
}
