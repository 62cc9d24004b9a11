// Per-field conflict policies for inbound changes (a pull or a webhook). A conflict is a field the hub
// changed (from another source) after this connection last agreed with it, and that the provider now
// reports with a different value. Consent is special: a sync may unsubscribe, never re-subscribe.
import { z } from "zod";
import type { FieldValue } from "@/lib/records/record-object-definition";

export const conflictPolicies = ["hub_wins", "provider_wins", "last_writer_wins", "fill_if_empty", "never_overwrite", "manual"] as const;
export const conflictPolicySchema = z.enum(conflictPolicies);
export type ConflictPolicy = z.infer<typeof conflictPolicySchema>;

export type InboundDecision = "apply" | "keep" | "conflict";

export type InboundField = {
  policy: ConflictPolicy;
  hubValue: FieldValue;
  incomingValue: FieldValue;
  /** when and from where the hub's value last changed (absent: never set) */
  hubChangedAt: Date | null;
  hubSource: string | null;
  /** the inbound change's source tag, "connection:<id>" */
  source: string;
  /** when the provider changed the record (null: unknown) */
  incomingAt: Date | null;
  /** when this connection and the hub last agreed about the record (null: never linked before) */
  baseline: Date | null;
  consent: boolean;
};

export function isEmptyValue(v: FieldValue | undefined): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

export function decideInbound(f: InboundField): InboundDecision {
  // Unsubscribed stays unsubscribed whatever the policy: only a person re-subscribes.
  if (f.consent && f.hubValue === false && f.incomingValue === true) return "keep";
  if (isEmptyValue(f.hubValue)) return "apply";
  if (f.policy === "fill_if_empty" || f.policy === "never_overwrite") return "keep";
  const hubChangedSince =
    f.hubSource !== f.source && (f.baseline === null || f.hubChangedAt === null || f.hubChangedAt.getTime() > f.baseline.getTime());
  if (!hubChangedSince) return "apply";
  switch (f.policy) {
    case "provider_wins":
      return "apply";
    case "hub_wins":
      return "keep";
    case "last_writer_wins":
      return f.incomingAt !== null && f.hubChangedAt !== null && f.incomingAt.getTime() > f.hubChangedAt.getTime() ? "apply" : "keep";
    case "manual":
      return "conflict";
  }
}
