// The workspace's alert rules as people edit them: each kind switched on or off with its threshold in
// the unit a person thinks in (per cent, runs, minutes, hours). Admins only; every change is audited.
import { z } from "zod";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { AlertKind } from "@/lib/generated/prisma/enums";

export const ALERT_DEFAULTS: Record<AlertKind, { threshold: number; label: string }> = {
  failure_rate: { threshold: 0.1, label: "Failure rate over 10 % in an hour" },
  consecutive_failures: { threshold: 5, label: "More than 5 failed runs in a row" },
  provider_unreachable: { threshold: 5, label: "Provider unreachable for over 5 minutes" },
  needs_reauth: { threshold: 0, label: "Connection needs re-authorisation" },
  conflicts_waiting: { threshold: 24, label: "Conflicts waiting over a day" },
};

/** Each rule as it applies now; `changedAt` is when an admin last saved it (null: never, the default). */
export async function workspaceRules(workspaceId: string): Promise<Record<AlertKind, { enabled: boolean; threshold: number; changedAt: Date | null }>> {
  const rows = await db.alertRule.findMany({ where: { workspaceId } });
  const out = {} as Record<AlertKind, { enabled: boolean; threshold: number; changedAt: Date | null }>;
  for (const kind of Object.keys(ALERT_DEFAULTS) as AlertKind[]) {
    const r = rows.find((x) => x.kind === kind);
    out[kind] = { enabled: r?.enabled ?? true, threshold: r?.threshold ?? ALERT_DEFAULTS[kind].threshold, changedAt: r?.updatedAt ?? null };
  }
  return out;
}


/** How a threshold is shown and entered: stored value = entered value × scale. */
export const RULE_INPUT: Record<AlertKind, { unit: string; min: number; max: number; step: number; scale: number } | null> = {
  failure_rate: { unit: "% of runs in an hour", min: 1, max: 100, step: 1, scale: 0.01 },
  consecutive_failures: { unit: "failed runs in a row", min: 1, max: 49, step: 1, scale: 1 },
  provider_unreachable: { unit: "minutes without an answer", min: 1, max: 1440, step: 1, scale: 1 },
  needs_reauth: null,
  conflicts_waiting: { unit: "hours waiting", min: 1, max: 720, step: 1, scale: 1 },
};

/** The rule in words with its current threshold ("Failure rate over 25 % in an hour"). */
export function ruleLabel(kind: AlertKind, threshold: number): string {
  switch (kind) {
    case "failure_rate":
      return `Failure rate over ${Math.round(threshold * 100)} % in an hour`;
    case "consecutive_failures":
      return `More than ${threshold} failed runs in a row`;
    case "provider_unreachable":
      return `Provider unreachable for over ${threshold} minutes`;
    case "conflicts_waiting":
      return threshold === 24 ? "Conflicts waiting over a day" : `Conflicts waiting over ${threshold} hours`;
    case "needs_reauth":
      return ALERT_DEFAULTS.needs_reauth.label;
  }
}

export type AlertRuleDto = { kind: AlertKind; enabled: boolean; label: string; value: number | null; isDefault: boolean; input: (typeof RULE_INPUT)[AlertKind] };

export async function listAlertRules(access: WorkspaceAccess): Promise<AlertRuleDto[]> {
  const rules = await workspaceRules(access.workspace.id);
  return (Object.keys(ALERT_DEFAULTS) as AlertKind[]).map((kind) => {
    const r = rules[kind];
    const input = RULE_INPUT[kind];
    return { kind, enabled: r.enabled, label: ruleLabel(kind, r.threshold), value: input ? Math.round((r.threshold / input.scale) * 100) / 100 : null, isDefault: r.enabled && r.threshold === ALERT_DEFAULTS[kind].threshold, input };
  });
}

export const alertRuleInputSchema = z.object({
  kind: z.enum(AlertKind),
  enabled: z.boolean(),
  /** in the rule's input unit (RULE_INPUT); ignored for rules without a threshold */
  value: z.number().finite().nullable(),
});

export async function updateAlertRule(access: WorkspaceAccess, raw: unknown): Promise<AlertRuleDto> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only a workspace admin or owner can change alert rules");
  const input = alertRuleInputSchema.parse(raw);
  const spec = RULE_INPUT[input.kind];
  let threshold = ALERT_DEFAULTS[input.kind].threshold;
  if (spec) {
    if (input.value === null || input.value < spec.min || input.value > spec.max || !Number.isInteger(input.value / spec.step)) {
      throw new AppError("VALIDATION_FAILED", `Enter a whole number from ${spec.min} to ${spec.max} (${spec.unit})`, { fields: { value: `Enter a whole number from ${spec.min} to ${spec.max}` } });
    }
    threshold = input.value * spec.scale;
  }
  const ws = access.workspace.id;
  await db.alertRule.upsert({
    where: { workspaceId_kind: { workspaceId: ws, kind: input.kind } },
    create: { workspaceId: ws, kind: input.kind, enabled: input.enabled, threshold },
    update: { enabled: input.enabled, threshold },
  });
  await recordAudit({ workspaceId: ws, actor: { type: "user", userId: access.user.id }, action: "alert_rule.updated", target: { type: "alert_rule", id: input.kind }, metadata: { enabled: input.enabled, threshold } });
  const rules = await listAlertRules(access);
  return rules.find((r) => r.kind === input.kind)!;
}
