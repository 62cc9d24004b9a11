// npm run bench:sync [-- --contacts 50000 --changes 5000 --samples 30]
// The sync engine against the HubSpot sandbox (served in-process over real HTTP, through lib/http), on
// in-memory PGlite unless PGLITE_DIR or DATABASE_URL say otherwise. Measured in the same run:
//   - backfill: N sandbox contacts pulled into the hub through the engine (one transaction per page:
//     write path, links, checkpoint) vs the physical limit here: a loop that pages the same sandbox
//     and bulk-inserts the raw rows into a scratch table;
//   - push: M hub changes pushed to the sandbox through the engine (pending query, mapping, hash,
//     batch update, links and operation log) vs the adapter's batch update calls in a bare loop;
//   - p95 time from a hub change (a person's edit) to the value present in the sandbox, with the
//     embedded executor running the real functions (event -> fan-out -> push), while otherwise idle;
//   - peak RSS at each quarter of the backfill (it should stay flat as the record count grows), with the
//     JS heap and, on in-memory PGlite, the database's own size (it lives in this process's memory).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { serve } from "inngest/next";

const { values } = parseArgs({
  options: { contacts: { type: "string", default: "50000" }, changes: { type: "string", default: "5000" }, samples: { type: "string", default: "30" }, list: { type: "string", default: "100000" } },
});
const LIST = Number(values.list);
const CONTACTS = Number(values.contacts);
const CHANGES = Math.min(Number(values.changes), CONTACTS);
const SAMPLES = Number(values.samples);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
/** A step the job runner would retry (a transient error, e.g. a keep-alive socket the in-process sandbox server closed while this process was busy). */
let stepRetries = 0;
async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const retryable = (err as { details?: { retryable?: boolean } }).details?.retryable === true;
      if (!retryable || attempt >= 3) throw err;
      stepRetries++;
    }
  }
}
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const { startSandboxServer } = await import("@/lib/integrations/sandbox/test-server");
  const server = await startSandboxServer();
  process.env.APP_URL = server.origin;
  process.env.MASTER_KEY ??= randomBytes(32).toString("base64");
  process.env.SANDBOX_ENABLED ??= "true";
  const { resetEnvCache, embeddedExecutorSigningKey } = await import("@/lib/env");
  resetEnvCache();
  const { getDriver, closeDriver } = await import("@/lib/db/driver");
  const { applyMigrations } = await import("@/lib/db/migrate");
  await applyMigrations(getDriver());
  const { db } = await import("@/lib/db/client");
  const { createTestWorkspace } = await import("@/lib/testing/factories");
  const { createTestSandbox, sandboxConnectionContext } = await import("@/lib/integrations/sandbox/test-context");
  const { hubspot } = await import("@/lib/integrations/hubspot/definition");
  const { connectApiKey } = await import("@/lib/connections/connect-api-key");
  const { beginPull, endPull, pullStep, beginPush, endPush, pushStep } = await import("@/lib/sync/sync-jobs");
  const { writeRecordInTx } = await import("@/lib/records/write-record");
  const { updateRecord } = await import("@/lib/records/save-record");
  const { chunk } = await import("@/lib/integrations/object-contract");

  let peak = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const inMemoryDatabase = !process.env.DATABASE_URL && (process.env.PGLITE_DIR ?? "").startsWith("memory://");
  const access = await createTestWorkspace();
  const seedStart = performance.now();
  // The sandbox seeder fills the account (bounded INSERTs in one transaction), as a workspace's sandbox is made.
  const sbx = await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, key: "bench", count: CONTACTS });
  const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: sbx.apiKey } });
  const api = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts!;
  console.log(`filled the sandbox with ${CONTACTS} contacts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (not measured)`);
  const pageSize = hubspot.objects[0]!.capabilities.listChanged!.maxPageSize;

  // --- baseline: page the sandbox, bulk-insert the raw rows
  await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS bench_raw (id text, data jsonb)`);
  await db.$executeRawUnsafe(`TRUNCATE bench_raw`);
  let t = performance.now();
  let cursor: string | null = null;
  let rawCount = 0;
  for (;;) {
    const page = await retried(() => api.listChanged!({ checkpoint: cursor, limit: pageSize }));
    await db.$executeRawUnsafe(`INSERT INTO bench_raw (id, data) SELECT x->>'externalId', x FROM jsonb_array_elements($1::jsonb) x`, JSON.stringify(page.items));
    rawCount += page.items.length;
    cursor = page.checkpoint;
    if (!page.hasMore) break;
  }
  const baseBackfillS = (performance.now() - t) / 1000;
  if (rawCount !== CONTACTS) throw new Error(`baseline read ${rawCount} of ${CONTACTS}`);

  // --- the engine's backfill (lib steps, as the pull function runs them; no executor hops)
  const { id: connectionId } = await connectApiKey(access, { provider: "hubspot", name: "Bench", environment: "sandbox", credentials: { accessToken: sbx.apiKey } });
  peak = 0;
  peakHeap = 0;
  const rssAt: string[] = [];
  t = performance.now();
  const began = await beginPull(connectionId, "contact", "incremental", "manual");
  if ("skipped" in began) throw new Error(began.skipped);
  const run = { runId: began.runId, connectionId, object: "contact" as const, mode: began.mode, startedAt: began.startedAt, api };
  let done = 0;
  let nextMark = CONTACTS / 4;
  for (;;) {
    const page = await retried(() => pullStep({ ...run, cursor: null }));
    done = (await db.syncRun.findUniqueOrThrow({ where: { id: run.runId }, select: { readCount: true } })).readCount;
    if (done >= nextMark) {
      const dbSize = inMemoryDatabase ? Number((await db.$queryRawUnsafe<{ n: bigint }[]>("SELECT pg_database_size(current_database()) AS n"))[0]!.n) : null;
      rssAt.push(`${Math.round((done / CONTACTS) * 100)}%: ${mb(peak)} (JS heap ${mb(peakHeap)}${dbSize === null ? "" : `, in-memory database ${mb(dbSize)}`})`);
      nextMark += CONTACTS / 4;
    }
    if (!page.hasMore) break;
  }
  await endPull(run);
  const backfillS = (performance.now() - t) / 1000;
  const inHub = await db.hubRecord.count({ where: { workspaceId: access.workspace.id, object: "contact" } });
  if (inHub !== CONTACTS) throw new Error(`backfill wrote ${inHub} of ${CONTACTS}`);

  // --- push: baseline = the adapter's batch update in a bare loop
  const links = await db.recordLink.findMany({ where: { connectionId }, select: { recordId: true, externalId: true }, take: CHANGES, orderBy: { id: "asc" } });
  t = performance.now();
  for (const part of chunk(links, 100)) {
    const res = await retried(() => api.updateMany!(part.map((l, i) => ({ externalId: l.externalId!, fields: { jobtitle: `Baseline ${i}` } }))));
    if (res.some((r) => !r.ok)) throw new Error("baseline update failed");
  }
  const basePushS = (performance.now() - t) / 1000;
  // M hub changes (not measured), then the engine pushes them
  for (const part of chunk(links, 500)) {
    await db.$transaction(async (tx) => {
      for (const [i, l] of part.entries()) {
        await writeRecordInTx(tx, { workspaceId: access.workspace.id, object: "contact", recordId: l.recordId, fields: { company: `Bench Co ${i}` }, source: { kind: "system" } });
      }
    }, { timeout: 120_000 });
  }
  await db.recordChange.updateMany({ where: { workspaceId: access.workspace.id, sentAt: null }, data: { sentAt: new Date() } });
  t = performance.now();
  const push = await beginPush(connectionId, "contact");
  if ("skipped" in push) throw new Error(push.skipped);
  let pushed = 0;
  let after: Awaited<ReturnType<typeof pushStep>>["after"] = null;
  for (;;) {
    const res = await retried(() => pushStep({ runId: push.runId, connectionId, object: "contact", api, after }));
    after = res.after;
    if (res.processed === 0) break;
    pushed += res.processed;
  }
  await endPush({ runId: push.runId, connectionId, object: "contact" });
  const pushS = (performance.now() - t) / 1000;
  const { pendingForConnection } = await import("@/lib/sync/push-pending");
  if ((await pendingForConnection(access.workspace.id, connectionId, "contact", 1)).length > 0 || pushed < CHANGES - 100) throw new Error(`pushed ${pushed} of ${CHANGES}; changes still pending`);

  // --- p95 change -> sandbox with the real functions on the embedded executor
  const { inngest } = await import("@/inngest/client");
  const { functions } = await import("@/inngest/functions");
  const { EmbeddedExecutor } = await import("@/inngest/executor/embedded-executor");
  const { inProcessTransport } = await import("@/inngest/executor/transport");
  const executor = new EmbeddedExecutor({
    serveUrl: "http://bench.local/api/inngest",
    transport: inProcessTransport(serve({ client: inngest, functions })),
    signingKey: embeddedExecutorSigningKey(),
    log: { info: () => undefined, warn: () => undefined, error: (m: string, e?: unknown) => console.error(m, e) },
    // the production default poll interval (work queued in this process wakes the executor at once)
  });
  await executor.start();
  const latencies: number[] = [];
  const since = new Date();
  for (let i = 0; i < SAMPLES; i++) {
    const l = links[i % links.length]!;
    const value = `Latency ${i} ${randomBytes(3).toString("hex")}`;
    const t0 = performance.now();
    await updateRecord(access, "contact", l.recordId, { lastName: value });
    const deadline = t0 + 20_000;
    for (;;) {
      const r = await api.get!(l.externalId!);
      if (r?.fields.lastname === value) break;
      if (performance.now() > deadline) throw new Error("the change did not reach the sandbox within 20 s");
      await new Promise((res) => setTimeout(res, 10));
    }
    latencies.push(performance.now() - t0);
    // "While idle": the next change starts once the previous one's runs have finished (the push run
    // still closes its run after the sandbox has the value; a change arriving then waits for it).
    for (const idleBy = performance.now() + 20_000; performance.now() < idleBy; ) {
      if ((await db.executorRun.count({ where: { createdAt: { gte: since }, status: { in: ["queued", "running"] } } })) === 0) break;
      await new Promise((res) => setTimeout(res, 10));
    }
  }
  await executor.stop();
  // Where the time goes (median over the samples): the write and its event, the fan-out run, the push run.
  const runs = await db.executorRun.findMany({ where: { createdAt: { gte: since }, OR: [{ functionId: { endsWith: "sync-fan-out" } }, { functionId: { endsWith: "sync-push" } }] }, select: { functionId: true, createdAt: true, startedAt: true, endedAt: true, requests: true } });
  const med = (xs: number[]) => (xs.length ? pct(xs, 50).toFixed(0) : "-");
  const of = (fn: string) => runs.filter((r) => r.functionId.endsWith(fn) && r.startedAt && r.endedAt);
  const breakdown = (fn: string) => {
    const rs = of(fn);
    return `${rs.length} finished runs, queued ${med(rs.map((r) => r.startedAt!.getTime() - r.createdAt.getTime()))} ms, running ${med(rs.map((r) => r.endedAt!.getTime() - r.startedAt!.getTime()))} ms, ${med(rs.map((r) => r.requests))} SDK calls (medians)`;
  };
  clearInterval(sampler);

  const driverName = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
  console.log(`\nbench:sync on ${driverName} — ${CONTACTS} contacts backfilled, ${CHANGES} changes pushed, ${SAMPLES} latency samples`);
  console.table({
    backfill: { "records/s": Math.round(CONTACTS / backfillS), seconds: backfillS.toFixed(1), "baseline records/s": Math.round(CONTACTS / baseBackfillS), "ratio (goal >= 0.5)": (baseBackfillS / backfillS).toFixed(2) },
    push: { "records/s": Math.round(CHANGES / pushS), seconds: pushS.toFixed(1), "baseline records/s": Math.round(CHANGES / basePushS), "ratio (goal >= 0.5)": (basePushS / pushS).toFixed(2) },
  });
  console.log(`change -> sandbox: p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms (goal < 1000 ms)`);
  console.log(`  fan-out: ${breakdown("sync-fan-out")}\n  push:    ${breakdown("sync-push")}`);
  if (stepRetries > 0) console.log(`(${stepRetries} step(s) retried after a transient error, as the job runner would)`);
  console.log(`peak RSS during the backfill by progress: ${rssAt.join(", ")}; overall ${mb(Math.max(peak, process.memoryUsage().rss))}`);

  // --- the records list at LIST contacts in one workspace: first page, a deep page, search, filter
  if (LIST > 0) {
    const { createRecordsInTx } = await import("@/lib/records/write-record");
    const { listRecords } = await import("@/lib/records/list-records");
    const big = await createTestWorkspace();
    const statuses = ["new", "open", "qualified", "unqualified", "won"];
    const first = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken"];
    t = performance.now();
    for (let i = 0; i < LIST; i += 1000) {
      await db.$transaction(
        (tx) =>
          createRecordsInTx(
            tx,
            big.workspace.id,
            "contact",
            Array.from({ length: Math.min(1000, LIST - i) }, (_, j) => {
              const n = i + j;
              return { fields: { firstName: first[n % 10], lastName: `Person${n}`, email: `p${n}@corp${n % 97}.example`, phone: `+1415${String(5550000 + (n % 10000)).padStart(7, "0")}`, leadStatus: statuses[n % 5] }, source: { kind: "system" as const } };
            }),
          ),
        { timeout: 120_000 },
      );
    }
    const loadS = (performance.now() - t) / 1000;
    await db.recordChange.updateMany({ where: { workspaceId: big.workspace.id, sentAt: null }, data: { sentAt: new Date() } });
    const timeIt = async (fn: () => Promise<unknown>) => {
      const xs: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        await fn();
        xs.push(performance.now() - t0);
      }
      return `${pct(xs, 50).toFixed(1)} ms`;
    };
    let deepCursor: string | undefined;
    for (let k = 0; k < 20; k++) deepCursor = (await listRecords(big, "contact", { sort: "name", ...(deepCursor ? { cursor: deepCursor } : {}) })).nextCursor ?? undefined;
    console.log(`\nrecords list at ${LIST} contacts (loaded in bulk in ${loadS.toFixed(1)} s), median of 5:`);
    console.table({
      "first page, last changed first": { time: await timeIt(() => listRecords(big, "contact", {})) },
      "page 21, by name (keyset)": { time: await timeIt(() => listRecords(big, "contact", { sort: "name", ...(deepCursor ? { cursor: deepCursor } : {}) })) },
      "search a last name prefix": { time: await timeIt(() => listRecords(big, "contact", { q: "person4242" })) },
      "search a common first name": { time: await timeIt(() => listRecords(big, "contact", { q: "grace" })) },
      "search an e-mail": { time: await timeIt(() => listRecords(big, "contact", { q: "p777@corp1.example" })) },
      "filter by lead status": { time: await timeIt(() => listRecords(big, "contact", { status: "qualified" })) },
      "filter + search": { time: await timeIt(() => listRecords(big, "contact", { status: "won", q: "ada" })) },
    });
  }
  await server.close();
  await db.$disconnect();
  await closeDriver();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
