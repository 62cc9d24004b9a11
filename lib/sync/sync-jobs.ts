// What the sync functions (inngest/functions/sync-*.ts) call, one function per step: begin a run (at
// most one pull per connection and object at a time), run one page or batch, end the run and record
// when the next pull is due. A step that fails on a rate limit or a transient error is retried by the
// job runner; an authentication failure marks the connection and stops.
import { db } from "@/lib/db/client";
import { sql } from "@/inngest/executor/sql-client";
import type { RecordObject, SyncRunTrigger } from "@/lib/generated/prisma/enums";
import { AppError, errorCodes, isAppError, type ErrorCode } from "@/lib/errors/app-error";
import type { ObjectApi } from "@/lib/integrations/object-contract";
import { applyFullResyncDeletes, pullPage, type PullMode } from "@/lib/sync/pull-page";
import { pushBatch, type PushCursor } from "@/lib/sync/push-pending";
import { syncErrorClass } from "@/lib/sync/sync-error-class";
import { ensureSyncSettings, syncableObjects } from "@/lib/sync/sync-settings";
import { failRun, finishRun, startRun } from "@/lib/sync/sync-runs";
import { openSyncTarget } from "@/lib/sync/sync-target";
import { trackRunStep } from "@/lib/sync/run-steps";
import { canPull } from "@/lib/integrations/object-contract";
import { emitConnectionNeedsReauth } from "@/lib/webhooks/outbound/emit-outbound-event";

/** A run older than this that never finished was interrupted (the server stopped mid-run). */
const STALE_RUN_MS = 30 * 60_000;

async function closeStaleRuns(
  connectionId: string,
  object: RecordObject,
  kinds: ("pull" | "backfill" | "full_resync" | "push")[],
  now: Date,
) {
  const stale = await db.syncRun.findMany({
    where: { connectionId, object, kind: { in: kinds }, status: "running", startedAt: { lt: new Date(now.getTime() - STALE_RUN_MS) } },
    select: { id: true },
  });
  for (const r of stale)
    await finishRun(r.id, "failed", { code: "INTERNAL", message: "Interrupted: the run stopped before it finished" }, now);
}

function syncable(connection: { status: string; syncEnabled: boolean }): boolean {
  return connection.status === "active" && connection.syncEnabled;
}

export type BeganPull = { runId: string; mode: PullMode; startedAt: string } | { skipped: string };

export async function beginPull(
  connectionId: string,
  object: RecordObject,
  mode: PullMode,
  trigger: SyncRunTrigger,
  now = new Date(),
): Promise<BeganPull> {
  const connection = await db.connection.findUnique({ where: { id: connectionId } });
  if (!connection) return { skipped: "The connection no longer exists" };
  if (!syncable(connection)) return { skipped: `The connection is ${connection.syncEnabled ? connection.status : "paused"}` };
  await ensureSyncSettings(connection, now);
  const setting = await db.syncSetting.findUnique({ where: { connectionId_object: { connectionId, object } } });
  if (!setting || (!setting.enabled && trigger === "schedule") || setting.direction === "push")
    return { skipped: "Pulling is off for this object" };
  await closeStaleRuns(connectionId, object, ["pull", "backfill", "full_resync"], now);
  const running = await db.syncRun.findFirst({
    where: { connectionId, object, kind: { in: ["pull", "backfill", "full_resync"] }, status: "running" },
    select: { id: true },
  });
  if (running) return { skipped: "A pull of this object is already running" };
  const cursor = typeof setting.cursor === "string" ? setting.cursor : null;
  const kind = mode === "full" ? "full_resync" : cursor === null ? "backfill" : "pull";
  const runId = await startRun({
    workspaceId: connection.workspaceId,
    connectionId,
    object,
    kind,
    trigger,
    mappingVersion: await mappingVersionOf(connectionId, object),
    cursorFrom: mode === "full" ? null : cursor,
    at: now,
  });
  return { runId, mode, startedAt: now.toISOString() };
}

async function mappingVersionOf(connectionId: string, object: RecordObject): Promise<number | null> {
  const m = await db.syncMapping.findFirst({ where: { connectionId, object }, orderBy: { version: "desc" }, select: { version: true } });
  return m?.version ?? 1;
}

/** One page. Incremental pulls read the checkpoint saved by the previous page; a full resync carries its listing cursor. */
export async function pullStep(input: {
  runId: string;
  connectionId: string;
  object: RecordObject;
  mode: PullMode;
  cursor: string | null;
  startedAt: string;
  api?: ObjectApi;
}): Promise<{ cursor: string | null; hasMore: boolean }> {
  return trackRunStep(
    input.runId,
    "page",
    () => pullOnePage(input),
    () => ({ cursor: input.cursor, hasMore: false }),
  );
}

