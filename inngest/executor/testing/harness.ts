// Test harness: the real serve handler (inngest/next) in-process, the executor on the test database,
// and a manual clock. advanceUntilIdle() jumps the clock to the next due item, so sleeps, timeouts and
// backoff take no real time.
import { serve } from "inngest/next";
import type { Inngest, InngestFunction } from "inngest";
import { db } from "@/lib/db/client";
import { defaultBackoff } from "@/inngest/executor/backoff";
import { manualClock } from "@/inngest/executor/clock";
import { EmbeddedExecutor } from "@/inngest/executor/embedded-executor";
import type { ExecutorLog } from "@/inngest/executor/executor-context";
import { inProcessTransport, type Transport } from "@/inngest/executor/transport";
import { guardServe } from "@/inngest/serve-guard";

export const SERVE_URL = "http://switchboard.test/api/inngest";

export const quietLog = (warnings: string[] = []): ExecutorLog => ({
  info: () => undefined,
  warn: (m) => warnings.push(m),
  error: (m, err) => warnings.push(`${m} ${err instanceof Error ? err.message : String(err ?? "")}`),
});

export function createHarness(opts: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Inngest client instance
  client: Inngest<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- functions of any client
  functions: InngestFunction.Any[] | any[];
  signingKey?: string;
  backoff?: (attempt: number) => number;
  wrapTransport?: (t: Transport) => Transport;
}) {
  // Guarded like app/api/inngest/route.ts: bounded body, signature checked before the SDK parses.
  const handlers = guardServe(serve({ client: opts.client, functions: opts.functions }), () => (opts.signingKey ? [opts.signingKey] : []));
  const transport = inProcessTransport(handlers);
  const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  const warnings: string[] = [];
  const executor = new EmbeddedExecutor({
    serveUrl: SERVE_URL,
    transport: opts.wrapTransport ? opts.wrapTransport(transport) : transport,
    signingKey: opts.signingKey,
    clock,
    // The production table (Inngest's 15 s, 30 s, 1 m, … plus jitter) unless a test needs another.
    backoff: opts.backoff ?? defaultBackoff,
    log: quietLog(warnings),
    maxInFlight: 8,
  }).activate();

  async function advanceUntilIdle(maxJumps = 200): Promise<void> {
    for (let i = 0; i < maxJumps; i++) {
      await executor.drain();
      const next = await db.executorQueueItem.findFirst({
        where: { kind: { notIn: ["cron", "housekeeping"] } },
        orderBy: { dueAt: "asc" },
      });
      if (!next) return;
      clock.set(Math.max(clock(), next.dueAt.getTime()));
    }
  }

  async function runsOf(functionId: string) {
    return db.executorRun.findMany({ where: { functionId }, orderBy: { id: "asc" } });
  }

  return { handlers, clock, executor, warnings, advanceUntilIdle, runsOf };
}
