// The embedded executor while webhook requests are being answered in this process (lib/jobs/foreground.ts):
// its loop claims nothing until they leave a gap — a claim is a transaction on the database the answers
// use, and the calls it leases would wait for the gap anyway — and a due timer waits for the gap too.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { scenarioFunctions } from "@/inngest/executor/testing/scenario-functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { beginForeground, MAX_DEFER_MS } from "@/lib/jobs/foreground";

await isolateDatabase();

const h = createHarness({ client: inngest, functions: scenarioFunctions(inngest) });

beforeAll(async () => {
  await h.executor.start();
});
afterAll(async () => {
  await h.executor.stop();
});

it("claims no work while a webhook request is in flight, and runs it once the request has been answered", async () => {
  const end = beginForeground();
  try {
    const [eventId] = await h.executor.send({ name: "test/two", data: { x: 4 } });
    const run = () => db.executorRun.findFirst({ where: { functionId: "switchboard-two-steps", eventId: eventId! } });
    // the event wakes the loop: before this change it claimed the run's first call (starting the run) at once
    const until = Date.now() + Math.min(500, MAX_DEFER_MS / 4);
    while (Date.now() < until) {
      const r = await run();
      expect(r?.status).toBe("queued");
      expect(r?.startedAt).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    end();
    await vi.waitFor(async () => expect((await run())?.status).toBe("completed"), { timeout: 10_000, interval: 25 });
    expect((await run())?.output).toEqual({ v: { a: { a: 40 }, b: { b: 41 } } });
  } finally {
    end();
  }
});

it("a due timer (a batch's timeout) waits for a webhook request in flight to be answered before it flushes the batch", async () => {
  const key = `timer-${Date.now()}`;
  const batchRuns = () =>
    db.executorRun.count({ where: { functionId: "switchboard-batched", event: { path: ["data", "connectionId"], equals: key } } });
  const end = beginForeground();
  try {
    await h.executor.send({ name: "test/batched", data: { connectionId: key, n: 1, bulk: true } });
    h.clock.set(h.clock() + 11_000); // past the batch's 10 s timeout: its flush is due
    // tick() claims without waiting (the loop would wait); the timer it claimed waits for the gap
    const ticking = h.executor.tick();
    const until = Date.now() + Math.min(500, MAX_DEFER_MS / 4);
    while (Date.now() < until) {
      expect(await batchRuns()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    end();
    await ticking;
    expect(await batchRuns()).toBe(1);
  } finally {
    end();
  }
});