async function pullOnePage(input: Parameters<typeof pullStep>[0]) {
  const target = await openSyncTarget(input.connectionId, input.object, input.api);
  let cursor = input.cursor;
  if (input.mode === "incremental") {
    const {
      rows: [setting],
    } = await sql<{ cursor: unknown }>(
      `SELECT cursor FROM sync_settings WHERE connection_id = $1 AND object = $2::"RecordObject"`,
      [input.connectionId, input.object],
      "sync_checkpoint_read",
    );
    if (!setting) throw new AppError("NOT_FOUND", "The object's sync settings no longer exist");
    cursor = typeof setting.cursor === "string" ? setting.cursor : null;
  }
  const res = await pullPage({
    target,
    object: input.object,
    runId: input.runId,
    mode: input.mode,
    cursor,
    runStartedAt: new Date(input.startedAt),
  });
  return { cursor: res.cursor, hasMore: res.hasMore };
}

/**
 * The error a run failed with, as our AppError: a step that ran out of retries reaches the function as the
 * SDK's StepError, which keeps only the name and message of what the step threw (the code is lost, on
 * Inngest Cloud too). The run's own record of its last failed attempt has the code, so it is taken from
 * there: the run then says PROVIDER_UNAVAILABLE (not INTERNAL), which the unreachable alert relies on,
 * and an authentication failure still marks the connection.
 */
export async function runFailure(runId: string, error: unknown): Promise<unknown> {
  if (isAppError(error)) return error;
  const last = await db.syncRunStep.findFirst({
    where: { runId, errorCode: { not: null } },
    orderBy: [{ startedAt: "desc" }, { attempt: "desc" }],
    select: { errorCode: true, errorMessage: true },
  });
  const code = last?.errorCode;
  if (!code || !Object.hasOwn(errorCodes, code) || code === "INTERNAL") return error;
  const message = error instanceof Error && error.message ? error.message : (last.errorMessage ?? code);
  return new AppError(code as ErrorCode, message, undefined, { cause: error });
}

export async function endPull(
  input: { runId: string; connectionId: string; object: RecordObject; mode: PullMode; startedAt: string; api?: ObjectApi },
  failure?: unknown,
): Promise<void> {
  const error = failure ? await runFailure(input.runId, failure) : failure;
  const now = new Date();
  // cancelled from the run page: it applies no full-resync deletes and is no failure of the object
  const cancelled = (await db.syncRun.findUnique({ where: { id: input.runId }, select: { status: true } }))?.status === "cancelled";
  if (!error && input.mode === "full" && !cancelled) {
    const target = await openSyncTarget(input.connectionId, input.object, input.api);
    await applyFullResyncDeletes(target, input.object, input.runId, new Date(input.startedAt));
  }
  const setting = await db.syncSetting.findUnique({
    where: { connectionId_object: { connectionId: input.connectionId, object: input.object } },
  });
  if (setting) {
    await db.syncSetting.update({
      where: { id: setting.id },
      data: {
        lastPullAt: now,
        nextPullAt: setting.enabled && setting.direction !== "push" ? new Date(now.getTime() + setting.pullIntervalMinutes * 60_000) : null,
        ...(input.mode === "full" && !error && !cancelled ? { lastFullResyncAt: now } : {}),
        ...(cancelled ? {} : errorFields(error, now)),
      },
    });
  }
  if (error) {
    await failRun(input.runId, error);
    await markConnectionOnAuthError(input.connectionId, error, now);
  } else {
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: input.runId }, select: { failedCount: true } });
    await finishRun(input.runId, run.failedCount > 0 ? "partial" : "succeeded", null, now);
  }
}

function errorFields(error: unknown, now: Date) {
  if (!error) return { lastErrorCode: null, lastErrorMessage: null, lastErrorAt: null };
  return {
    lastErrorCode: isAppError(error) ? error.code : "INTERNAL",
    lastErrorMessage: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
    lastErrorAt: now,
  };
}

/** Authentication failed even after the token refresh the HTTP layer already tried: the connection needs a person. */
export async function markConnectionOnAuthError(connectionId: string, error: unknown, now = new Date()): Promise<boolean> {
  if (syncErrorClass(error) !== "auth") return false;
  const message = error instanceof Error ? error.message : "Authentication failed";
  await db.connection.update({
    where: { id: connectionId },
    data: {
      status: "needs_reauth",
      lastErrorCode: isAppError(error) ? error.code : "NEEDS_REAUTH",
      lastErrorMessage: message.slice(0, 1000),
      lastErrorAt: now,
    },
  });
  await emitConnectionNeedsReauth(connectionId);
  return true;
}

export type BeganPush = { runId: string } | { skipped: string };

export async function beginPush(connectionId: string, object: RecordObject, now = new Date()): Promise<BeganPush> {
  const connection = await db.connection.findUnique({ where: { id: connectionId } });
  if (!connection) return { skipped: "The connection no longer exists" };
  if (!syncable(connection)) return { skipped: `The connection is ${connection.syncEnabled ? connection.status : "paused"}` };
  await ensureSyncSettings(connection, now);
  const setting = await db.syncSetting.findUnique({ where: { connectionId_object: { connectionId, object } } });
  if (!setting?.enabled || setting.direction === "pull") return { skipped: "Pushing is off for this object" };
  await closeStaleRuns(connectionId, object, ["push"], now);
  const runId = await startRun({
    workspaceId: connection.workspaceId,
    connectionId,
    object,
    kind: "push",
    trigger: "change",
    mappingVersion: await mappingVersionOf(connectionId, object),
    cursorFrom: null,
    at: now,
  });
  return { runId };
}

