// The embedded executor prunes its own history once a day (its private tables; nothing else prunes them).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { createHarness } from "@/inngest/executor/testing/harness";
import { scenarioFunctions } from "@/inngest/executor/testing/scenario-functions";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const DAY = 86_400_000;
const h = createHarness({ client: inngest, functions: scenarioFunctions(inngest) });

beforeAll(async () => {
  await h.executor.sync();
});

describe("executor housekeeping", () => {
  it("is queued at sync for 03:00 UTC the next day, once", async () => {
    await h.executor.sync();
    const items = await db.executorQueueItem.findMany({ where: { kind: "housekeeping" } });
    expect(items.map((i) => i.dueAt.toISOString())).toEqual(["2026-01-06T03:00:00.000Z"]);
  });

  it("deletes finished runs past 14 days with their steps and orphaned events, keeps the rest, and queues the next day", async () => {
    const now = h.clock();
    const old = new Date(now - 30 * DAY);
    const recent = new Date(now - 1 * DAY);
    for (const [id, endedAt, status] of [
      ["01HKOLD", old, "completed"],
      ["01HKRECENT", recent, "completed"],
      ["01HKOLDRUNNING", old, "running"],
    ] as const) {
      await db.executorEvent.create({ data: { id: `evt-${id}`, name: "x/y", payload: {}, receivedAt: endedAt } });
      await db.executorRun.create({
        data: {
          id,
          functionId: "f",
          status,
          eventId: `evt-${id}`,
          eventName: "x/y",
          event: {},
          events: [],
          maxAttempts: 1,
          createdAt: endedAt,
          ...(status === "completed" ? { endedAt } : {}),
        },
      });
      await db.executorStep.create({
        data: { runId: id, stepId: "s", name: "s", displayName: "s", op: "StepRun", status: "completed", startedAt: endedAt },
      });
    }
    await db.executorEvent.create({ data: { id: "evt-hk-orphan-old", name: "x/y", payload: {}, receivedAt: old } });
    await db.executorEvent.create({ data: { id: "evt-hk-orphan-recent", name: "x/y", payload: {}, receivedAt: recent } });

    const due = await db.executorQueueItem.findFirstOrThrow({ where: { kind: "housekeeping" } });
    h.clock.set(due.dueAt.getTime());
    await h.executor.drain();

    const runs = await db.executorRun.findMany({ where: { id: { startsWith: "01HK" } }, select: { id: true }, orderBy: { id: "asc" } });
    expect(runs.map((r) => r.id)).toEqual(["01HKOLDRUNNING", "01HKRECENT"]);
    expect(await db.executorStep.count({ where: { runId: "01HKOLD" } })).toBe(0);
    const events = await db.executorEvent.findMany({ where: { id: { startsWith: "evt-" } }, select: { id: true }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.id)).toEqual(["evt-01HKOLDRUNNING", "evt-01HKRECENT", "evt-hk-orphan-recent"]);
    const next = await db.executorQueueItem.findMany({ where: { kind: "housekeeping" } });
    expect(next.map((i) => i.dueAt.toISOString())).toEqual(["2026-01-07T03:00:00.000Z"]);
  });
});
