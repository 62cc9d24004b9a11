// Test-only functions covering every behaviour the embedded executor implements. Step bodies count
// their executions in `calls`, so tests can assert that memoized steps never ran again.
import { NonRetriableError, RetryAfterError, type Inngest } from "inngest";

export const calls = new Map<string, number>();
export const hit = (name: string): number => {
  const n = (calls.get(name) ?? 0) + 1;
  calls.set(name, n);
  return n;
};
export const concurrencyProbe = { active: new Map<string, number>(), max: new Map<string, number>() };
/** The order in which runs of the priority scenario did their work. */
export const startOrder: string[] = [];

async function probe(key: string): Promise<void> {
  const a = (concurrencyProbe.active.get(key) ?? 0) + 1;
  concurrencyProbe.active.set(key, a);
  concurrencyProbe.max.set(key, Math.max(concurrencyProbe.max.get(key) ?? 0, a));
  await new Promise((r) => setTimeout(r, 15));
  concurrencyProbe.active.set(key, (concurrencyProbe.active.get(key) ?? 1) - 1);
}

// The client type is widened: these functions are used with both the unsigned and the signed client.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Inngest client instance
export function scenarioFunctions(inngest: Inngest<any>) {
  const twoSteps = inngest.createFunction({ id: "two-steps", triggers: [{ event: "test/two" }] }, async ({ event, step }) => {
    const a = await step.run("first", () => {
      hit("two:first");
      return { a: Number(event.data.x) * 10 };
    });
    const b = await step.run("second", () => {
      hit("two:second");
      return { b: a.a + 1 };
    });
    return { a, b };
  });

  const fanA = inngest.createFunction({ id: "fan-a", triggers: [{ event: "test/fan.created" }] }, async () => hit("fan-a"));
  const fanWildcard = inngest.createFunction({ id: "fan-wildcard", triggers: [{ event: "test/fan.*" }] }, async () => hit("fan-wildcard"));
  const fanIf = inngest.createFunction(
    { id: "fan-if", triggers: [{ event: "test/fan.created", if: "event.data.amount > 100" }] },
    async () => hit("fan-if"),
  );

  const flaky = inngest.createFunction({ id: "flaky", retries: 2, triggers: [{ event: "test/flaky" }] }, async ({ step }) => {
    return step.run("flaky-step", () => {
      if (hit("flaky") < 3) throw new Error("transient failure");
      return "ok after retries";
    });
  });

  const nonRetriable = inngest.createFunction(
    { id: "non-retriable", retries: 3, triggers: [{ event: "test/nonretriable" }] },
    async ({ step }) => {
      try {
        await step.run("bad-input", () => {
          hit("bad-input");
          throw new NonRetriableError("input is invalid");
        });
      } catch (err) {
        return { caught: (err as Error).message };
      }
      return "unreachable";
    },
  );

  const retryAfter = inngest.createFunction(
    { id: "retry-after", retries: 1, triggers: [{ event: "test/retryafter" }] },
    async ({ step }) => {
      return step.run("limited", () => {
        if (hit("retry-after") === 1) throw new RetryAfterError("provider says later", "45s");
        return "done";
      });
    },
  );

  const catchesFinal = inngest.createFunction(
    { id: "catches-final", retries: 1, triggers: [{ event: "test/catches" }] },
    async ({ step }) => {
      try {
        await step.run("never-works", () => {
          hit("never-works");
          throw new Error("still broken");
        });
      } catch (err) {
        return { recovered: (err as Error).message };
      }
      return "unreachable";
    },
  );

  const failsWithHandler = inngest.createFunction(
    {
      id: "fails",
      retries: 0,
      triggers: [{ event: "test/fails" }],
      onFailure: async ({ event, error }) => {
        hit("on-failure");
        return { failedFunction: event.data.function_id, message: error.message };
      },
    },
    async () => {
      hit("fails");
      throw new Error("boom");
    },
  );

  const sleeper = inngest.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ event, step }) => {
    await step.sleep("nap", "2h");
    hit("after-nap");
    await step.sleepUntil("until", new Date(String(event.data.until)));
    return step.run("after-sleeps", () => hit("after-sleeps"));
  });

  const waiter = inngest.createFunction({ id: "waiter", triggers: [{ event: "test/order.created" }] }, async ({ step }) => {
    const approved = await step.waitForEvent("approval", { event: "test/order.approved", match: "data.orderId", timeout: "1d" });
    const paid = await step.waitForEvent("payment", {
      event: "test/order.paid",
      if: "async.data.amount >= 10 && event.data.orderId == async.data.orderId",
      timeout: "1h",
    });
    return { approvedBy: approved?.data.by ?? null, paid: paid ? paid.data.amount : null };
  });

  const child = inngest.createFunction({ id: "child", retries: 0, triggers: [{ event: "test/child.direct" }] }, async ({ event, step }) => {
    const v = await step.run("double", () => Number(event.data.n) * 2);
    if (event.data.fail) throw new NonRetriableError("child failed on purpose");
    return { doubled: v };
  });
  const parent = inngest.createFunction({ id: "parent", triggers: [{ event: "test/parent" }] }, async ({ event, step }) => {
    const ok = await step.invoke("call-child", { function: child, data: { n: 21 } });
    let failure: string | null = null;
    try {
      await step.invoke("call-child-failing", { function: child, data: { n: 1, fail: true } });
    } catch (err) {
      failure = (err as Error).message;
    }
    await step.sendEvent("notify", { name: "test/fan.sent", data: { from: event.data.tag } });
    await step.run("send-from-step", async () => {
      return await inngest.send({ name: "test/two", data: { x: 5 } });
    });
    return { ok, failure };
  });

  const parallel = inngest.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
    const [x, y, z] = await Promise.all([
      step.run("p1", () => (hit("p1"), 1)),
      step.run("p2", () => (hit("p2"), 2)),
      step.run("p3", () => (hit("p3"), 3)),
    ]);
    return step.run("sum", () => (hit("sum"), x + y + z));
  });

  const nightly = inngest.createFunction({ id: "nightly", triggers: [{ cron: "TZ=America/New_York 30 9 * * *" }] }, async ({ event }) => {
    hit("nightly");
    return { cron: (event.data as { cron?: string }).cron ?? null };
  });

  const limited = inngest.createFunction(
    { id: "limited", concurrency: { limit: 1, key: "event.data.connectionId" }, triggers: [{ event: "test/limited" }] },
    async ({ event, step }) => {
      await step.run("work", () => probe(String(event.data.connectionId)));
      await step.run("work-2", () => probe(String(event.data.connectionId)));
      return "ok";
    },
  );

  const throttled = inngest.createFunction(
    { id: "throttled", throttle: { limit: 1, period: "1m" }, triggers: [{ event: "test/throttled" }] },
    async () => hit("throttled"),
  );

  const rateLimited = inngest.createFunction(
    { id: "rate-limited", rateLimit: { limit: 1, period: "1h", key: "event.data.user" }, triggers: [{ event: "test/ratelimited" }] },
    async () => hit("rate-limited"),
  );

  const idempotent = inngest.createFunction(
    { id: "idempotent", idempotency: "event.data.orderId", triggers: [{ event: "test/idem" }] },
    async () => hit("idempotent"),
  );

  const cancellable = inngest.createFunction(
    { id: "cancellable", cancelOn: [{ event: "test/job.cancelled", match: "data.jobId" }], triggers: [{ event: "test/job.started" }] },
    async ({ step }) => {
      await step.sleep("long-wait", "1h");
      hit("cancellable-after");
      return "finished";
    },
  );

  const debounced = inngest.createFunction(
    { id: "debounced", debounce: { period: "5s", key: "event.data.recordId", timeout: "12s" }, triggers: [{ event: "test/debounced" }] },
    async ({ event, events }) => {
      hit("debounced");
      return { recordId: event.data.recordId, version: event.data.version, received: events.length };
    },
  );

  const batched = inngest.createFunction(
    {
      id: "batched",
      batchEvents: { maxSize: 3, timeout: "10s", key: "event.data.connectionId", if: "event.data.bulk == true" },
      triggers: [{ event: "test/batched" }],
    },
    async ({ events, step }) => {
      const ns = await step.run("push-batch", () => {
        hit("batched");
        return events.map((e) => Number(e.data.n));
      });
      return { connectionId: events[0]?.data.connectionId ?? null, ns };
    },
  );

  const singletonSkip = inngest.createFunction(
    { id: "singleton-skip", singleton: { key: "event.data.connectionId", mode: "skip" }, triggers: [{ event: "test/pull" }] },
    async ({ event, step }) => {
      await step.sleep("page-wait", "1m");
      return step.run("finish", () => (hit(`pull:${String(event.data.connectionId)}`), String(event.data.tag)));
    },
  );

  const singletonCancel = inngest.createFunction(
    { id: "singleton-cancel", singleton: { key: "event.data.connectionId", mode: "cancel" }, triggers: [{ event: "test/resync" }] },
    async ({ event, step }) => {
      await step.sleep("page-wait", "1m");
      return step.run("finish", () => (hit(`resync:${String(event.data.tag)}`), String(event.data.tag)));
    },
  );

  const prioritized = inngest.createFunction(
    {
      id: "prioritized",
      concurrency: 1,
      priority: { run: "event.data.urgent ? 600 : (event.data.later ? -600 : 0)" },
      triggers: [{ event: "test/prioritized" }],
    },
    async ({ event, step }) => step.run("work", () => (startOrder.push(String(event.data.label)), String(event.data.label))),
  );

  const withTimeouts = inngest.createFunction(
    { id: "with-timeouts", timeouts: { finish: "1h" }, triggers: [{ event: "test/timeouts" }] },
    async () => "ok",
  );

  const tenSteps = inngest.createFunction({ id: "ten-steps", triggers: [{ event: "test/ten" }] }, async ({ step }) => {
    let total = 0;
    for (let i = 0; i < 10; i++) total += await step.run(`s${i}`, () => i);
    return total;
  });

  return [
    twoSteps,
    fanA,
    fanWildcard,
    fanIf,
    flaky,
    nonRetriable,
    retryAfter,
    catchesFinal,
    failsWithHandler,
    sleeper,
    waiter,
    child,
    parent,
    parallel,
    nightly,
    limited,
    throttled,
    rateLimited,
    idempotent,
    cancellable,
    debounced,
    batched,
    singletonSkip,
    singletonCancel,
    prioritized,
    withTimeouts,
    tenSteps,
  ];
}
