// A connection's field mapping at work: provider fields -> hub patch (pull), hub record -> provider
// fields (push), each through the rule's transform chain (lib/integrations/field-mapping.ts), and the
// hashes the engine uses to skip unchanged writes and to recognise its own echoes.
import crypto, { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { applyTransforms, conflictPolicies, fieldMappingRuleSchema, mappingDirections, pulls, pushes, type ConflictPolicy, type FieldMappingRule } from "@/lib/integrations/field-mapping";
import type { FieldDescription, FieldMap, FieldValue } from "@/lib/integrations/object-contract";
import { CUSTOM_FIELD_PREFIX } from "@/lib/integrations/hub-fields";
import type { RecordData } from "@/lib/records/record-object-definition";

export const storedMappingSchema = z.object({
  rules: z.array(fieldMappingRuleSchema),
  customFields: z.object({ direction: z.enum(mappingDirections), conflictPolicy: z.enum(conflictPolicies) }).optional(),
});
export type StoredMapping = {
  rules: FieldMappingRule[];
  customFields?: { direction: FieldMappingRule["direction"]; conflictPolicy: ConflictPolicy } | undefined;
  /** runtime only (never stored): record references translated for one page or batch (reference-translation.ts) */
  references?: ReferenceTables | undefined;
};

/** hub field -> (provider id -> hub record id) inbound, (hub record id -> provider id) outbound. */
export type ReferenceTables = { inbound: Record<string, ReadonlyMap<string, string>>; outbound: Record<string, ReadonlyMap<string, string>> };

/**
 * A reference field's value translated for the direction: `{ value }`, or undefined when the other side
 * has no id for it (pull: leave it out; push: the record was held back before mapping). Fields that are
 * not references (no table) come back as they are.
 */
function translated(mapping: StoredMapping, hubField: string, value: FieldValue, direction: "pull" | "push"): { value: FieldValue } | undefined {
  const table = (direction === "pull" ? mapping.references?.inbound : mapping.references?.outbound)?.[hubField];
  if (!table || value === null || value === "") return { value };
  const hit = table.get(String(value));
  return hit === undefined ? undefined : { value: hit };
}

/** Provider fields -> hub fields, for the rules that pull. Fields the provider did not send are left out. */
export function mapInbound(mapping: StoredMapping, fields: FieldMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rule of mapping.rules) {
    if (!pulls(rule) || !(rule.providerField in fields)) continue;
    const ref = translated(mapping, rule.hubField, applyTransforms(rule.transforms, fields[rule.providerField] ?? null, "pull") as FieldValue, "pull");
    if (!ref) continue;
    const value = ref.value;
    // several provider fields may feed one hub field (phone, mobilephone): the first non-empty wins
    if (out[rule.hubField] === undefined || out[rule.hubField] === null || out[rule.hubField] === "") out[rule.hubField] = value;
  }
  return out;
}

/**
 * Hub record -> provider fields, for the rules that push. A custom field the hub record has never held is
 * left out (not written as empty): it would blank what the provider holds for a contact the hub only
 * matched by e-mail. One it held and cleared (the hub drops empty custom fields; `fieldMeta` remembers
 * them) is written as empty.
 */
export function mapOutbound(mapping: StoredMapping, data: RecordData, fieldMeta?: unknown): FieldMap {
  const out: FieldMap = {};
  const meta = fieldMeta && typeof fieldMeta === "object" ? (fieldMeta as Record<string, unknown>) : {};
  for (const rule of mapping.rules) {
    if (!pushes(rule)) continue;
    if (rule.hubField.startsWith(CUSTOM_FIELD_PREFIX) && !(rule.hubField in data) && !(rule.hubField in meta)) continue;
    const ref = translated(mapping, rule.hubField, (data[rule.hubField] ?? null) as FieldValue, "push");
    if (!ref) continue;
    out[rule.providerField] = applyTransforms(rule.transforms, ref.value, "push", { record: data });
  }
  return out;
}

/** Custom field values the hub can hold (scalars); list and JSON fields are not mapped by default. */
const SCALAR_TYPES = new Set<FieldDescription["type"]>(["string", "text", "number", "boolean", "date", "datetime", "enum", "email", "phone", "reference"]);
const HUB_CUSTOM_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/**
 * The mapping's `customFields` default made concrete: one rule `customFields.<key>` <-> `<key>` for every
 * custom field the provider describes that no rule names (read-only ones pull only). Without a
 * `customFields` default the mapping is returned as it is.
 */
