// The real product function, run by the embedded executor through the real serve handler.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  await h.executor.sync();
});

describe("prune-job-history", () => {
  it("is scheduled daily at 03:15 UTC", async () => {
    const item = await db.executorQueueItem.findFirst({ where: { kind: "cron", functionId: "switchboard-prune-job-history" } });
    expect(item?.dueAt.toISOString()).toBe("2026-01-06T03:15:00.000Z");
  });

  it("deletes finished runs past retention with their steps and events, and expired rate-limit buckets", async () => {
    const day = 86_400_000;
    const old = new Date(Date.now() - 30 * day);
    const recent = new Date(Date.now() - 1 * day);
    for (const [id, endedAt] of [
      ["01OLD", old],
      ["01RECENT", recent],
    ] as const) {
      await db.executorEvent.create({ data: { id: `evt-${id}`, name: "x/y", payload: {}, receivedAt: endedAt } });
      await db.executorRun.create({
        data: {
          id,
          functionId: "f",
          status: "completed",
          eventId: `evt-${id}`,
          eventName: "x/y",
          event: {},
          events: [],
          maxAttempts: 1,
          createdAt: endedAt,
          endedAt,
        },
      });
      await db.executorStep.create({
        data: { runId: id, stepId: "s", name: "s", displayName: "s", op: "StepRun", status: "completed", startedAt: endedAt },
      });
    }
    await db.executorEvent.create({ data: { id: "evt-orphan-old", name: "x/y", payload: {}, receivedAt: old } });
    await db.rateLimitBucket.create({ data: { key: "expired", count: 3, resetAt: new Date(Date.now() - 1000) } });
    await db.rateLimitBucket.create({ data: { key: "live", count: 1, resetAt: new Date(Date.now() + 60_000) } });

    await h.executor.send({ name: "switchboard/jobs.prune-requested", data: { retentionDays: 14 } });
    await h.advanceUntilIdle();

    const run = await db.executorRun.findFirstOrThrow({ where: { functionId: "switchboard-prune-job-history" } });
    expect(run.status).toBe("completed");
    expect((run.output as { v: unknown }).v).toEqual({ retentionDays: 14, history: { runs: 1, steps: 1, events: 2 }, rateLimitBuckets: 1 });
    expect(await db.executorRun.findUnique({ where: { id: "01OLD" } })).toBeNull();
    expect(await db.executorRun.findUnique({ where: { id: "01RECENT" } })).not.toBeNull();
    expect(await db.executorStep.count({ where: { runId: "01OLD" } })).toBe(0);
    expect((await db.rateLimitBucket.findMany()).map((b) => b.key)).toEqual(["live"]);
  });
});
