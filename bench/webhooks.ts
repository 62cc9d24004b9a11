// npm run bench:webhooks [-- --seconds 15 --warmup 3 --concurrency 16 --process-after]
// The inbound webhook receiver under load, on in-memory PGlite unless PGLITE_DIR or DATABASE_URL say
// otherwise. A second process posts signed Loops deliveries (Standard Webhooks, a new contact each) on
// loopback for a fixed time, first to a baseline — a bare node:http server that only inserts the raw
// body into the same database, through the same plain driver the receiver's store statement uses — then
// to the receiver: receiveWebhook, the function the route app/api/webhooks/[provider]/[connectionId]
// calls (verify, replay guard, parse, store once, send the event), behind the same plain node:http server
// as the baseline, not Next's (whose own per-request cost is not the receiver's), its answer written as
// it is (receiveWebhookReply) rather than through the web Response the route hands to Next. Each run
// sends for --warmup seconds first, not measured (JIT, query plans, the remembered connection), then for
// --seconds measured. The embedded executor applies the deliveries through the sync engine during the
// load (or after it, --process-after). Then the baseline once more, with nothing else running (the
// receiver's events sent, the executor stopped until it is over): this host's speed drifts by tens of
// per cent between runs, so the receiver is compared with the mean of the baseline just before it and
// just after it.
// Prints accepted/s, p50/p95/p99 ack latency and this process's CPU per request for the three runs, the
// ratio of accepted/s and that of CPU per request, then waits until the inbox drains
// and checks, per acknowledged delivery, that it was processed exactly once (its row processed, one hub
// record for its contact, one record change). Goals: ratio >= 0.7, p99 ack < 50 ms, 0 lost, 0 doubled.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { serve } from "inngest/next";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    warmup: { type: "string", default: "3" },
    concurrency: { type: "string", default: "16" },
    "process-after": { type: "boolean", default: false },
  },
});
/** start applying deliveries only after the load (isolates the receiver; by default they are applied during it) */
const PROCESS_AFTER = values["process-after"] === true;
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const WARMUP = Number(values.warmup);

/** measured: accepted, refused and latencies after the warm-up; acked: every acknowledged contact id (warm-up included) */
type LoadResult = { accepted: number; refused: number; p50: number; p95: number; p99: number; acked: string[] };
/** A run with this process's CPU over it: µs per acknowledged request, and the share of one core used. */
type Run = LoadResult & { cpuPerRequestUs: number; cpuShare: number };

/** The load generator, run in a second node process: signed Loops contact.created deliveries, one new contact each. */
const GENERATOR = `
const { createHmac } = require("node:crypto");
const [url, secret, seconds, concurrency, tag, warmup] = process.argv.slice(1);
const key = Buffer.from(secret.slice(6), "base64");
const lat = []; const acked = []; let accepted = 0, refused = 0, n = 0;
const measureFrom = Date.now() + Number(warmup) * 1000;
const end = measureFrom + Number(seconds) * 1000;
async function worker(w) {
  while (Date.now() < end) {
    const i = n++;
    const id = "c-" + tag + "-" + w + "-" + i;
    const t = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ eventName: "contact.created", eventTime: t, webhookSchemaVersion: "1.0.0",
      contactIdentity: { id, email: id + "@bench.example", userId: null },
      contact: { id, email: id + "@bench.example", firstName: "Bench", lastName: String(i), source: "api", subscribed: true, userGroup: "", userId: null, mailingLists: {} } });
    const msg = "msg_" + tag + "_" + w + "_" + i;
    const sig = "v1," + createHmac("sha256", key).update(msg + "." + t + "." + body).digest("base64");
    const measured = Date.now() >= measureFrom;
    const t0 = performance.now();
    try {
      const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "webhook-id": msg, "webhook-timestamp": String(t), "webhook-signature": sig } });
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      const ok = res.status >= 200 && res.status < 300;
      if (ok) acked.push(id);
      if (measured) { if (ok) { accepted++; lat.push(ms); } else refused++; }
    } catch { if (measured) refused++; }
  }
}
Promise.all(Array.from({ length: Number(concurrency) }, (_, w) => worker(w))).then(() => {
  lat.sort((a, b) => a - b);
  const p = (q) => lat.length ? lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] : NaN;
  process.stdout.write(JSON.stringify({ accepted, refused, p50: p(0.5), p95: p(0.95), p99: p(0.99), acked }));
});
`;

/**
 * A load run, with the CPU this process (the server under test, the database on PGlite, and the executor
 * where it runs) used over it, warm-up included, per acknowledged request. The generator is another
 * process on the same cores: accepted/s is bound by whichever of the two runs out first (the baseline's by
 * the generator), while CPU per request is the server's own cost and moves far less with the host's load.
 */
