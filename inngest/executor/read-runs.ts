// Read side of the embedded executor, for the sync dashboard: runs with their status, attempts,
// error and duration, a run's step timeline, and the synced functions with what is not enforced.
// Returns plain DTOs (no Prisma types).
import { z } from "zod";
import { db } from "@/lib/db/client";

export const runStatusSchema = z.enum(["queued", "running", "completed", "failed", "cancelled", "skipped"]);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const listRunsInputSchema = z.object({
  functionId: z.string().min(1).optional(),
  status: runStatusSchema.optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /** Return runs created before this run id (ULIDs sort by time). */
  before: z.string().optional(),
});

export type RunSummary = {
  id: string;
  functionId: string;
  status: RunStatus;
  eventName: string;
  eventId: string;
  /** SDK requests made, and how many of them were retries of a failed attempt */
  requests: number;
  retries: number;
  error: { name?: string; message?: string } | null;
  skipReason: string | null;
  parentRunId: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
};

export type StepTimelineEntry = {
  stepId: string;
  name: string;
  displayName: string;
  op: string;
  status: string;
  attempts: number;
  order: number | null;
  output: unknown;
  error: unknown;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
};

export type RunDetail = RunSummary & { output: unknown; event: unknown; steps: StepTimelineEntry[] };

type RunRow = Awaited<ReturnType<typeof db.executorRun.findFirstOrThrow>>;

function toSummary(r: RunRow): RunSummary {
  const err = r.error as { name?: unknown; message?: unknown } | null;
  return {
    id: r.id,
    functionId: r.functionId,
    status: runStatusSchema.catch("queued").parse(r.status),
    eventName: r.eventName,
    eventId: r.eventId,
    requests: r.requests,
    retries: r.retries,
    error:
      r.status === "failed" || r.status === "cancelled" || (r.status !== "completed" && err)
        ? {
            ...(typeof err?.name === "string" ? { name: err.name } : {}),
            ...(typeof err?.message === "string" ? { message: err.message } : {}),
          }
        : null,
    skipReason: r.skipReason,
    parentRunId: r.parentRunId,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    durationMs: r.endedAt ? r.endedAt.getTime() - (r.startedAt ?? r.createdAt).getTime() : null,
  };
}

export async function listRuns(input: z.input<typeof listRunsInputSchema> = {}): Promise<RunSummary[]> {
  const q = listRunsInputSchema.parse(input);
  const rows = await db.executorRun.findMany({
    where: {
      ...(q.functionId ? { functionId: q.functionId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.before ? { id: { lt: q.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: q.limit,
  });
  return rows.map(toSummary);
}

export async function getRun(runId: string): Promise<RunDetail | null> {
  const r = await db.executorRun.findUnique({ where: { id: runId } });
  if (!r) return null;
  const steps = await db.executorStep.findMany({ where: { runId }, orderBy: [{ startedAt: "asc" }, { seq: "asc" }] });
  return {
    ...toSummary(r),
    output: r.status === "completed" ? ((r.output as { v?: unknown } | null)?.v ?? null) : null,
    event: r.event,
    steps: steps.map((s) => {
      const memo = (s.memo as { v?: unknown } | null)?.v;
      return {
        stepId: s.stepId,
        name: s.name,
        displayName: s.displayName,
        op: s.op,
        status: s.status,
        attempts: s.attempts,
        order: s.seq,
        output: memo && typeof memo === "object" && "data" in memo ? (memo as { data: unknown }).data : (memo ?? null),
        error: s.error ?? null,
        startedAt: s.startedAt.toISOString(),
        endedAt: s.endedAt?.toISOString() ?? null,
        durationMs: s.endedAt ? s.endedAt.getTime() - s.startedAt.getTime() : null,
      };
    }),
  };
}

export type SyncedFunctionInfo = {
  id: string;
  name: string;
  triggers: unknown;
  unsupported: { option: string; message: string }[];
  syncedAt: string;
};

/** The synced functions, each with the config options the embedded executor does not enforce. */
export async function listSyncedFunctions(): Promise<SyncedFunctionInfo[]> {
  const rows = await db.executorFunction.findMany({ orderBy: { id: "asc" } });
  return rows.map((f) => ({
    id: f.id,
    name: f.name,
    triggers: (f.config as { triggers?: unknown }).triggers ?? [],
    unsupported: f.unsupported as { option: string; message: string }[],
    syncedAt: f.syncedAt.toISOString(),
  }));
}
