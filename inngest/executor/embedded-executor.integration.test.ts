// Scenario matrix: every behaviour of the embedded executor, driven through the real serve handler
// (inngest/next) in-process, on the real test database, with a manual clock.
import { createHash } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { nextCronTick } from "@/inngest/executor/cron-schedule";
import { getRun, listRuns, listSyncedFunctions } from "@/inngest/executor/read-runs";
import { calls, concurrencyProbe, scenarioFunctions } from "@/inngest/executor/testing/scenario-functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const fnId = (id: string) => `switchboard-${id}`;
const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
const h = createHarness({ client: inngest, functions: scenarioFunctions(inngest) });

async function onlyRun(id: string) {
  const runs = await h.runsOf(fnId(id));
  expect(runs).toHaveLength(1);
  return runs[0]!;
}
async function lastRun(id: string) {
  const runs = await h.runsOf(fnId(id));
  expect(runs.length).toBeGreaterThan(0);
  return runs[runs.length - 1]!;
}
const output = (run: { output: unknown }) => (run.output as { v: unknown } | null)?.v;

beforeAll(async () => {
  await h.executor.sync();
});
beforeEach(() => {
  calls.clear();
});

describe("sync", () => {
  it("stores every function from the in-band sync and reports unenforced options loudly", async () => {
    const fns = await listSyncedFunctions();
    expect(fns.map((f) => f.id)).toEqual(expect.arrayContaining([fnId("two-steps"), fnId("fails"), fnId("fails-failure")]));
    const withTimeouts = fns.find((f) => f.id === fnId("with-timeouts"));
    expect(withTimeouts?.unsupported.map((u) => u.option)).toEqual(["timeouts"]);
    expect(h.warnings.some((w) => w.includes("switchboard-with-timeouts") && w.includes("timeouts"))).toBe(true);
    for (const enforced of ["limited", "debounced", "batched", "singleton-skip", "singleton-cancel", "prioritized"]) {
      expect(fns.find((f) => f.id === fnId(enforced))?.unsupported, enforced).toEqual([]);
    }
  });

  it("schedules cron triggers from the synced config", async () => {
    const item = await db.executorQueueItem.findFirst({ where: { kind: "cron", functionId: fnId("nightly") } });
    expect(item?.dueAt.getTime()).toBe(nextCronTick("TZ=America/New_York 30 9 * * *", h.clock()));
  });
});

describe("steps", () => {
  it("memoizes steps: each body runs once, the output comes back, the timeline is recorded", async () => {
    const [eventId] = await h.executor.send({ name: "test/two", data: { x: 4 } });
    await h.advanceUntilIdle();
    const run = await onlyRun("two-steps");
    expect(run.status).toBe("completed");
    expect(output(run)).toEqual({ a: { a: 40 }, b: { b: 41 } });
    expect(run.eventId).toBe(eventId);
    expect(calls.get("two:first")).toBe(1);
    expect(calls.get("two:second")).toBe(1);
    const detail = await getRun(run.id);
    // What a restarted executor would replay: the memoized values as stored.
    expect(detail?.steps.map((s) => [s.name, s.status, s.attempts, s.order, s.output])).toEqual([
      ["first", "completed", 1, 1, { a: 40 }],
      ["second", "completed", 1, 2, { b: 41 }],
    ]);
    expect(detail?.steps[0]?.stepId).toBe(sha1("first"));
    // The manual clock does not move during this run: it starts and ends at the same instant.
    expect(detail?.durationMs).toBe(0);
  });

  it("fans an event out to every matching function: exact name, wildcard, and `if` expression", async () => {
    await inngest.send({ name: "test/fan.created", data: { amount: 50 } });
    await inngest.send({ name: "test/fan.created", data: { amount: 500 } });
    await h.advanceUntilIdle();
    expect(calls.get("fan-a")).toBe(2);
    expect(calls.get("fan-wildcard")).toBe(2);
    expect(calls.get("fan-if")).toBe(1);
  });

  it("runs parallel steps once each through StepPlanned and targeted calls", async () => {
    await h.executor.send({ name: "test/parallel", data: {} });
    await h.advanceUntilIdle();
    const run = await onlyRun("parallel");
    expect(run.status).toBe("completed");
    expect(output(run)).toBe(6);
    for (const s of ["p1", "p2", "p3", "sum"]) expect(calls.get(s)).toBe(1);
    expect(run.forceStepPlan).toBe(false);
    const detail = await getRun(run.id);
    expect(detail?.steps.filter((s) => s.status === "completed")).toHaveLength(4);
  });
});