async function runLoad(url: string, secret: string, tag: string): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const result = await runGenerator(url, secret, tag);
  const cpu = process.cpuUsage(cpu0);
  const wallUs = (performance.now() - wall0) * 1000;
  return {
    ...result,
    cpuPerRequestUs: (cpu.user + cpu.system) / Math.max(1, result.acked.length),
    cpuShare: (cpu.user + cpu.system) / wallUs,
  };
}

function runGenerator(url: string, secret: string, tag: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", GENERATOR, url, secret, String(SECONDS), String(CONCURRENCY), tag, String(WARMUP)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`generator exited ${code}`))));
  });
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

async function main() {
  const { startSandboxServer } = await import("@/lib/integrations/sandbox/test-server");
  const sandbox = await startSandboxServer();
  process.env.APP_URL = sandbox.origin;
  process.env.MASTER_KEY ??= randomBytes(32).toString("base64");
  process.env.SANDBOX_ENABLED ??= "true";
  const { resetEnvCache, embeddedExecutorSigningKey } = await import("@/lib/env");
  resetEnvCache();
  const { getDriver, closeDriver } = await import("@/lib/db/driver");
  const { applyMigrations } = await import("@/lib/db/migrate");
  await applyMigrations(getDriver());
  const { db } = await import("@/lib/db/client");
  const { createTestWorkspace } = await import("@/lib/testing/factories");
  const { createTestSandbox } = await import("@/lib/integrations/sandbox/test-context");
  const { connectApiKey } = await import("@/lib/connections/connect-api-key");
  const { receiveWebhookReply, WEBHOOK_MAX_BODY_BYTES } = await import("@/lib/webhooks/receive-webhook");
  const { sql } = await import("@/inngest/executor/sql-client");
  const { deliveryEventsSettled } = await import("@/lib/webhooks/send-delivery-events");

  const access = await createTestWorkspace();
  const sbx = await createTestSandbox("loops", { workspaceId: access.workspace.id, userId: access.user.id, count: 0 });
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const connectionId = (
    await connectApiKey(access, {
      provider: "loops",
      name: "Loops bench",
      environment: "sandbox",
      credentials: { apiKey: sbx.apiKey, webhookSigningSecret: secret },
    })
  ).id;

  // --- baseline: a bare node:http server inserting the raw body into the same database
  await sql(
    "CREATE TABLE IF NOT EXISTS bench_webhook_raw (id bigserial PRIMARY KEY, body text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())",
  );
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      sql("INSERT INTO bench_webhook_raw (body) VALUES ($1)", [Buffer.concat(chunks).toString("utf8")], "bench_webhook_raw_insert")
        .then(() => res.writeHead(200).end())
        .catch(() => res.writeHead(500).end());
    });
  });
  const bareOrigin = await listen(bare);
  const base = await runLoad(`${bareOrigin}/hook`, secret, "base");

  // --- the receiver, with the executor applying deliveries while the load runs
  const { inngest } = await import("@/inngest/client");
  const { functions } = await import("@/inngest/functions");
  const { EmbeddedExecutor } = await import("@/inngest/executor/embedded-executor");
  const { inProcessTransport } = await import("@/inngest/executor/transport");
  const executor = new EmbeddedExecutor({
    serveUrl: "http://bench.local/api/inngest",
    transport: inProcessTransport(serve({ client: inngest, functions })),
    signingKey: embeddedExecutorSigningKey(),
    log: { info: () => undefined, warn: () => undefined, error: (m: string, e?: unknown) => console.error(m, e) },
    pollMs: 50,
  });
  // the functions are synced before the load either way (a job runner that does not know them yet stores
  // the events without routing them; the sweeper would re-send those deliveries only after a minute)
  if (PROCESS_AFTER) await executor.sync();
  else await executor.start();
  // the receiver behind the same plain node:http server as the baseline: the body read bounded, then
  // receiveWebhook (what the route calls after its own bounded read) without turning its answer into a
  // web Response, which only the route needs; Next's request plumbing is not timed
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.byteLength;
      if (size > WEBHOOK_MAX_BODY_BYTES) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      const m = /^\/api\/webhooks\/([a-z0-9-]+)\/([^/]+)$/.exec(req.url ?? "");
      if (!m) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      receiveWebhookReply(
        { method: req.method ?? "POST", url: `http://${req.headers.host}${req.url}`, headers, body: Buffer.concat(chunks) },
        { provider: m[1]!, connectionId: m[2]! },
      )
        .then((r) => res.writeHead(r.status, r.headers).end(r.body))
        .catch(() => res.writeHead(500).end());
    });
  });
  const receiverOrigin = await listen(receiver);
  const real = await runLoad(`${receiverOrigin}/api/webhooks/loops/${connectionId}`, secret, "real");

  // --- the baseline again, with nothing else running: the events the receiver sends after its answers
  // are in, and the executor is stopped until it is over (this host's speed drifts; the receiver is
  // compared with the mean of a baseline run just before it and one just after)
  await deliveryEventsSettled();
  if (!PROCESS_AFTER) await executor.stop();
  const baseAfter = await runLoad(`${bareOrigin}/hook`, secret, "base2");
  bare.close();
  await sql("DROP TABLE bench_webhook_raw");
  await executor.start();
  // --- drain, then exactly-once checks
  const drainStart = Date.now();
  // PGlite applies ~100-250 deliveries/s here after a burst (one thread for the sync engine and the
  // database): a 10 s burst of ~30,000 takes minutes
  const drainLimitMs = Math.max(300_000, real.acked.length * 25);
  for (;;) {
    const open = await db.webhookDelivery.count({ where: { connectionId, status: { in: ["received", "processing"] } } });
    if (open === 0) break;
    if (Date.now() - drainStart > drainLimitMs)
      throw new Error(`${open} deliveries still not processed after ${drainLimitMs / 60_000} minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const drainS = (Date.now() - drainStart) / 1000;
  await executor.stop();
  receiver.close();
  // per acknowledged contact: its delivery rows (by contact id in the body), their status, its hub records and record changes
  const deliveries = await sql<{ contact: string; status: string }>(
    "SELECT raw_body::jsonb #>> '{contact,id}' AS contact, status::text AS status FROM webhook_deliveries WHERE connection_id = $1",
    [connectionId],
  );
  const linkRows = await sql<{ external_id: string; record_id: string }>(
    "SELECT external_id, record_id FROM record_links WHERE connection_id = $1",
    [connectionId],
  );
  const changeRows = await sql<{ record_id: string; n: number }>(
    "SELECT record_id, count(*)::int AS n FROM record_changes WHERE workspace_id = $1 GROUP BY record_id",
    [access.workspace.id],
  );
  const rowsOf = new Map<string, string[]>();
  for (const d of deliveries.rows) rowsOf.set(d.contact, [...(rowsOf.get(d.contact) ?? []), d.status]);
  const linksOf = new Map<string, string[]>();
  for (const l of linkRows.rows) linksOf.set(l.external_id, [...(linksOf.get(l.external_id) ?? []), l.record_id]);
  const changesOf = new Map(changeRows.rows.map((r) => [r.record_id, r.n]));
  let lost = 0;
  let doubled = 0;
  for (const contact of real.acked) {
    const rows = rowsOf.get(contact) ?? [];
    const recs = linksOf.get(contact) ?? [];
    if (rows.length === 0 || !rows.includes("processed") || recs.length === 0) lost++;
    else if (rows.length > 1 || recs.length > 1 || recs.some((r) => (changesOf.get(r) ?? 0) !== 1)) doubled++;
  }
  const stored = deliveries.rows.length;
  const processed = deliveries.rows.filter((d) => d.status === "processed").length;

  const driverName = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
  const fmt = (r: Run) => ({
    "accepted/s": Math.round(r.accepted / SECONDS),
    accepted: r.accepted,
    refused: r.refused,
    "p50 ms": r.p50.toFixed(1),
    "p95 ms": r.p95.toFixed(1),
    "p99 ms": r.p99.toFixed(1),
    "server CPU µs/request": Math.round(r.cpuPerRequestUs),
    "server CPU share": r.cpuShare.toFixed(2),
  });
  console.log(
    `\nbench:webhooks on ${driverName}, ${WARMUP} s warm-up + ${SECONDS} s measured per run, ${CONCURRENCY} concurrent senders (a second process), deliveries applied ${PROCESS_AFTER ? "after" : "during"} the load`,
  );
  console.table({
    "baseline before (bare http + insert)": fmt(base),
    "receiver (lib/webhooks)": fmt(real),
    "baseline after (bare http + insert)": fmt(baseAfter),
  });
  const baseline = (base.accepted + baseAfter.accepted) / 2;
  console.log(
    `ratio accepted/s receiver / baseline (mean of before and after): ${(real.accepted / Math.max(1, baseline)).toFixed(2)} (goal >= 0.7); p99 ack ${real.p99.toFixed(1)} ms (goal < 50)`,
  );
  const baselineCpu = (base.cpuPerRequestUs + baseAfter.cpuPerRequestUs) / 2;
  console.log(
    `ratio server CPU per request baseline / receiver: ${(baselineCpu / Math.max(1, real.cpuPerRequestUs)).toFixed(2)} (${Math.round(baselineCpu)} vs ${Math.round(real.cpuPerRequestUs)} µs${PROCESS_AFTER ? "" : ", the receiver's including the deliveries applied meanwhile"}${driverName === "PostgreSQL" ? "; PostgreSQL's own CPU not counted" : ""}; the ratio accepted/s approaches when the generator has cores of its own)`,
  );
  console.log(
    `drained in ${drainS.toFixed(1)} s: acknowledged ${real.acked.length} (warm-up included), stored ${stored}, processed ${processed}, hub records ${linkRows.rows.length}; per acknowledged delivery: lost ${lost}, doubled ${doubled}`,
  );
  await sandbox.close();
  await closeDriver();
  if (lost !== 0 || doubled !== 0) process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
