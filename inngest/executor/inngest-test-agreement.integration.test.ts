// Independent check: the same functions and events through Inngest's official test engine
// (@inngest/test, which runs the function in memory through the SDK's own execution engine) and through
// the embedded executor (the real serve handler over the protocol, state in the database) must give the
// same results.
//
// Compared: the product's functions (prune-job-history, refresh-oauth-tokens) and scenario functions with
// sequential and parallel steps, a batch (@inngest/test is handed the batch's events directly) and a
// debounced event. Not comparable, because @inngest/test does not model it (its README and
// shared/reference/inngest-protocol.md §3): a step error of any kind — it ends the test run with that
// error, where Inngest retries it or, when final (NonRetriableError, last attempt), hands it back to the
// function as a catchable StepError (non-retriable/catches-final differ for that reason); retries and
// RetryAfterError (its first failure is final),
// step.sleep / step.waitForEvent (they must be mocked; waitForEvent mocks fail on inngest 4.24), invoke,
// onFailure, cron scheduling, and all flow control (batching, debounce, singleton, priority, concurrency,
// throttle, rate limits, idempotency) — it runs one given execution, it does not schedule runs.
import { InngestTestEngine } from "@inngest/test";
import type { InngestFunction } from "inngest";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { functions as productFunctions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { scenarioFunctions } from "@/inngest/executor/testing/scenario-functions";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const scenarios = scenarioFunctions(inngest);
const h = createHarness({ client: inngest, functions: [...scenarios, ...productFunctions] });

type Ev = { name: string; data: Record<string, unknown> };

const byId = (id: string): InngestFunction.Any => {
  const fn = [...scenarios, ...productFunctions].find((f) => f.id() === id);
  if (!fn) throw new Error(`no function ${id}`);
  return fn as InngestFunction.Any;
};

/** Runs `events` through @inngest/test as one execution; returns its result (or throws its error). */
async function viaTestEngine(fnId: string, events: [Ev, ...Ev[]]): Promise<unknown> {
  const [first, ...rest] = events.map((e) => ({ ...e, ts: Date.now() }));
  const engine = new InngestTestEngine({ function: byId(fnId), events: [first!, ...rest] });
  const { result, error } = await engine.execute();
  if (error) throw new Error(`@inngest/test run of ${fnId} failed: ${JSON.stringify(error)}`);
  return result;
}

/** Sends `events` to the embedded executor and returns the outputs of the runs they started. */
async function viaExecutor(fnId: string, events: Ev[], settle: () => Promise<void> = () => h.advanceUntilIdle()): Promise<unknown[]> {
  const before = new Set((await h.runsOf(`switchboard-${fnId}`)).map((r) => r.id));
  await h.executor.send(events);
  await settle();
  const runs = (await h.runsOf(`switchboard-${fnId}`)).filter((r) => !before.has(r.id));
  expect(runs.map((r) => r.status)).toEqual(runs.map(() => "completed"));
  return runs.map((r) => (r.output as { v: unknown }).v);
}

beforeAll(async () => {
  await h.executor.sync();
});

describe("@inngest/test and the embedded executor agree", () => {
  it.each([
    ["two-steps", { name: "test/two", data: { x: 4 } }, { a: { a: 40 }, b: { b: 41 } }],
    ["ten-steps", { name: "test/ten", data: {} }, 45],
    ["parallel", { name: "test/parallel", data: {} }, 6],
  ] as const)("%s", async (fnId, event, expected) => {
    const official = await viaTestEngine(fnId, [event]);
    const ours = await viaExecutor(fnId, [event]);
    expect(official).toEqual(expected);
    expect(ours).toEqual([official]);
  });

  it("a batch: the executor forms it from events of one key; @inngest/test is given the same events", async () => {
    const [first, ...rest] = [1, 2, 3].map((n): Ev => ({ name: "test/batched", data: { connectionId: "agree", n, bulk: true } }));
    const events: [Ev, ...Ev[]] = [first!, ...rest];
    const official = await viaTestEngine("batched", events);
    const ours = await viaExecutor("batched", events);
    expect(official).toEqual({ connectionId: "agree", ns: [1, 2, 3] });
    expect(ours).toEqual([official]);
  });

  it("a debounced burst: the executor runs the last event, which is what @inngest/test is given", async () => {
    const burst = [1, 2, 3].map((version) => ({ name: "test/debounced", data: { recordId: "agree", version } }));
    const official = await viaTestEngine("debounced", [burst[2]!]);
    const ours = await viaExecutor("debounced", burst);
    expect(official).toEqual({ recordId: "agree", version: 3, received: 1 });
    expect(ours).toEqual([official]);
  });

  it("product: prune-job-history deletes the same expired buckets either way", async () => {
    const prefix = `agree-${Date.now()}`;
    const expired = (k: string) =>
      db.rateLimitBucket.create({ data: { key: `${prefix}-${k}`, count: 1, resetAt: new Date(Date.now() - 1000) } });
    await expired("a");
    const official = await viaTestEngine("prune-job-history", [{ name: "switchboard/jobs.prune-requested", data: {} }]);
    await expired("b");
    const ours = await viaExecutor("prune-job-history", [{ name: "switchboard/jobs.prune-requested", data: {} }]);
    // the same job also prunes dead sign-in rows, whose counts depend on what other test files left behind
    const buckets = (r: unknown) => (r as { rateLimitBuckets: number }).rateLimitBuckets;
    expect(buckets(official)).toBe(1);
    expect((ours as unknown[]).map(buckets)).toEqual([1]);
  });

  it("product: refresh-oauth-tokens reports the same sweep either way", async () => {
    const official = await viaTestEngine("refresh-oauth-tokens", [{ name: "switchboard/connections.refresh-requested", data: {} }]);
    const ours = await viaExecutor("refresh-oauth-tokens", [{ name: "switchboard/connections.refresh-requested", data: {} }]);
    expect(ours).toEqual([official]);
  });
});
