// Durability across a real crash: a server process running the executor is killed with SIGKILL while
// a step is in flight, then started again on the same database. Completed steps must not run again,
// the interrupted step runs again (at-least-once), the pending sleep fires, and the run completes; events
// held in a batch and a debounce at the kill start their runs after the restart, exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-crash-"));
const logFile = path.join(dir, "crash.log");
const started: ChildProcess[] = [];
let stderr = "";

function startServer(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "inngest/executor/testing/crash-server.ts", "--log", logFile, ...args], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      NODE_ENV: "test",
      DATA_DIR: dir,
      PGLITE_DIR: path.join(dir, "pglite"),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  started.push(child);
  return child;
}

const lines = () => (existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").filter(Boolean) : []);

async function waitFor(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; log:\n${lines().join("\n")}\nstderr:\n${stderr.slice(-3000)}`);
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

describe("SIGKILL and restart", () => {
  it("resumes the run without re-running completed steps", async () => {
    const first = startServer(["--send"]);
    await waitFor(() => lines().includes("s2-start"), 40_000, "step s2 to start");
    process.kill(first.pid!, "SIGKILL");
    await exited(first);
    expect(first.signalCode).toBe("SIGKILL");
    expect(lines()).not.toContain("s2-end");
    expect(lines().filter((l) => l.startsWith("batch ") || l.startsWith("debounce "))).toEqual([]);

    const second = startServer([]);
    await waitFor(() => lines().some((l) => l.startsWith("run ")), 40_000, "the run to finish after restart");
    await exited(second);
    const log = lines();
    const count = (l: string) => log.filter((x) => x === l).length;
    expect(log.find((l) => l.startsWith("run "))).toBe('run completed {"v":"survived"}');
    expect(count("s1")).toBe(1); // memoized before the crash: never again
    expect(count("s2-start")).toBe(2); // in flight at the crash: retried (at-least-once)
    expect(count("s2-end")).toBe(1);
    expect(count("s3")).toBe(1);
    expect(log.filter((l) => l.startsWith("batch ") || l.startsWith("debounce ")).sort()).toEqual(["batch [1,2]", "debounce 2"]);
  }, 60_000);
});
