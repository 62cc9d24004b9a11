// A real server process for the backfill SIGKILL/restart test (lib/sync/backfill-crash.integration.test.ts):
// one HTTP server on APP_URL serving the real Inngest functions (/api/inngest, the serve route's handler
// and guard) and the provider sandboxes (/sandbox/<slug>/..., the sandbox route's dispatcher), and the
// embedded executor started as the server starts it (startEmbeddedExecutor, HTTP transport), on the
// database the environment names (PGLITE_DIR or DATABASE_URL) — so only this process touches a PGlite dir.
//   tsx lib/sync/testing/backfill-crash-test-worker.ts --log <file> [--setup <count>]
// --setup: make a workspace, a HubSpot sandbox account with <count> contacts and a connection to it, and
// ask for its backfill. Every run: report the backfill's progress ("progress <read> <status>") to the log
// until the run has ended, then one "result <json>" line with what the test checks, and exit.
import { appendFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { serve } from "inngest/next";
import { NextRequest } from "next/server";
import { getDriver } from "@/lib/db/driver";
import { applyMigrations } from "@/lib/db/migrate";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { inngest, servingSigningKeys } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { guardServe } from "@/inngest/serve-guard";
import { startEmbeddedExecutor } from "@/inngest/executor/start";
import { quietLog } from "@/inngest/executor/testing/harness";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { dispatchSandboxRequest } from "@/lib/integrations/sandbox/dispatch";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";
import { createTestWorkspace } from "@/lib/testing/factories";

const { values: args } = parseArgs({ options: { log: { type: "string", default: "backfill-crash.log" }, setup: { type: "string" } } });
const mark = (line: string) => appendFileSync(args.log, `${line}\n`);

const handlers = guardServe(serve({ client: inngest, functions, enableUnauthedSync: false }), servingSigningKeys);

async function route(req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (url.pathname === "/api/inngest") {
    const handler = handlers[req.method as "GET" | "POST" | "PUT"];
    return handler ? handler(new NextRequest(req), undefined) : new Response("method not allowed", { status: 405 });
  }
  const m = /^\/sandbox\/([a-z0-9-]+)(\/.*)?$/.exec(url.pathname);
  if (m) return dispatchSandboxRequest(req, { slug: m[1]!, path: m[2] ?? "/", baseUrl: `${url.origin}/sandbox/${m[1]!}` });
  return new Response("not found", { status: 404 });
}

function listen(origin: string): Promise<void> {
  const server = http.createServer((nodeReq, nodeRes) => {
    const chunks: Buffer[] = [];
    nodeReq.on("data", (c: Buffer) => chunks.push(c));
    nodeReq.on("end", () => {
      const method = nodeReq.method ?? "GET";
      const headers = new Headers();
      for (const [k, v] of Object.entries(nodeReq.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length && method !== "GET" && method !== "HEAD" ? Buffer.concat(chunks) : undefined;
      route(new Request(new URL(nodeReq.url ?? "/", origin), { method, headers, ...(body ? { body } : {}) }))
        .then(async (res) => {
          const out = Buffer.from(await res.arrayBuffer());
          nodeRes.writeHead(res.status, Object.fromEntries(res.headers.entries()));
          nodeRes.end(out);
        })
        .catch((err: unknown) => {
          nodeRes.writeHead(500);
          nodeRes.end(String(err));
        });
    });
  });
  const { port, hostname } = new URL(origin);
  return new Promise((resolve) => server.listen(Number(port), hostname, resolve));
}

async function setup(count: number): Promise<void> {
  const access = await createTestWorkspace();
  const sbx = await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, count });
  const { id } = await connectApiKey(access, { provider: "hubspot", name: "HubSpot", environment: "sandbox", credentials: { accessToken: sbx.apiKey } });
  await inngest.send({ name: "switchboard/sync.pull-requested", data: { connectionId: id, object: "contact", mode: "incremental", trigger: "manual" } });
  mark(`setup ${JSON.stringify({ workspaceId: access.workspace.id, connectionId: id, accountId: sbx.account.id })}`);
}

/** What the test checks, read from this process's database (a PGlite dir has one process at a time). */
async function result(connectionId: string, workspaceId: string, accountId: string) {
  const [runs, setting, hub, links, remote, changes] = await Promise.all([
    db.syncRun.findMany({ where: { connectionId, kind: { in: ["backfill", "pull"] } }, orderBy: { startedAt: "asc" } }),
    db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId, object: "contact" } } }),
    db.hubRecord.findMany({ where: { workspaceId, object: "contact" }, select: { id: true, emailKey: true, version: true, deletedAt: true } }),
    db.recordLink.findMany({ where: { connectionId }, select: { recordId: true, externalId: true } }),
    db.sandboxRecord.findMany({ where: { accountId, objectType: "contacts" }, select: { externalId: true } }),
    db.recordChange.count({ where: { workspaceId } }),
  ]);
  const backfill = runs.find((r) => r.kind === "backfill");
  const remoteIds = new Set(remote.map((r) => r.externalId));
  return {
    remote: remote.length,
    hub: hub.length,
    hubDistinctEmails: new Set(hub.map((r) => r.emailKey)).size,
    hubVersions: [...new Set(hub.map((r) => r.version))],
    hubDeleted: hub.filter((r) => r.deletedAt).length,
    links: links.length,
    linkedRecords: new Set(links.map((l) => l.recordId)).size,
    linkedExternalIds: new Set(links.map((l) => l.externalId)).size,
    linksToUnknownRemote: links.filter((l) => !l.externalId || !remoteIds.has(l.externalId)).length,
    changes,
    backfill: backfill && { status: backfill.status, readCount: backfill.readCount, createdCount: backfill.createdCount, updatedCount: backfill.updatedCount, failedCount: backfill.failedCount, cursorTo: backfill.cursorTo },
    runs: runs.map((r) => `${r.kind}:${r.status}`),
    cursor: setting.cursor,
    lastErrorCode: setting.lastErrorCode,
  };
}

async function main(): Promise<void> {
  await applyMigrations(getDriver());
  const origin = appUrl();
  await listen(origin);
  const { ready } = startEmbeddedExecutor({ backoff: () => 200, pollMs: 50, leaseMs: 3_000, log: quietLog() });
  await ready;
  mark(`ready pid=${process.pid}`);
  if (args.setup) await setup(Number(args.setup));
  const started = /^setup (.*)$/m.exec(await import("node:fs").then((fs) => fs.readFileSync(args.log, "utf8")));
  const ids = JSON.parse(started![1]!) as { workspaceId: string; connectionId: string; accountId: string };
  let last = "";
  for (;;) {
    const run = await db.syncRun.findFirst({ where: { connectionId: ids.connectionId, kind: "backfill" }, select: { readCount: true, status: true } });
    const line = `progress ${run?.readCount ?? 0} ${run?.status ?? "queued"}`;
    if (line !== last) mark(line);
    last = line;
    if (run && run.status !== "running") {
      mark(`result ${JSON.stringify(await result(ids.connectionId, ids.workspaceId, ids.accountId))}`);
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((err: unknown) => {
  mark(`error ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
