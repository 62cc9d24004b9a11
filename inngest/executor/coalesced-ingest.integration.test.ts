// Coalesced event ingest (inngest/executor/ingest-queue.ts + ingestPrepared): concurrent sends share
// one transaction and one statement per kind of work, with the outcome of ingesting them one at a
// time — an id is stored and routed once however many sends carry it, runs start once per event
// (or batch), and a waitForEvent is resumed by the first matching event of a coalesced group.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { calls, scenarioFunctions } from "@/inngest/executor/testing/scenario-functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { prepareEvent } from "@/inngest/executor/ingest-events";
import { ingestAppendOnly } from "@/inngest/executor/ingest-fast-path";

await isolateDatabase();

const fnId = (id: string) => `switchboard-${id}`;
const h = createHarness({ client: inngest, functions: scenarioFunctions(inngest) });
const output = (run: { output: unknown }) => (run.output as { v: unknown } | null)?.v;
/** the next macrotask: by then the group the sends before it joined is committing, so later sends form another group */
const nextTask = () => new Promise<void>((r) => setImmediate(r));

beforeAll(async () => {
  await h.executor.sync();
});
beforeEach(() => {
  calls.clear();
});

async function runsFor(functionId: string, eventIds: string[]) {
  return db.executorRun.findMany({ where: { functionId: fnId(functionId), eventId: { in: eventIds } }, orderBy: { id: "asc" } });
}