describe("retries and errors", () => {
  it("retries a failing step with backoff until it succeeds", async () => {
    const t0 = h.clock();
    await h.executor.send({ name: "test/flaky", data: {} });
    await h.executor.drain();
    // The production backoff table: 15 s then 30 s, each plus up to 30 s of jitter.
    const first = await db.executorQueueItem.findFirstOrThrow({ where: { functionId: fnId("flaky") } });
    expect(first.attempt).toBe(1);
    expect(first.dueAt.getTime() - t0).toBeGreaterThanOrEqual(15_000);
    expect(first.dueAt.getTime() - t0).toBeLessThan(45_000);
    h.clock.set(first.dueAt.getTime());
    await h.executor.drain();
    const second = await db.executorQueueItem.findFirstOrThrow({ where: { functionId: fnId("flaky") } });
    expect(second.attempt).toBe(2);
    expect(second.dueAt.getTime() - h.clock()).toBeGreaterThanOrEqual(30_000);
    expect(second.dueAt.getTime() - h.clock()).toBeLessThan(60_000);
    await h.advanceUntilIdle();
    const run = await onlyRun("flaky");
    expect(run.status).toBe("completed");
    expect(output(run)).toBe("ok after retries");
    expect(calls.get("flaky")).toBe(3);
    expect(run.retries).toBe(2);
    expect((await getRun(run.id))?.steps[0]).toMatchObject({ name: "flaky-step", attempts: 3, status: "completed" });
  });

  it("does not retry a NonRetriableError; the function can catch it", async () => {
    await h.executor.send({ name: "test/nonretriable", data: {} });
    await h.advanceUntilIdle();
    const run = await onlyRun("non-retriable");
    expect(run.status).toBe("completed");
    expect(output(run)).toEqual({ caught: "input is invalid" });
    expect(calls.get("bad-input")).toBe(1);
  });

  it("honours RetryAfterError's Retry-After instead of the backoff", async () => {
    const t0 = h.clock();
    await h.executor.send({ name: "test/retryafter", data: {} });
    await h.executor.drain();
    const item = await db.executorQueueItem.findFirst({ where: { functionId: fnId("retry-after") } });
    expect(item!.dueAt.getTime() - t0).toBe(45_000);
    await h.advanceUntilIdle();
    expect((await onlyRun("retry-after")).status).toBe("completed");
  });

  it("memoizes StepFailed on the last attempt so the function can catch it", async () => {
    await h.executor.send({ name: "test/catches", data: {} });
    await h.advanceUntilIdle();
    const run = await onlyRun("catches-final");
    expect(output(run)).toEqual({ recovered: "still broken" });
    expect(calls.get("never-works")).toBe(2); // retries: 1 => 2 attempts
    expect((await getRun(run.id))?.steps[0]).toMatchObject({ status: "failed", attempts: 2, op: "StepFailed" });
  });

  it("fails the run and runs onFailure with the error", async () => {
    await h.executor.send({ name: "test/fails", data: {} });
    await h.advanceUntilIdle();
    const run = await onlyRun("fails");
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ message: "boom" });
    const failure = await onlyRun("fails-failure");
    expect(failure.status).toBe("completed");
    expect(output(failure)).toEqual({ failedFunction: fnId("fails"), message: "boom" });
    expect(calls.get("on-failure")).toBe(1);
    const failed = await listRuns({ functionId: fnId("fails"), status: "failed" });
    expect(failed[0]?.error?.message).toBe("boom");
  });
});

