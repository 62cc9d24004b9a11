// npm run bench:executor [-- --runs 200 --concurrency 8]
// N runs of a 10-step function through the embedded executor (in-process transport to the real, signed
// serve handler; real database: in-memory PGlite unless PGLITE_DIR or DATABASE_URL say otherwise).
// Measured in the same run:
//   - throughput at the given concurrency (runs/s, steps/s);
//   - per step, one run at a time: the full cycle between two SDK calls of a run, the SDK call itself
//     (the serve handler answering in-process: the bare SDK cost), and the executor's own overhead
//     (cycle minus SDK call: load state, build + sign the request, verify, store the step durably,
//     queue the next call);
//   - the floor: one durable database write of a step's size (a committed INSERT of the same memo
//     row size, on the same database, through the same driver);
//   - ratios of the executor's per-step cost over (a) that durable write and (b) the bare SDK call.
import { performance } from "node:perf_hooks";
import { serve } from "inngest/next";
import { parseArgs } from "node:util";
import { db } from "@/lib/db/client";
import { embeddedExecutorSigningKey } from "@/lib/env";
import { closeDriver, getDriver } from "@/lib/db/driver";
import { applyMigrations } from "@/lib/db/migrate";
import { inngest } from "@/inngest/client";
import { immediateBackoff } from "@/inngest/executor/backoff";
import { EmbeddedExecutor } from "@/inngest/executor/embedded-executor";
import { sql } from "@/inngest/executor/sql-client";
import { inProcessTransport, type Transport } from "@/inngest/executor/transport";

const { values } = parseArgs({ options: { runs: { type: "string", default: "200" }, concurrency: { type: "string", default: "8" } } });
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const STEPS = 10;
const SEQUENTIAL_RUNS = Math.min(RUNS, 50);

// The same bodies are used by the function and by the baseline loop.
const bodies = Array.from({ length: STEPS }, (_, i) => (input: number) => ({ step: i, value: input * 31 + i }));