describe("coalesced ingest", () => {
  it("stores each id once and starts each run once when concurrent sends repeat ids", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `coalesce-${i}`);
    const event = (i: number) => ({ id: ids[i]!, name: "test/fan.created", data: { i, amount: 500 } });
    // Wave 1: every id three times (once with the same id twice in one send), all in flight together.
    const wave1 = [
      ...ids.map((_, i) => h.executor.send(event(i))),
      ...ids.map((_, i) => h.executor.send([event(i), event(i)])),
      h.executor.send(ids.map((_, i) => event(i))),
    ];
    await nextTask();
    // Wave 2, while wave 1 commits: the same ids again (a later group: de-duplicated by the stored rows).
    const wave2 = ids.map((_, i) => h.executor.send(event(i)));
    const answers = await Promise.all([...wave1, ...wave2]);
    expect(answers.slice(0, 30)).toEqual(ids.map((id) => [id]));
    expect(answers[30]).toEqual([ids[0], ids[0]]);
    expect(answers[60]).toEqual(ids);

    const stored = await db.executorEvent.findMany({ where: { id: { in: ids } }, select: { id: true } });
    expect(stored.map((e) => e.id).sort()).toEqual([...ids].sort());
    for (const fn of ["fan-a", "fan-wildcard", "fan-if"]) {
      const runs = await runsFor(fn, ids);
      expect(runs.map((r) => r.eventId).sort(), fn).toEqual([...ids].sort());
    }
    // Runs start in arrival order.
    expect((await runsFor("fan-a", ids)).map((r) => r.eventId)).toEqual(ids);
    await h.executor.drain();
    expect(calls.get("fan-a")).toBe(30);
    expect(calls.get("fan-if")).toBe(30);
  });

  it("fills batches across the events of concurrent sends: each event in exactly one batch, in order", async () => {
    const t0 = h.clock();
    const ev = (n: number) => ({ id: `coalesce-batch-${n}`, name: "test/batched", data: { connectionId: "CB", n, bulk: true } });
    // 7 events, each sent twice, concurrently: two full batches of 3 at once, the 7th waits for the timeout.
    await Promise.all([1, 2, 3, 4, 5, 6, 7].flatMap((n) => [h.executor.send(ev(n)), h.executor.send(ev(n))]));
    await h.executor.drain();
    const batchedRuns = async () =>
      (await h.runsOf(fnId("batched")))
        .map((r) => (r.events as { data: { connectionId: string; n: number } }[]).map((e) => e.data))
        .filter((d) => d[0]?.connectionId === "CB")
        .map((d) => d.map((x) => x.n));
    expect(await batchedRuns()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    h.clock.set(t0 + 10_000);
    await h.advanceUntilIdle();
    expect(await batchedRuns()).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await db.executorBuffer.count({ where: { functionId: fnId("batched"), key: "CB" } })).toBe(0);
  });

  it("opens, appends to and fills batches on plain SQL, with appendToBatch's outcome, and leaves the rest to the full path", async () => {
    const ev = (n: number, extra: Record<string, unknown> = {}) =>
      prepareEvent(h.executor.ctx, { id: `fast-${n}`, name: "test/batched", data: { connectionId: "FP", n, bulk: true, ...extra } });
    const stored = async (ids: string[]) =>
      (await db.executorEvent.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((e) => e.id).sort();
    const buffer = () => db.executorBuffer.findFirst({ where: { functionId: fnId("batched"), key: "FP" } });
    const flushItems = async () =>
      (await db.executorQueueItem.findMany({ where: { kind: "flush", functionId: fnId("batched") } })).map((q) => q.key);
    const runs = async () =>
      (await h.runsOf(fnId("batched")))
        .map((r) => (r.events as { data: { connectionId: string; n: number } }[]).map((e) => e.data))
        .filter((d) => d[0]?.connectionId === "FP")
        .map((d) => d.map((x) => x.n));
    // No open batch: opened here, with its flush item (due after the timeout).
    expect(await ingestAppendOnly(h.executor.ctx, [ev(1)])).toBe(true);
    const first = await buffer();
    expect(first?.size).toBe(1);
    expect(await flushItems()).toContain(`flush:${first!.id}`);
    // An open batch with room: appended, in order, the events stored.
    expect(await ingestAppendOnly(h.executor.ctx, [ev(2)])).toBe(true);
    expect(await stored(["fast-1", "fast-2"])).toEqual(["fast-1", "fast-2"]);
    expect(((await buffer())?.events as { data: { n: number } }[]).map((e) => e.data.n)).toEqual([1, 2]);
    // An id already stored, an event failing the batch's `if`, a repeated id in the group: the full
    // path's, and nothing written here.
    expect(await ingestAppendOnly(h.executor.ctx, [ev(2)])).toBe(false);
    expect(await ingestAppendOnly(h.executor.ctx, [ev(4, { bulk: false })])).toBe(false);
    expect(await ingestAppendOnly(h.executor.ctx, [ev(5), ev(5)])).toBe(false);
    expect(await stored(["fast-4", "fast-5"])).toEqual([]);
    expect((await buffer())?.size).toBe(2);
    // Five more events: the open batch fills (a run with 1, 2, 3), another full batch (4, 5, 6) starts
    // at once, and 7 opens the next batch; the filled batch's flush item is gone.
    expect(
      await ingestAppendOnly(
        h.executor.ctx,
        [3, 4, 5, 6, 7].map((n) => ev(n)),
      ),
    ).toBe(true);
    const next = await buffer();
    expect(next?.id).not.toBe(first!.id);
    expect((next?.events as { data: { n: number } }[]).map((e) => e.data.n)).toEqual([7]);
    expect(await flushItems()).not.toContain(`flush:${first!.id}`);
    expect(await flushItems()).toContain(`flush:${next!.id}`);
    await h.executor.drain();
    expect(await runs()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(calls.get("batched")).toBe(2);
  });

  it("leaves events that a waitForEvent may be waiting for to the full path", async () => {
    await h.executor.send({ name: "test/order.created", data: { orderId: "fp-wait" } });
    await h.executor.drain();
    const approval = prepareEvent(h.executor.ctx, { id: "fast-approval", name: "test/order.approved", data: { orderId: "fp-wait" } });
    expect(await ingestAppendOnly(h.executor.ctx, [approval])).toBe(false);
    expect(await db.executorEvent.count({ where: { id: "fast-approval" } })).toBe(0);
  });

  it("resumes a waitForEvent with the first matching event of a coalesced group, once", async () => {
    await Promise.all([
      h.executor.send({ name: "test/order.created", data: { orderId: "cw-1" } }),
      h.executor.send({ name: "test/order.created", data: { orderId: "cw-2" } }),
    ]);
    await h.executor.drain();
    const waiting = (await h.runsOf(fnId("waiter"))).filter((r) =>
      String((r.event as { data: { orderId: string } }).data.orderId).startsWith("cw-"),
    );
    expect(waiting.map((r) => r.status)).toEqual(["running", "running"]);
    expect(await db.executorWait.count({ where: { runId: { in: waiting.map((r) => r.id) } } })).toBe(2);

    // One group: an approval for nobody, one for each run, and a second approval of cw-1 that comes too late.
    await Promise.all([
      h.executor.send({ name: "test/order.approved", data: { orderId: "cw-9", by: "nobody" } }),
      h.executor.send({ name: "test/order.approved", data: { orderId: "cw-1", by: "bob" } }),
      h.executor.send({ name: "test/order.approved", data: { orderId: "cw-2", by: "carol" } }),
      h.executor.send({ name: "test/order.approved", data: { orderId: "cw-1", by: "eve" } }),
    ]);
    await h.executor.drain();
    // Both moved on to the payment wait; then one group pays both.
    expect(await db.executorWait.findMany({ where: { runId: { in: waiting.map((r) => r.id) } }, select: { eventName: true } })).toEqual([
      { eventName: "test/order.paid" },
      { eventName: "test/order.paid" },
    ]);
    await Promise.all([
      h.executor.send({ name: "test/order.paid", data: { orderId: "cw-2", amount: 30 } }),
      h.executor.send({ name: "test/order.paid", data: { orderId: "cw-1", amount: 20 } }),
    ]);
    await h.executor.drain();
    const done = await db.executorRun.findMany({ where: { id: { in: waiting.map((r) => r.id) } }, orderBy: { id: "asc" } });
    expect(done.map((r) => [r.status, output(r)])).toEqual([
      ["completed", { approvedBy: "bob", paid: 20 }],
      ["completed", { approvedBy: "carol", paid: 30 }],
    ]);
  });
});