describe("timers, waits, invoke, events from functions", () => {
  it("sleeps (step.sleep and step.sleepUntil) without running anything early", async () => {
    const start = h.clock();
    const until = new Date(start + 5 * 3_600_000).toISOString();
    await h.executor.send({ name: "test/sleep", data: { until } });
    await h.executor.drain();
    h.clock.advance(2 * 3_600_000 - 1);
    await h.executor.drain();
    expect(calls.get("after-nap")).toBeUndefined();
    expect((await onlyRun("sleeper")).status).toBe("running");
    h.clock.advance(1);
    await h.executor.drain();
    expect(calls.get("after-nap")).toBe(1);
    h.clock.set(Date.parse(until));
    await h.executor.drain();
    const run = await onlyRun("sleeper");
    expect(run.status).toBe("completed");
    expect(calls.get("after-sleeps")).toBe(1);
    // The run lasted exactly as long as its sleeps; each sleep step as long as its own wait.
    const detail = await getRun(run.id);
    expect(detail?.durationMs).toBe(5 * 3_600_000);
    expect(detail?.steps.filter((s) => s.op === "Sleep").map((s) => [s.displayName, s.durationMs])).toEqual([
      ["nap", 2 * 3_600_000],
      ["until", 3 * 3_600_000],
    ]);
  });

  it("waits for a matching event (match and if), and resolves null on timeout", async () => {
    await h.executor.send({ name: "test/order.created", data: { orderId: "o-1" } });
    await h.executor.drain();
    await h.executor.send({ name: "test/order.approved", data: { orderId: "o-2", by: "mallory" } });
    await h.executor.send({ name: "test/order.approved", data: { orderId: "o-1", by: "alice" } });
    await h.executor.drain();
    await h.executor.send({ name: "test/order.paid", data: { orderId: "o-1", amount: 5 } }); // fails the `if`
    await h.executor.drain();
    expect((await onlyRun("waiter")).status).toBe("running");
    await h.advanceUntilIdle(); // the 1h payment wait times out
    const run = await onlyRun("waiter");
    expect(run.status).toBe("completed");
    expect(output(run)).toEqual({ approvedBy: "alice", paid: null });
  });

  it("invokes another function, gets its result or error, and sends events (step.sendEvent, inngest.send in a step)", async () => {
    await h.executor.send({ name: "test/parent", data: { tag: "p1" } });
    await h.advanceUntilIdle();
    const run = await onlyRun("parent");
    expect(run.status).toBe("completed");
    expect(output(run)).toMatchObject({ ok: { doubled: 42 } });
    expect(String((output(run) as { failure: string }).failure)).toContain("child failed on purpose");
    const children = await h.runsOf(fnId("child"));
    expect(children.map((c) => [c.eventName, c.status, c.parentRunId])).toEqual([
      ["inngest/function.invoked", "completed", run.id],
      ["inngest/function.invoked", "failed", run.id],
    ]);
    expect(calls.get("fan-wildcard")).toBe(1); // test/fan.sent from step.sendEvent
    expect(calls.get("two:first")).toBe(1); // test/two from inngest.send inside a step
  });

  it("runs cron functions at their next tick (TZ-aware) with inngest/scheduled.timer", async () => {
    const queued = await db.executorQueueItem.findFirst({ where: { kind: "cron", functionId: fnId("nightly") } });
    const tick = queued!.dueAt.getTime();
    expect(tick).toBe(nextCronTick("TZ=America/New_York 30 9 * * *", h.clock()));
    expect(new Date(tick).toISOString()).toMatch(/T14:30:00.000Z$/); // 09:30 in New York in January (EST)
    const firedAt = Math.max(tick, h.clock());
    h.clock.set(firedAt);
    await h.executor.drain();
    const run = await lastRun("nightly");
    expect(run.status).toBe("completed");
    expect(run.eventName).toBe("inngest/scheduled.timer");
    expect(output(run)).toEqual({ cron: "TZ=America/New_York 30 9 * * *" });
    const next = await db.executorQueueItem.findFirst({ where: { kind: "cron", functionId: fnId("nightly") } });
    expect(next!.dueAt.getTime()).toBe(nextCronTick("TZ=America/New_York 30 9 * * *", firedAt));
  });
});

