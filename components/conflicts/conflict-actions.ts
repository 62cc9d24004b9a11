"use server";

// The conflict inbox's server actions; lib/conflicts checks the member's workspace and role.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { resolveConflict, resolveConflicts } from "@/lib/conflicts/resolve-conflict";

export type ConflictActionResult = { ok: true; message: string } | { ok: false; message: string; code?: string };

const filterSchema = z.object({ connectionId: z.string().max(100).optional(), field: z.string().max(200).optional() });

async function run(slug: string, fn: () => Promise<string>): Promise<ConflictActionResult> {
  try {
    const message = await fn();
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message };
  } catch (err) {
    const e = actionError(err);
    return { ok: false, message: e.error, code: e.code };
  }
}

export async function resolveConflictAction(slug: string, conflictId: string, resolution: { kind: "hub" } | { kind: "provider" } | { kind: "value"; value: string }): Promise<ConflictActionResult> {
  const access = await requireWorkspace(slug);
  return run(slug, async () => {
    const res = await resolveConflict(access, z.string().max(100).parse(conflictId), resolution);
    return res.changed ? "Resolved: Switchboard is updated and the value is on its way to every connection." : "Resolved: Switchboard's value is sent to the provider again.";
  });
}

export async function resolveFilteredAction(slug: string, filter: { connectionId?: string; field?: string }, kind: "hub" | "provider"): Promise<ConflictActionResult> {
  const access = await requireWorkspace(slug);
  return run(slug, async () => {
    const res = await resolveConflicts(access, filterSchema.parse(filter), { kind: z.enum(["hub", "provider"]).parse(kind) });
    const failed = res.failed.length ? ` ${res.failed.length} could not be resolved: ${res.failed[0]?.message}` : "";
    return `${res.resolved} conflict${res.resolved === 1 ? "" : "s"} resolved.${failed}`;
  });
}