export function withCustomFieldRules(mapping: StoredMapping, fields: readonly FieldDescription[]): StoredMapping {
  const dflt = mapping.customFields;
  if (!dflt) return mapping;
  const named = new Set(mapping.rules.map((r) => r.providerField));
  const hubNamed = new Set(mapping.rules.map((r) => r.hubField as string));
  const extra: FieldMappingRule[] = [];
  for (const f of fields) {
    const hubField = `${CUSTOM_FIELD_PREFIX}${f.key}` as const;
    if (!f.custom || named.has(f.key) || hubNamed.has(hubField) || !SCALAR_TYPES.has(f.type) || !HUB_CUSTOM_KEY.test(f.key)) continue;
    const direction = f.readOnly ? (pulls(dflt) ? "pull" : null) : dflt.direction;
    if (!direction) continue;
    named.add(f.key);
    extra.push({ hubField, providerField: f.key, direction, transforms: [], conflictPolicy: dflt.conflictPolicy });
  }
  return extra.length ? { ...mapping, rules: [...mapping.rules, ...extra] } : mapping;
}

/**
 * The part of a pulled patch no push rule writes back to the provider (what an echo cannot explain). An
 * empty pull-only value is left out: a record Switchboard created there holds nothing of its own yet (a
 * HubSpot contact pushed to a second portal has no opt-out), and that must not blank the hub's value.
 */
export function pullOnlyFields(mapping: StoredMapping, incoming: Record<string, unknown>): Record<string, unknown> {
  const pushed = new Set(mapping.rules.filter(pushes).map((r) => r.hubField as string));
  return Object.fromEntries(Object.entries(incoming).filter(([k, v]) => !pushed.has(k) && !blank(v as FieldValue | undefined)));
}

export function policiesOf(mapping: StoredMapping): Record<string, ConflictPolicy> {
  return Object.fromEntries(mapping.rules.filter(pulls).map((r) => [r.hubField, r.conflictPolicy]));
}

/** The provider fields the mapping writes: a read record projected on them is compared with what was last written. */
export function pushedProviderFields(mapping: StoredMapping): string[] {
  return [...new Set(mapping.rules.filter(pushes).map((r) => r.providerField))];
}

/** SHA-256 as hex; Node's one-shot crypto.hash where it exists (20.12+: no Hash object per call). */
const sha256Hex: (data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === "function"
    ? (data) => (crypto as unknown as { hash: (alg: string, data: string, enc: string) => string }).hash("sha256", data, "hex")
    : (data) => createHash("sha256").update(data).digest("hex");

export function hashFields(fields: Record<string, unknown>): string {
  return sha256Hex(canonicalize(fields) ?? "null");
}

/** Per hub field, a short (64-bit) hash of the mapped value read: what the provider held, field by field. */
export function fieldHashes(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = sha256Hex(canonicalize(v ?? null) ?? "null").slice(0, 16);
  return out;
}

/**
 * The fields of a read that the provider changed since the last read (`last`: the link's per-field hashes;
 * null: never read field by field, so every field counts as changed).
 */
export function changedSinceLastRead(fields: Record<string, unknown>, hashes: Record<string, string>, last: unknown): Record<string, unknown> {
  if (!last || typeof last !== "object") return fields;
  const prev = last as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).filter(([k]) => prev[k] !== hashes[k]));
}

/** Provider keys of the rules that map custom fields: written only when the hub holds them. */
function customProviderFields(mapping: StoredMapping): Set<string> {
  return new Set(mapping.rules.filter((r) => r.hubField.startsWith(CUSTOM_FIELD_PREFIX)).map((r) => r.providerField));
}

const blank = (v: FieldValue | undefined) => v === undefined || v === null || v === "";

/**
 * The hash of what a push writes (compared with the link's last written hash, and with echoHash). Empty
 * custom fields are left out on both sides: the hub may not hold a custom field the provider lists empty.
 */
export function writtenHash(mapping: StoredMapping, fields: FieldMap): string {
  const custom = customProviderFields(mapping);
  return hashFields(Object.fromEntries(Object.entries(fields).filter(([k, v]) => !(custom.has(k) && blank(v)))));
}

/** The hash of a read record's fields as Switchboard would have written them (echo detection). */
export function echoHash(mapping: StoredMapping, fields: FieldMap): string | null {
  const custom = customProviderFields(mapping);
  const keys = pushedProviderFields(mapping);
  if (keys.length === 0 || keys.some((k) => !custom.has(k) && !(k in fields))) return null;
  return hashFields(Object.fromEntries(keys.filter((k) => !(custom.has(k) && blank(fields[k]))).map((k) => [k, fields[k] ?? null])));
}