describe("flow control", () => {
  it("limits concurrency per key and runs different keys side by side", async () => {
    concurrencyProbe.max.clear();
    await h.executor.send([
      { name: "test/limited", data: { connectionId: "c1" } },
      { name: "test/limited", data: { connectionId: "c1" } },
      { name: "test/limited", data: { connectionId: "c1" } },
      { name: "test/limited", data: { connectionId: "c2" } },
    ]);
    await h.advanceUntilIdle();
    const runs = await h.runsOf(fnId("limited"));
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
    expect(concurrencyProbe.max.get("c1")).toBe(1);
    expect(concurrencyProbe.max.get("c2")).toBe(1);
  });

  it("throttles run starts (queued, not dropped)", async () => {
    const t0 = h.clock();
    await h.executor.send([1, 2, 3].map((i) => ({ name: "test/throttled", data: { i } })));
    await h.advanceUntilIdle();
    const runs = await h.runsOf(fnId("throttled"));
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
    expect(runs.map((r) => r.startedAt!.getTime() - t0)).toEqual([0, 60_000, 120_000]);
  });

  it("rate-limits per key by skipping runs", async () => {
    await h.executor.send([
      { name: "test/ratelimited", data: { user: "u1" } },
      { name: "test/ratelimited", data: { user: "u1" } },
      { name: "test/ratelimited", data: { user: "u2" } },
    ]);
    await h.advanceUntilIdle();
    const runs = await h.runsOf(fnId("rate-limited"));
    expect(runs.map((r) => r.status)).toEqual(["completed", "skipped", "completed"]);
    expect(runs[1]?.skipReason).toContain("rateLimit");
    h.clock.advance(3_600_001);
    await h.executor.send({ name: "test/ratelimited", data: { user: "u1" } });
    await h.advanceUntilIdle();
    expect((await h.runsOf(fnId("rate-limited"))).filter((r) => r.status === "completed")).toHaveLength(3);
  });

  it("applies idempotency keys for 24 h", async () => {
    await h.executor.send({ name: "test/idem", data: { orderId: "A" } });
    await h.executor.send({ name: "test/idem", data: { orderId: "A" } });
    await h.executor.send({ name: "test/idem", data: { orderId: "B" } });
    await h.advanceUntilIdle();
    expect(calls.get("idempotent")).toBe(2);
    h.clock.advance(24 * 3_600_000 + 1);
    await h.executor.send({ name: "test/idem", data: { orderId: "A" } });
    await h.advanceUntilIdle();
    expect(calls.get("idempotent")).toBe(3);
  });

  it("de-duplicates events by id for 24 h", async () => {
    const ids1 = await inngest.send({ id: "evt-dedupe-1", name: "test/two", data: { x: 1 } });
    const ids2 = await inngest.send({ id: "evt-dedupe-1", name: "test/two", data: { x: 1 } });
    expect(ids1.ids).toEqual(["evt-dedupe-1"]);
    expect(ids2.ids).toEqual(["evt-dedupe-1"]);
    await h.advanceUntilIdle();
    expect(calls.get("two:first")).toBe(1);
    h.clock.advance(24 * 3_600_000 + 1);
    await inngest.send({ id: "evt-dedupe-1", name: "test/two", data: { x: 1 } });
    await h.advanceUntilIdle();
    expect(calls.get("two:first")).toBe(2);
  });

  it("cancels runs on a matching cancelOn event only", async () => {
    await h.executor.send({ name: "test/job.started", data: { jobId: "j1" } });
    await h.executor.send({ name: "test/job.started", data: { jobId: "j2" } });
    await h.executor.drain();
    await h.executor.send({ name: "test/job.cancelled", data: { jobId: "j1" } });
    await h.advanceUntilIdle();
    const runs = await h.runsOf(fnId("cancellable"));
    expect(runs.map((r) => r.status)).toEqual(["cancelled", "completed"]);
    expect(calls.get("cancellable-after")).toBe(1);
    expect(await db.executorQueueItem.count({ where: { runId: runs[0]!.id } })).toBe(0);
  });
});

describe("durability", () => {
  it("a fresh executor on the same database resumes a sleeping run; an expired lease is retried", async () => {
    await h.executor.send({ name: "test/sleep", data: { until: new Date(h.clock() + 3 * 3_600_000).toISOString() } });
    await h.executor.drain();
    const { createHarness: again } = await import("@/inngest/executor/testing/harness");
    const second = again({ client: inngest, functions: scenarioFunctions(inngest) });
    second.clock.set(h.clock() + 2 * 3_600_000);
    // Simulate a crash mid-request: the item is leased, never finished.
    const { claimDue } = await import("@/inngest/executor/queue");
    const claimed = await claimDue(second.executor.ctx, 10, 60_000);
    expect(claimed.length).toBeGreaterThan(0);
    await second.executor.drain();
    expect(calls.get("after-nap")).toBeUndefined(); // leased by the "dead" process
    second.clock.advance(60_001); // lease expired
    await second.advanceUntilIdle();
    const run = await lastRun("sleeper");
    expect(run.status).toBe("completed");
    // Code outside steps re-runs on every call; the step after the sleeps ran exactly once.
    expect(calls.get("after-nap")).toBeGreaterThanOrEqual(1);
    expect(calls.get("after-sleeps")).toBe(1);
    h.executor.activate();
    h.clock.set(second.clock());
  });
});
