// One run for the run page (/w/<slug>/runs/<runId>): its counts, cursor range and mapping version, its
// record operations with their redacted HTTP exchanges, and the step timeline (attempts, retries, waits).
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { getSyncRun } from "@/lib/sync/list-sync-runs";
import { listRunSteps } from "@/lib/sync/run-steps";
import { requestPull } from "@/lib/sync/request-sync";

export async function loadRun(access: WorkspaceAccess, runId: string, opts: { onlyFailed?: boolean } = {}) {
  const owner = await db.syncRun.findFirst({ where: { id: runId, workspaceId: access.workspace.id }, select: { connectionId: true, connection: { select: { name: true, status: true, syncEnabled: true } } } });
  if (!owner) throw new AppError("NOT_FOUND", "Run not found");
  const [data, timeline] = await Promise.all([getSyncRun(access, owner.connectionId, runId, opts), listRunSteps(access.workspace.id, runId)]);
  const { run } = data;
  const syncable = owner.connection.status === "active" && owner.connection.syncEnabled;
  return {
    ...data,
    connection: { id: owner.connectionId, name: owner.connection.name },
    steps: timeline.steps,
    stepsTruncated: timeline.truncated,
    can: {
      cancel: run.status === "running",
      retryFailed: run.kind === "push" && run.counts.failed > 0 && syncable,
      syncNow: run.kind !== "push" && syncable,
      fullResync: run.kind !== "push" && syncable && roleAtLeast(access.role, "admin"),
    },
  };
}
export type RunPageData = Awaited<ReturnType<typeof loadRun>>;

/** "Sync now" / "Full resync" from a run page: a new pull of the run's connection and object. */
export async function requestPullForRun(access: WorkspaceAccess, runId: string, mode: "incremental" | "full"): Promise<void> {
  const run = await db.syncRun.findFirst({ where: { id: runId, workspaceId: access.workspace.id }, select: { connectionId: true, object: true } });
  if (!run) throw new AppError("NOT_FOUND", "Run not found");
  await requestPull(access, run.connectionId, run.object, mode);
}
