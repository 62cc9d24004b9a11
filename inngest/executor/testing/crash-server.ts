// A real server process for the SIGKILL/restart test: serves test functions over HTTP with the real
// serve handler and runs the embedded executor (startEmbeddedExecutor, HTTP transport) in the same
// process, on a file-backed PGlite. Every step body appends a line to $CRASH_LOG, so the test can count
// how often each one ran across a kill and a restart.
//   tsx inngest/executor/testing/crash-server.ts --log <file> [--send] [--trace]
import { appendFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { serve } from "inngest/next";
import { NextRequest } from "next/server";
import { getDriver } from "@/lib/db/driver";
import { applyMigrations } from "@/lib/db/migrate";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { startEmbeddedExecutor } from "@/inngest/executor/start";
import { httpTransport } from "@/inngest/executor/transport";
import { quietLog } from "@/inngest/executor/testing/harness";

const { values: args } = parseArgs({
  options: { log: { type: "string", default: "crash.log" }, send: { type: "boolean" }, trace: { type: "boolean" } },
});
const logFile = args.log;
const t0 = Date.now();
const mark = (line: string) => appendFileSync(logFile, `${line}\n`);
const trace = (line: string) => args.trace && console.error(`${Date.now() - t0}ms ${line}`);

const crashTest = inngest.createFunction({ id: "crash-test", retries: 3, triggers: [{ event: "test/crash" }] }, async ({ step }) => {
  await step.run("s1", () => mark("s1"));
  await step.run("s2", async () => {
    mark("s2-start");
    await new Promise((r) => setTimeout(r, 1_500)); // the test kills the process in here
    mark("s2-end");
  });
  await step.sleep("nap", "1s");
  await step.run("s3", () => mark("s3"));
  return "survived";
});

// Events held by batchEvents / debounce when the process dies must still become their runs after restart.
const crashBatch = inngest.createFunction(
  { id: "crash-batch", batchEvents: { maxSize: 10, timeout: "4s" }, triggers: [{ event: "test/crash.batch" }] },
  async ({ events }) => mark(`batch ${JSON.stringify(events.map((e) => e.data.n))}`),
);
const crashDebounce = inngest.createFunction(
  { id: "crash-debounce", debounce: { period: "3s" }, triggers: [{ event: "test/crash.debounce" }] },
  async ({ event }) => mark(`debounce ${String(event.data.n)}`),
);

const handlers = serve({ client: inngest, functions: [crashTest, crashBatch, crashDebounce] });

async function main() {
  trace("main");
  await applyMigrations(getDriver());
  trace("migrated");
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = (req.method ?? "GET") as "GET" | "POST" | "PUT";
      const body = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const request = new NextRequest(`http://127.0.0.1${req.url ?? "/"}`, {
        method,
        headers,
        ...(body && method !== "GET" ? { body } : {}),
      });
      const handler = handlers[method] ?? handlers.GET;
      handler(request, undefined)
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
          res.end(await r.text());
        })
        .catch((err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const { ready } = startEmbeddedExecutor({
    serveUrl: `http://127.0.0.1:${port}/api/inngest`,
    transport: httpTransport(),
    backoff: () => 100,
    pollMs: 50,
    log: quietLog(),
  });
  await ready;
  trace("synced");
  if (args.send) {
    await inngest.send([
      { name: "test/crash.batch", data: { n: 1 } },
      { name: "test/crash.batch", data: { n: 2 } },
      { name: "test/crash.debounce", data: { n: 1 } },
      { name: "test/crash.debounce", data: { n: 2 } },
    ]);
    await inngest.send({ name: "test/crash", data: {} });
  }
  mark(`ready pid=${process.pid}`);
  trace("sent");
  for (;;) {
    const run = await db.executorRun.findFirst({ where: { functionId: "switchboard-crash-test" } });
    const buffered = await db.executorRun.count({
      where: { functionId: { in: ["switchboard-crash-batch", "switchboard-crash-debounce"] }, status: { in: ["completed", "failed"] } },
    });
    if (run && ["completed", "failed"].includes(run.status) && buffered === 2) {
      trace("done");
      mark(`run ${run.status} ${JSON.stringify(run.output)}`);
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().catch((err: unknown) => {
  mark(`error ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
