"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { requestPull, retryPush } from "@/lib/sync/request-sync";
import { updateSyncSetting } from "@/lib/sync/sync-settings";
import type { SyncActionResult } from "@/components/sync/object-sync-card";

const objectSchema = z.enum(["contact", "order", "product", "appointment", "opportunity"]);

async function run(slug: string, id: string, fn: () => Promise<string>): Promise<SyncActionResult> {
  try {
    const message = await fn();
    revalidatePath(`/w/${slug}/connections/${id}`);
    return { ok: true, message };
  } catch (err) {
    const e = actionError(err);
    return { ok: false, message: e.error, code: e.code };
  }
}

export async function saveSyncSettingAction(slug: string, id: string, object: string, input: { enabled: boolean; direction: string; pullIntervalMinutes: number }): Promise<SyncActionResult> {
  const access = await requireWorkspace(slug);
  return run(slug, id, async () => {
    await updateSyncSetting(access, id, objectSchema.parse(object), z.object({ enabled: z.boolean(), direction: z.enum(["push", "pull", "both"]), pullIntervalMinutes: z.number() }).parse(input));
    return "Sync settings saved.";
  });
}

export async function syncNowAction(slug: string, id: string, object: string): Promise<SyncActionResult> {
  const access = await requireWorkspace(slug);
  return run(slug, id, async () => {
    await requestPull(access, id, objectSchema.parse(object), "incremental");
    return "Sync started. The runs list shows its progress.";
  });
}

export async function fullResyncAction(slug: string, id: string, object: string): Promise<SyncActionResult> {
  const access = await requireWorkspace(slug);
  return run(slug, id, async () => {
    await requestPull(access, id, objectSchema.parse(object), "full");
    return "Full resync started.";
  });
}

export async function retryFailedAction(slug: string, id: string, object: string, recordId?: string): Promise<SyncActionResult> {
  const access = await requireWorkspace(slug);
  return run(slug, id, async () => {
    const n = await retryPush(access, id, objectSchema.parse(object), recordId);
    return recordId ? "The record is queued to be pushed again." : `${n} record${n === 1 ? "" : "s"} queued to be pushed again.`;
  });
}
