// A connection's field mapping at work: provider fields -> hub patch (pull), hub record -> provider
// fields (push), each through the rule's transform chain (lib/integrations/field-mapping.ts), and the
// hashes the engine uses to skip unchanged writes and to recognise its own echoes.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { applyTransforms, conflictPolicies, fieldMappingRuleSchema, mappingDirections, pulls, pushes, type ConflictPolicy, type FieldMappingRule } from "@/lib/integrations/field-mapping";
import type { FieldMap, FieldValue } from "@/lib/integrations/object-contract";
import type { RecordData } from "@/lib/records/record-object-definition";

export const storedMappingSchema = z.object({
  rules: z.array(fieldMappingRuleSchema),
  customFields: z.object({ direction: z.enum(mappingDirections), conflictPolicy: z.enum(conflictPolicies) }).optional(),
});
export type StoredMapping = { rules: FieldMappingRule[]; customFields?: { direction: FieldMappingRule["direction"]; conflictPolicy: ConflictPolicy } | undefined };

/** Provider fields -> hub fields, for the rules that pull. Fields the provider did not send are left out. */
export function mapInbound(mapping: StoredMapping, fields: FieldMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rule of mapping.rules) {
    if (!pulls(rule) || !(rule.providerField in fields)) continue;
    const value = applyTransforms(rule.transforms, fields[rule.providerField] ?? null, "pull");
    // several provider fields may feed one hub field (phone, mobilephone): the first non-empty wins
    if (out[rule.hubField] === undefined || out[rule.hubField] === null || out[rule.hubField] === "") out[rule.hubField] = value;
  }
  return out;
}

/** Hub record -> provider fields, for the rules that push. */
export function mapOutbound(mapping: StoredMapping, data: RecordData): FieldMap {
  const out: FieldMap = {};
  for (const rule of mapping.rules) {
    if (!pushes(rule)) continue;
    out[rule.providerField] = applyTransforms(rule.transforms, (data[rule.hubField] ?? null) as FieldValue, "push", { record: data });
  }
  return out;
}

export function policiesOf(mapping: StoredMapping): Record<string, ConflictPolicy> {
  return Object.fromEntries(mapping.rules.filter(pulls).map((r) => [r.hubField, r.conflictPolicy]));
}

/** The provider fields the mapping writes: a read record projected on them is compared with what was last written. */
export function pushedProviderFields(mapping: StoredMapping): string[] {
  return [...new Set(mapping.rules.filter(pushes).map((r) => r.providerField))];
}

export function hashFields(fields: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalize(fields) ?? "null").digest("hex");
}

/** The hash of a read record's fields as Switchboard would have written them (echo detection). */
export function echoHash(mapping: StoredMapping, fields: FieldMap): string | null {
  const keys = pushedProviderFields(mapping);
  if (keys.length === 0 || keys.some((k) => !(k in fields))) return null;
  return hashFields(Object.fromEntries(keys.map((k) => [k, fields[k] ?? null])));
}
