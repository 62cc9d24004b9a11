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

  it("deletes expired rate-limit buckets and keeps live ones", async () => {
    const prefix = `prune-test-${Date.now()}`;
    await db.rateLimitBucket.create({ data: { key: `${prefix}-expired`, count: 3, resetAt: new Date(Date.now() - 1000) } });
    await db.rateLimitBucket.create({ data: { key: `${prefix}-live`, count: 1, resetAt: new Date(Date.now() + 60_000) } });

    await h.executor.send({ name: "switchboard/jobs.prune-requested", data: {} });
    await h.advanceUntilIdle();

    const run = await db.executorRun.findFirstOrThrow({ where: { functionId: "switchboard-prune-job-history" } });
    expect(run.status).toBe("completed");
    expect((run.output as { v: { rateLimitBuckets: number } }).v.rateLimitBuckets).toBeGreaterThanOrEqual(1);
    const left = await db.rateLimitBucket.findMany({ where: { key: { startsWith: prefix } }, select: { key: true } });
    expect(left.map((b) => b.key)).toEqual([`${prefix}-live`]);
  });
});
