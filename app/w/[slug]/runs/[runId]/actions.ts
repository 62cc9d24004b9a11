"use server";

import { revalidatePath } from "next/cache";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { requestPullForRun } from "@/lib/dashboard/load-run";
import { cancelRun } from "@/lib/sync/cancel-run";
import { retryRunFailures } from "@/lib/sync/request-sync";
import type { RunActionResult } from "@/components/dashboard/run-actions";

async function act(slug: string, runId: string, fn: () => Promise<string>): Promise<RunActionResult> {
  try {
    const message = await fn();
    revalidatePath(`/w/${slug}/runs/${runId}`);
    return { ok: true, message };
  } catch (err) {
    const e = actionError(err);
    return { ok: false, message: e.error, code: e.code };
  }
}

export async function cancelRunAction(slug: string, runId: string): Promise<RunActionResult> {
  const access = await requireWorkspace(slug);
  return act(slug, runId, async () => {
    await cancelRun(access, runId);
    return "Sync cancelled. It stops after the page or batch in progress.";
  });
}

export async function retryRunFailuresAction(slug: string, runId: string): Promise<RunActionResult> {
  const access = await requireWorkspace(slug);
  return act(slug, runId, async () => {
    const n = await retryRunFailures(access, runId);
    return `${n} record${n === 1 ? "" : "s"} queued to be pushed again.`;
  });
}

export async function pullAgainAction(slug: string, runId: string, mode: "incremental" | "full"): Promise<RunActionResult> {
  const access = await requireWorkspace(slug);
  return act(slug, runId, async () => {
    await requestPullForRun(access, runId, mode);
    return mode === "full" ? "Full resync started. It appears in the runs list." : "Sync started. It appears in the runs list.";
  });
}
