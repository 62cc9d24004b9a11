// npm run bench:executor [-- --runs 200 --concurrency 8]
// N runs of a 10-step function through the embedded executor (in-process transport to the real serve
// handler, real database: in-memory PGlite unless DATABASE_URL is set), then the same step bodies called
// directly in a loop as the baseline. Prints runs/s, steps/s, p50/p95 step overhead and the ratio.
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
import { inProcessTransport, type Transport } from "@/inngest/executor/transport";

const { values } = parseArgs({ options: { runs: { type: "string", default: "200" }, concurrency: { type: "string", default: "8" } } });
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const STEPS = 10;

// The same bodies are used by the function and by the baseline loop.
const bodies = Array.from({ length: STEPS }, (_, i) => (input: number) => ({ step: i, value: input * 31 + i }));

const benchFn = inngest.createFunction({ id: "bench-ten-steps", triggers: [{ event: "bench/ten" }] }, async ({ event, step }) => {
  let acc = Number(event.data.seed ?? 1);
  for (let i = 0; i < STEPS; i++) acc = (await step.run(`step-${i}`, () => bodies[i]!(acc))).value % 1_000_003;
  return acc;
});

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  const driver = getDriver();
  await applyMigrations(driver);
  const handlers = serve({ client: inngest, functions: [benchFn] });
  // Time between consecutive SDK calls of one run = one full step cycle (claim, build request with the
  // memoized state, SDK replay + step body, store result, enqueue next). Bodies are ~free, so it is overhead.
  const lastCall = new Map<string, number>();
  const cycles: number[] = [];
  const sdkTimes: number[] = [];
  const base = inProcessTransport(handlers);
  const timed: Transport = {
    async request(method, url, headers, body) {
      const runId = headers["x-run-id"];
      const now = performance.now();
      if (runId) {
        const prev = lastCall.get(runId);
        if (prev !== undefined) cycles.push(now - prev);
        lastCall.set(runId, now);
      }
      const s0 = performance.now();
      const res = await base.request(method, url, headers, body);
      sdkTimes.push(performance.now() - s0);
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

  // Warm-up (JIT, caches), not measured.
  await executor.send({ name: "bench/ten", data: { seed: 0 } });
  await executor.drain();
  cycles.length = 0;

  const t0 = performance.now();
  await executor.send(Array.from({ length: RUNS }, (_, i) => ({ name: "bench/ten", data: { seed: i + 1 } })));
  await executor.drain();
  const elapsed = (performance.now() - t0) / 1000;
  const completed = await db.executorRun.count({ where: { functionId: "switchboard-bench-ten-steps", status: "completed" } });
  if (completed !== RUNS + 1) throw new Error(`expected ${RUNS + 1} completed runs, got ${completed}`);

  // Sequential pass (one run at a time) for the per-step overhead without queueing behind other runs.
  const seqCycles: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 50); i++) {
    cycles.length = 0;
    await executor.send({ name: "bench/ten", data: { seed: i } });
    await executor.drain();
    seqCycles.push(...cycles);
  }

  // Baseline: the same step bodies called directly.
  const b0 = performance.now();
  let sink = 0;
  for (let r = 0; r < RUNS; r++) {
    let acc = r + 1;
    for (let i = 0; i < STEPS; i++) acc = (await Promise.resolve(bodies[i]!(acc))).value % 1_000_003;
    sink += acc;
  }
  const baseline = (performance.now() - b0) / 1000;

  const sdkSorted = sdkTimes.slice(-seqCycles.length).sort((a, b) => a - b);
  const sorted = [...seqCycles].sort((a, b) => a - b);
  const perRunExecutor = elapsed / RUNS;
  const perRunDirect = baseline / RUNS;
  console.log(
    `database: ${driver.kind}${driver.kind === "pglite" ? ` (${driver.target.kind === "pglite" ? driver.target.dir : ""})` : ""}`,
  );
  console.log(`runs: ${RUNS} x ${STEPS} steps, concurrency ${CONCURRENCY}`);
  console.log(
    `executor: ${elapsed.toFixed(2)} s  ->  ${(RUNS / elapsed).toFixed(1)} runs/s, ${((RUNS * STEPS) / elapsed).toFixed(1)} steps/s`,
  );
  console.log(
    `step overhead (sequential, ${sorted.length} steps): p50 ${pct(sorted, 50).toFixed(2)} ms, p95 ${pct(sorted, 95).toFixed(2)} ms`,
  );
  console.log(`  of which the SDK call (serve handler, in-process): p50 ${pct(sdkSorted, 50).toFixed(2)} ms`);
  console.log(`direct loop: ${(baseline * 1000).toFixed(3)} ms total (checksum ${sink})`);
  console.log(
    `ratio executor/direct per run: ${(perRunExecutor / perRunDirect).toFixed(0)}x (${(perRunExecutor * 1000).toFixed(2)} ms vs ${(perRunDirect * 1000).toFixed(4)} ms)`,
  );
  await closeDriver();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
