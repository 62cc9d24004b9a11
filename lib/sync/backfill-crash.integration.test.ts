// SIGKILL during a 5,000-record backfill: a server process (lib/sync/testing/backfill-crash-test-worker.ts:
// the real functions behind the serve handler, the sandboxes, the embedded executor as the server starts
// it) backfills a HubSpot sandbox account; once the run's checkpoint has moved past a few pages it is
// killed with SIGKILL, started again on the same database (a PGlite dir, or the PostgreSQL database of
// DATABASE_URL), and the backfill must finish with every remote record in the hub exactly once, one
// link each, one change row each, and the run's counts and checkpoint agreeing.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const RECORDS = 5_000;
const dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-backfill-crash-"));
const logFile = path.join(dir, "worker.log");
const started: ChildProcess[] = [];
let stderr = "";

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function startWorker(port: number, args: string[]): ChildProcess {
  const databaseUrl = env().DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "lib/sync/testing/backfill-crash-test-worker.ts", "--log", logFile, ...args], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      NODE_ENV: "test",
      SANDBOX_ENABLED: "true",
      APP_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dir,
      MASTER_KEY: masterKey,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: path.join(dir, "pglite") }),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  started.push(child);
  return child;
}
const masterKey = randomBytes(32).toString("base64");

const lines = () => (existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").filter(Boolean) : []);
const progress = () =>
  lines()
    .filter((l) => l.startsWith("progress "))
    .map((l) => Number(l.split(" ")[1]));

async function waitFor(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (predicate()) return;
    if (lines().some((l) => l.startsWith("error "))) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}; log:\n${lines().slice(-30).join("\n")}\nstderr:\n${stderr.slice(-3000)}`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, "SIGKILL");
    await exited(child);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("SIGKILL during a backfill", () => {
  it(`resumes at the last checkpoint and ends with each of ${RECORDS} records exactly once`, async () => {
    const port = await freePort();
    const first = startWorker(port, ["--setup", String(RECORDS)]);
    // killed once a few pages are committed, while the run is still going
    await waitFor(() => progress().some((n) => n >= 1_000), 180_000, "the backfill's checkpoint to pass 1,000 records");
    process.kill(first.pid!, "SIGKILL");
    await exited(first);
    expect(first.signalCode).toBe("SIGKILL");
    const readAtKill = Math.max(...progress());
    expect(readAtKill).toBeLessThan(RECORDS);
    expect(lines().some((l) => l.startsWith("result "))).toBe(false);

    const second = startWorker(port, []);
    await waitFor(() => lines().some((l) => l.startsWith("result ")), 230_000, "the backfill to finish after the restart");
    await exited(second);
    expect(second.exitCode).toBe(0);
    const result = JSON.parse(lines().find((l) => l.startsWith("result "))!.slice("result ".length)) as Record<string, unknown> & { backfill: Record<string, unknown> };
    expect(result.remote).toBe(RECORDS);
    // every remote record is in the hub once, linked once, created once
    expect(result.hub).toBe(RECORDS);
    expect(result.hubDistinctEmails).toBe(RECORDS);
    expect(result.hubVersions).toEqual([1]);
    expect(result.hubDeleted).toBe(0);
    expect(result.links).toBe(RECORDS);
    expect(result.linkedRecords).toBe(RECORDS);
    expect(result.linkedExternalIds).toBe(RECORDS);
    expect(result.linksToUnknownRemote).toBe(0);
    expect(result.changes).toBe(RECORDS);
    // the run counted each record's creation once: the page in flight at the kill was not committed, and
    // re-reading it after the restart started from the checkpoint saved with the page before
    expect(result.backfill).toMatchObject({ status: "succeeded", createdCount: RECORDS, updatedCount: 0, failedCount: 0 });
    expect(result.backfill.readCount).toBeGreaterThanOrEqual(RECORDS);
    expect(result.backfill.cursorTo).toEqual(result.cursor);
    expect(result.cursor).not.toBeNull();
    expect(result.lastErrorCode).toBeNull();
  }, 420_000);
});