/**
 * One batch. `after`: the cursor the run's previous batch returned (null or absent for the first), so the
 * batch starts where the last one ended; pass the returned `after` to the next step.
 */
/** `only`: the few records whose change asked for the push, pushed by id (pushBatch). */
export async function pushStep(input: {
  runId: string;
  connectionId: string;
  object: RecordObject;
  api?: ObjectApi;
  after?: PushCursor | null;
  only?: readonly string[];
}): Promise<{ processed: number; after: PushCursor | null }> {
  return trackRunStep(
    input.runId,
    "batch",
    async () => {
      const target = await openSyncTarget(input.connectionId, input.object, input.api);
      const res = await pushBatch(target, input.object, input.runId, undefined, input.after ?? null, input.only);
      return { processed: res.processed, after: res.cursor };
    },
    () => ({ processed: 0, after: null }),
  );
}

export async function endPush(input: { runId: string; connectionId: string; object: RecordObject }, failure?: unknown): Promise<void> {
  if (failure) {
    const error = await runFailure(input.runId, failure);
    await failRun(input.runId, error);
    await markConnectionOnAuthError(input.connectionId, error);
    await db.syncSetting.updateMany({
      where: { connectionId: input.connectionId, object: input.object },
      data: errorFields(error, new Date()),
    });
    return;
  }
  const run = await db.syncRun.findUniqueOrThrow({
    where: { id: input.runId },
    select: {
      status: true,
      failedCount: true,
      readCount: true,
      createdCount: true,
      updatedCount: true,
      deletedCount: true,
      skippedCount: true,
    },
  });
  if (run.status !== "running") return; // cancelled from the run page
  // A push that found nothing to do leaves no run behind (every hub change queues one).
  if (run.failedCount + run.createdCount + run.updatedCount + run.deletedCount + run.skippedCount === 0) {
    await db.syncRun.delete({ where: { id: input.runId } });
    return;
  }
  await finishRun(input.runId, run.failedCount > 0 ? "partial" : "succeeded");
}

/** The connections that push an object in a workspace, except the one a change came from. */
export async function connectionsPushing(workspaceId: string, object: RecordObject, exceptConnectionId: string | null): Promise<string[]> {
  const fresh = await db.connection.findMany({
    where: { workspaceId, status: "active", syncEnabled: true, syncSettings: { none: {} } },
    select: { id: true, workspaceId: true, provider: true, config: true },
  });
  for (const c of fresh) await ensureSyncSettings(c);
  const rows = await db.syncSetting.findMany({
    where: {
      workspaceId,
      object,
      enabled: true,
      direction: { in: ["push", "both"] },
      connection: { status: "active", syncEnabled: true },
      ...(exceptConnectionId ? { connectionId: { not: exceptConnectionId } } : {}),
    },
    select: { connectionId: true },
  });
  return rows.map((r) => r.connectionId);
}

/** Due scheduled pulls (and settings for connections seen for the first time: their first pull is the backfill). */
export async function duePulls(now = new Date()): Promise<{ connectionId: string; object: RecordObject; dueAt: string }[]> {
  const fresh = await db.connection.findMany({
    where: { status: "active", syncEnabled: true, syncSettings: { none: {} } },
    select: { id: true, workspaceId: true, provider: true, config: true },
    take: 100,
  });
  for (const c of fresh) if (syncableObjects(c).length > 0) await ensureSyncSettings(c, now);
  const due = await db.syncSetting.findMany({
    where: {
      enabled: true,
      direction: { in: ["pull", "both"] },
      nextPullAt: { lte: now },
      connection: { status: "active", syncEnabled: true },
    },
    select: {
      id: true,
      connectionId: true,
      object: true,
      nextPullAt: true,
      pullIntervalMinutes: true,
      connection: { select: { provider: true, config: true } },
    },
    orderBy: { nextPullAt: "asc" },
    take: 500,
  });
  const out: { connectionId: string; object: RecordObject; dueAt: string }[] = [];
  for (const d of due) {
    const spec = syncableObjects(d.connection).find((o) => o.object === d.object)?.spec;
    if (!spec || !canPull(spec)) continue;
    // Claimed by moving nextPullAt: a second scheduler tick does not queue the same pull again.
    const claimed = await db.syncSetting.updateMany({
      where: { id: d.id, nextPullAt: d.nextPullAt },
      data: { nextPullAt: new Date(now.getTime() + d.pullIntervalMinutes * 60_000) },
    });
    if (claimed.count === 1) out.push({ connectionId: d.connectionId, object: d.object, dueAt: (d.nextPullAt ?? now).toISOString() });
  }
  return out;
}
