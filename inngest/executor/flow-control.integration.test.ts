// Scenario matrix, flow control that holds or replaces runs: batchEvents, debounce, singleton and
// priority.run, driven through the real serve handler (inngest/next) in-process on the real test
// database with a manual clock; buffered events survive a fresh executor on the same database.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { calls, scenarioFunctions, startOrder } from "@/inngest/executor/testing/scenario-functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const fnId = (id: string) => `switchboard-${id}`;
const h = createHarness({ client: inngest, functions: scenarioFunctions(inngest) });
const output = (run: { output: unknown }) => (run.output as { v: unknown } | null)?.v;
const eventData = (run: { events: unknown }) => (run.events as { data: Record<string, unknown> }[]).map((e) => e.data);

beforeAll(async () => {
  await h.executor.sync();
});
beforeEach(() => {
  calls.clear();
  startOrder.length = 0;
});

describe("batchEvents", () => {
  it("starts one run with maxSize events of the same key at once, and a short batch when its timeout passes", async () => {
    const t0 = h.clock();
    await h.executor.send([
      { name: "test/batched", data: { connectionId: "A", n: 1, bulk: true } },
      { name: "test/batched", data: { connectionId: "B", n: 10, bulk: true } },
      { name: "test/batched", data: { connectionId: "A", n: 2, bulk: true } },
    ]);
    await h.executor.send({ name: "test/batched", data: { connectionId: "A", n: 3, bulk: true } });
    await h.executor.drain();
    let runs = await h.runsOf(fnId("batched"));
    // A is full (3 of 3) and ran at once; B waits for its timeout.
    expect(runs.map((r) => [r.status, eventData(r).map((d) => d.n)])).toEqual([["completed", [1, 2, 3]]]);
    expect(output(runs[0]!)).toEqual({ connectionId: "A", ns: [1, 2, 3] });

    h.clock.set(t0 + 9_999);
    await h.executor.drain();
    expect(await h.runsOf(fnId("batched"))).toHaveLength(1);
    h.clock.set(t0 + 10_000);
    await h.advanceUntilIdle();
    runs = await h.runsOf(fnId("batched"));
    expect(runs.map((r) => [r.status, eventData(r).map((d) => d.n)])).toEqual([
      ["completed", [1, 2, 3]],
      ["completed", [10]],
    ]);
    expect(runs[1]!.startedAt!.getTime()).toBe(t0 + 10_000);
    expect(calls.get("batched")).toBe(2);
    expect(await db.executorBuffer.count({ where: { functionId: fnId("batched") } })).toBe(0);
  });

  it("runs events that fail `if` at once, in a batch of their own", async () => {
    await h.executor.send({ name: "test/batched", data: { connectionId: "C", n: 7, bulk: false } });
    await h.executor.drain();
    const runs = (await h.runsOf(fnId("batched"))).filter((r) => eventData(r)[0]?.connectionId === "C");
    expect(runs.map((r) => [r.status, eventData(r).map((d) => d.n)])).toEqual([["completed", [7]]]);
  });

  it("keeps an open batch in the database: a fresh executor on the same database starts it", async () => {
    await h.executor.send({ name: "test/batched", data: { connectionId: "D", n: 1, bulk: true } });
    const second = createHarness({ client: inngest, functions: scenarioFunctions(inngest) });
    second.clock.set(h.clock() + 10_000);
    await second.advanceUntilIdle();
    const runs = (await second.runsOf(fnId("batched"))).filter((r) => eventData(r)[0]?.connectionId === "D");
    expect(runs.map((r) => [r.status, eventData(r).map((d) => d.n)])).toEqual([["completed", [1]]]);
    h.executor.activate();
    h.clock.set(second.clock());
  });
});

