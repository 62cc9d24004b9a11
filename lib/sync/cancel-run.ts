// "Cancel" on a running sync: the run ends as cancelled at once; the job working on it finishes the page
// or batch in flight (its writes are whole) and runs no further step (lib/sync/run-steps.ts). A pull
// cancelled mid full resync applies no deletes.
import { assertAllowed, isApiKeyPrincipal, type Principal } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { finishRun } from "@/lib/sync/sync-runs";

export async function cancelRun(access: Principal, runId: string, now = new Date()): Promise<void> {
  assertAllowed(access, { role: "member", scope: "sync:write" }, "Only workspace members can cancel a sync");
  const run = await db.syncRun.findFirst({ where: { id: runId, workspaceId: access.workspace.id }, select: { id: true, status: true, connectionId: true, object: true, kind: true } });
  if (!run) throw new AppError("NOT_FOUND", "Run not found");
  if (run.status !== "running") throw new AppError("CONFLICT", `The run already ended (${run.status})`);
  const by = isApiKeyPrincipal(access) ? "an API key" : access.user.name || access.user.email;
  await finishRun(run.id, "cancelled", { code: "CANCELLED", message: `Cancelled by ${by}` }, now);
  await recordAudit({
    workspaceId: access.workspace.id,
    actor: isApiKeyPrincipal(access) ? { type: "api_key", keyId: access.keyId } : { type: "user", userId: access.user.id },
    action: "sync_run.cancelled",
    target: { type: "sync_run", id: run.id },
    metadata: { connectionId: run.connectionId, object: run.object, kind: run.kind },
  });
}
