// The run page's step timeline, kept by the product itself so it reads the same on the embedded
// executor and on Inngest Cloud: every attempt of every page (pull) or batch (push) gets a row with its
// duration and how it ended; a failed attempt says whether the job runner retries it and how long the
// provider asked to wait; its provider exchange (redacted) is kept as a failed operation of the run, so
// the run page shows the failing HTTP exchange even when no record got that far. A run that is no
// longer running (cancelled from the run page) runs no more steps.
import { db } from "@/lib/db/client";
import { sql } from "@/inngest/executor/sql-client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { ulid } from "@/lib/ids/ulid";
import { isAppError } from "@/lib/errors/app-error";
import { httpOf } from "@/lib/sync/push-pending";
import { retryAfterMs, syncErrorClass } from "@/lib/sync/sync-error-class";

export type StepKind = "page" | "batch";

/**
 * Runs one step of a running run and records the attempt. When the run is no longer running (cancelled
 * while the previous step worked or while waiting for a retry), `whenStopped` answers instead.
 */
export async function trackRunStep<T>(runId: string, kind: StepKind, fn: () => Promise<T>, whenStopped: () => T): Promise<T> {
  const startedAt = new Date();
  // One statement (a step runs per page: four round trips here were a tenth of a backfill page): the run
  // must still be running; the step is named after the steps that succeeded so far, and its attempt
  // counts the earlier tries of that name.
  const id = ulid(startedAt.getTime()).toLowerCase();
  // driver SQL: a backfill runs a step per page, and Prisma's ~1 ms of CPU per statement counts there
  const {
    rows: [run],
  } = await sql<{ workspaceId: string; connectionId: string; object: RecordObject; name: string; attempt: number }>(
    `WITH run AS (SELECT id, workspace_id, connection_id, object FROM sync_runs WHERE id = $1 AND status = 'running'),
    named AS (SELECT $2::text || ' ' || (count(*) + 1)::text AS name FROM sync_run_steps WHERE run_id = $1 AND outcome = 'succeeded'),
    step AS (
      INSERT INTO sync_run_steps (id, workspace_id, run_id, name, attempt, outcome, started_at)
      SELECT $3, run.workspace_id, run.id, named.name, (SELECT count(*)::int + 1 FROM sync_run_steps s WHERE s.run_id = run.id AND s.name = named.name), 'running', $4::timestamptz
      FROM run, named
      RETURNING name, attempt
    )
    SELECT run.workspace_id AS "workspaceId", run.connection_id AS "connectionId", run.object::text AS object, step.name, step.attempt FROM run, step`,
    [runId, kind, id, startedAt],
    "sync_step_begin",
  );
  if (!run) return whenStopped();
  const { name, attempt } = run;
  const end = (data: { outcome: string; errorCode?: string | null; errorMessage?: string | null; retryAfterMs?: number | null }) => {
    const finishedAt = new Date();
    return db.syncRunStep.update({ where: { id }, data: { ...data, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() } });
  };
  try {
    const out = await fn();
    const finishedAt = new Date();
    await sql(`UPDATE sync_run_steps SET outcome = 'succeeded', finished_at = $2::timestamptz, duration_ms = $3::int WHERE id = $1`, [id, finishedAt, finishedAt.getTime() - startedAt.getTime()], "sync_step_succeeded");
    return out;
  } catch (err) {
    const errorCode = isAppError(err) ? err.code : "INTERNAL";
    const errorMessage = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    await end({ outcome: syncErrorClass(err) === "retry" ? "retrying" : "failed", errorCode, errorMessage, retryAfterMs: retryAfterMs(err) }).catch(() => undefined);
    const exchange = isAppError(err) ? httpOf(err) : {};
    if (exchange.http) {
      await db.syncOperation
        .create({
          data: {
            workspaceId: run.workspaceId, runId, connectionId: run.connectionId, object: run.object, action: kind === "page" ? "read" : "update", outcome: "failed",
            errorCode, errorMessage: `${name}, attempt ${attempt}: ${errorMessage}`, http: exchange.http, durationMs: Date.now() - startedAt.getTime(), createdAt: new Date(),
          },
        })
        .catch(() => undefined);
    }
    throw err;
  }
}

export type RunStepRow = {
  id: string;
  name: string;
  attempt: number;
  outcome: "running" | "succeeded" | "failed" | "retrying";
  error: { code: string; message: string } | null;
  retryAfterMs: number | null;
  startedAt: string;
  durationMs: number | null;
};

/** A run's step attempts in order (at most `limit`, oldest first). */
export async function listRunSteps(workspaceId: string, runId: string, limit = 200): Promise<{ steps: RunStepRow[]; truncated: boolean }> {
  const rows = await db.syncRunStep.findMany({ where: { runId, workspaceId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }], take: limit + 1 });
  return {
    truncated: rows.length > limit,
    steps: rows.slice(0, limit).map((r) => ({
      id: r.id,
      name: r.name,
      attempt: r.attempt,
      outcome: r.outcome as RunStepRow["outcome"],
      error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? "" } : null,
      retryAfterMs: r.retryAfterMs,
      startedAt: r.startedAt.toISOString(),
      durationMs: r.durationMs,
    })),
  };
}
