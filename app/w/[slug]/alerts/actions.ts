"use server";

import { revalidatePath } from "next/cache";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { updateAlertRule } from "@/lib/alerts/alert-rules";
import type { RuleActionResult } from "@/components/alerts/alert-rules-form";

export async function saveAlertRuleAction(slug: string, input: { kind: string; enabled: boolean; value: number | null }): Promise<RuleActionResult> {
  const access = await requireWorkspace(slug);
  try {
    const rule = await updateAlertRule(access, input);
    revalidatePath(`/w/${slug}/alerts`);
    return { ok: true, rule };
  } catch (err) {
    const e = actionError(err);
    return { ok: false, message: e.error, ...(e.fields.value ? { field: e.fields.value } : {}) };
  }
}