describe("debounce", () => {
  it("runs a burst once, with the last event, after `period` of quiet, per key", async () => {
    const t0 = h.clock();
    await h.executor.send({ name: "test/debounced", data: { recordId: "r1", version: 1 } });
    h.clock.set(t0 + 3_000);
    await h.executor.drain();
    await h.executor.send({ name: "test/debounced", data: { recordId: "r1", version: 2 } });
    await h.executor.send({ name: "test/debounced", data: { recordId: "r2", version: 1 } });
    h.clock.set(t0 + 7_999); // r1's quiet period now ends at 8 s
    await h.executor.drain();
    expect(await h.runsOf(fnId("debounced"))).toEqual([]);
    h.clock.set(t0 + 8_000);
    await h.executor.drain();
    // both keys flush at the same moment: on PostgreSQL the two flushes run side by side, in either order
    const runs = (await h.runsOf(fnId("debounced"))).map((r) => [r.status, output(r)] as const);
    runs.sort(([, a], [, b]) => String((a as { recordId?: string }).recordId).localeCompare(String((b as { recordId?: string }).recordId)));
    expect(runs).toEqual([
      ["completed", { recordId: "r1", version: 2, received: 1 }],
      ["completed", { recordId: "r2", version: 1, received: 1 }],
    ]);
    expect(calls.get("debounced")).toBe(2);
  });

  it("never waits longer than `timeout` after the first event of a burst", async () => {
    const t0 = h.clock();
    for (let i = 0; i < 5; i++) {
      h.clock.set(t0 + i * 4_000); // every 4 s: the 5 s period never passes quietly
      await h.executor.drain();
      await h.executor.send({ name: "test/debounced", data: { recordId: "r3", version: i } });
    }
    const r3 = async () => (await h.runsOf(fnId("debounced"))).filter((r) => (output(r) as { recordId?: string })?.recordId === "r3");
    // Events at 0, 4 and 8 s: the 12 s timeout fires (drained at 12 s before that step's send) with version 2.
    const ran = await r3();
    expect(ran.map((r) => output(r))).toEqual([{ recordId: "r3", version: 2, received: 1 }]);
    expect(ran[0]!.startedAt!.getTime()).toBe(t0 + 12_000);
    h.clock.set(t0 + 16_000 + 5_000);
    await h.advanceUntilIdle();
    expect((await r3()).map((r) => (output(r) as { version: number }).version)).toEqual([2, 4]);
  });
});

describe("singleton", () => {
  it("skip: a second run for an active key is skipped; other keys and later runs go ahead", async () => {
    await h.executor.send({ name: "test/pull", data: { connectionId: "X", tag: "first" } });
    await h.executor.drain();
    await h.executor.send({ name: "test/pull", data: { connectionId: "X", tag: "second" } });
    await h.executor.send({ name: "test/pull", data: { connectionId: "Y", tag: "other" } });
    await h.advanceUntilIdle();
    let runs = await h.runsOf(fnId("singleton-skip"));
    expect(runs.map((r) => [r.status, output(r) ?? null])).toEqual([
      ["completed", "first"],
      ["skipped", null],
      ["completed", "other"],
    ]);
    expect(runs[1]!.skipReason).toContain("singleton");
    await h.executor.send({ name: "test/pull", data: { connectionId: "X", tag: "after" } });
    await h.advanceUntilIdle();
    runs = await h.runsOf(fnId("singleton-skip"));
    expect(runs.map((r) => r.status)).toEqual(["completed", "skipped", "completed", "completed"]);
    expect(calls.get("pull:X")).toBe(2);
  });

  it("cancel: a new run cancels the active run of its key and takes its place", async () => {
    await h.executor.send({ name: "test/resync", data: { connectionId: "X", tag: "old" } });
    await h.executor.drain();
    await h.executor.send({ name: "test/resync", data: { connectionId: "X", tag: "new" } });
    await h.advanceUntilIdle();
    const runs = await h.runsOf(fnId("singleton-cancel"));
    expect(runs.map((r) => [r.status, output(r) ?? null])).toEqual([
      ["cancelled", null],
      ["completed", "new"],
    ]);
    expect(calls.get("resync:old")).toBeUndefined();
    expect(calls.get("resync:new")).toBe(1);
    expect(await db.executorQueueItem.count({ where: { runId: runs[0]!.id } })).toBe(0);
  });
});

describe("priority.run", () => {
  it("orders queued runs: a positive factor overtakes the backlog, a negative one delays the start", async () => {
    const t0 = h.clock();
    const ev = (label: string, urgent = false, later = false) => ({ name: "test/prioritized", data: { label, urgent, later } });
    await h.executor.send([ev("late", false, true), ev("a"), ev("b"), ev("c")]);
    h.clock.set(t0 + 1_000);
    await h.executor.send(ev("sync-now", true));
    await h.advanceUntilIdle();
    expect(startOrder).toEqual(["sync-now", "a", "b", "c", "late"]);
    const late = (await h.runsOf(fnId("prioritized")))[0]!;
    expect(late.priority).toBe(-600);
    expect(late.startedAt!.getTime()).toBeGreaterThanOrEqual(t0 + 600_000);
  });
});