const benchFn = inngest.createFunction({ id: "bench-ten-steps", triggers: [{ event: "bench/ten" }] }, async ({ event, step }) => {
  let acc = Number(event.data.seed ?? 1);
  for (let i = 0; i < STEPS; i++) acc = (await step.run(`step-${i}`, () => bodies[i]!(acc))).value % 1_000_003;
  return acc;
});

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function main() {
  const driver = getDriver();
  await applyMigrations(driver);
  const handlers = serve({ client: inngest, functions: [benchFn] });
  // Per run: when each SDK call started and how long the serve handler took to answer it.
  const calls = new Map<string, { start: number; sdk: number }[]>();
  const base = inProcessTransport(handlers);
  const timed: Transport = {
    async request(method, url, headers, body) {
      const start = performance.now();
      const res = await base.request(method, url, headers, body);
      const runId = headers["x-run-id"];
      if (runId) calls.set(runId, [...(calls.get(runId) ?? []), { start, sdk: performance.now() - start }]);
      return res;
    },
  };
  const log = { info: () => undefined, warn: (m: string) => console.warn(m), error: (m: string, e?: unknown) => console.error(m, e) };
  const executor = new EmbeddedExecutor({
    serveUrl: "http://bench.local/api/inngest",
    transport: timed,
    backoff: immediateBackoff,
    log,
    maxInFlight: CONCURRENCY,
    // Signed, as in the product (the serve handler verifies every call).
    signingKey: embeddedExecutorSigningKey(),
  }).activate();
  await executor.sync();
  const fnId = "switchboard-bench-ten-steps";
  const completedOf = async (eventIds: string[]) =>
    db.executorRun.count({ where: { functionId: fnId, eventId: { in: eventIds }, status: "completed" } });

  // Warm-up (JIT, caches, plans), not measured.
  for (let i = 0; i < 3; i++) {
    await executor.send({ name: "bench/ten", data: { seed: 0 } });
    await executor.drain();
  }

  const t0 = performance.now();
  const ids = await executor.send(Array.from({ length: RUNS }, (_, i) => ({ name: "bench/ten", data: { seed: i + 1 } })));
  await executor.drain();
  const elapsed = (performance.now() - t0) / 1000;
  const completed = await completedOf(ids);
  if (completed !== RUNS) throw new Error(`expected ${RUNS} completed runs, got ${completed}`);

  // One run at a time: per-step cost without queueing behind other runs.
  calls.clear();
  const seqIds: string[] = [];
  for (let i = 0; i < SEQUENTIAL_RUNS; i++) {
    seqIds.push(...(await executor.send({ name: "bench/ten", data: { seed: i } })));
    await executor.drain();
  }
  if ((await completedOf(seqIds)) !== SEQUENTIAL_RUNS) throw new Error("sequential runs did not all complete");
  const cycle: number[] = [];
  const sdk: number[] = [];
  const overhead: number[] = [];
  for (const list of calls.values()) {
    for (let i = 0; i + 1 < list.length; i++) {
      const c = list[i + 1]!.start - list[i]!.start;
      cycle.push(c);
      sdk.push(list[i]!.sdk);
      overhead.push(c - list[i]!.sdk);
    }
  }

  // The floor: one durable write of a step's size — a committed INSERT of a memo row like the bench's.
  const memoSize = await sql<{ n: number }>(
    `SELECT COALESCE(avg(pg_column_size(memo)), 0)::int AS n FROM executor_steps s JOIN executor_runs r ON r.id = s.run_id
     WHERE r.function_id = $1 AND s.seq IS NOT NULL`,
    [fnId],
  );
  // A regular (WAL-logged) table: a temporary one would skip the very write-ahead log being measured.
  await sql(`CREATE TABLE IF NOT EXISTS executor_bench_floor (id serial PRIMARY KEY, run_id text, step_id text, memo jsonb)`);
  const sample = JSON.stringify({ v: { step: 3, value: 123456789 } });
  const writes: number[] = [];
  for (let i = 0; i < 400; i++) {
    const s0 = performance.now();
    await sql(`INSERT INTO executor_bench_floor (run_id, step_id, memo) VALUES ($1, $2, $3::jsonb)`, [
      "01JBENCHRUNID0000000000000",
      "e0996a37c13d44c3b06074939d43fa3759bd32c1",
      sample,
    ]);
    if (i >= 50) writes.push(performance.now() - s0);
  }
  await sql(`DROP TABLE executor_bench_floor`);

  // Baseline: the same step bodies called directly.
  const b0 = performance.now();
  let sink = 0;
  for (let r = 0; r < RUNS; r++) {
    let acc = r + 1;
    for (let i = 0; i < STEPS; i++) acc = (await Promise.resolve(bodies[i]!(acc))).value % 1_000_003;
    sink += acc;
  }
  const baseline = (performance.now() - b0) / 1000;

  const f = (n: number) => n.toFixed(2).padStart(7);
  const target = driver.target;
  console.log(`database: ${driver.kind}${target.kind === "pglite" ? ` (${target.dir})` : ""}`);
  console.log(`runs: ${RUNS} x ${STEPS} steps, concurrency ${CONCURRENCY}`);
  console.log(
    `throughput: ${elapsed.toFixed(2)} s -> ${(RUNS / elapsed).toFixed(1)} runs/s, ${((RUNS * STEPS) / elapsed).toFixed(1)} steps/s`,
  );
  console.log(`per step, one run at a time (${cycle.length} steps)      p50      p95`);
  console.log(`  full cycle between two SDK calls          ${f(pct(cycle, 50))}  ${f(pct(cycle, 95))} ms`);
  console.log(`  SDK call (serve handler, in-process)      ${f(pct(sdk, 50))}  ${f(pct(sdk, 95))} ms`);
  console.log(`  executor overhead (cycle - SDK call)      ${f(pct(overhead, 50))}  ${f(pct(overhead, 95))} ms`);
  console.log(
    `  durable write of a step (${String(memoSize.rows[0]?.n ?? 0).padStart(3)} B memo)     ${f(pct(writes, 50))}  ${f(pct(writes, 95))} ms`,
  );
  console.log(
    `ratios (p50): executor overhead / durable write ${(pct(overhead, 50) / pct(writes, 50)).toFixed(1)}x,` +
      ` executor overhead / SDK call ${(pct(overhead, 50) / pct(sdk, 50)).toFixed(2)}x, full cycle / SDK call ${(pct(cycle, 50) / pct(sdk, 50)).toFixed(2)}x`,
  );
  console.log(`direct loop (no executor): ${(baseline * 1000).toFixed(3)} ms for all runs (checksum ${sink})`);
  await closeDriver();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
