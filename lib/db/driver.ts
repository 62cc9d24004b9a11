// The raw database driver behind Prisma: PGlite (embedded, file-backed) or a pg Pool (PostgreSQL).
// One instance per process, kept on globalThis so Next's module re-evaluation does not open a second
// PGlite on the same folder (PGlite allows one process per data folder). Opened on first use, never at
// module load.
import { chmodSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { databaseTarget, dataDir, type DatabaseTarget } from "@/lib/env";
import { startAutoAnalyze, startAutoAnalyzeWithoutAutovacuum } from "@/lib/db/auto-analyze";
import { trackTransactions } from "@/lib/db/open-transactions";

/** `stopAutoAnalyze`: tables are analyzed where no autovacuum does it (PGlite; PostgreSQL with autovacuum off; lib/db/auto-analyze.ts) until shut. */
export type Driver =
  | { kind: "pglite"; pglite: PGlite; target: DatabaseTarget; stopAutoAnalyze?: () => Promise<void> }
  | { kind: "pg"; pool: pg.Pool; target: DatabaseTarget; stopAutoAnalyze?: () => Promise<void> };

const holder = globalThis as unknown as { __switchboardDriver?: Driver | undefined };

/**
 * The embedded database holds password hashes and sealed secrets: its folder is 0700 (nobody else can
 * even list it, including files PGlite creates later) and its files 0600. PGlite writes its files 0666
 * whatever the umask, so they are tightened after it opens and again when it closes.
 */
export function restrictDataFiles(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) restrictDataFiles(full);
    else if (entry.isFile() && (statSync(full).mode & 0o077) !== 0) chmodSync(full, 0o600);
  }
}

// PGlite runs as a single embedded backend with no replicas and fsync off (its defaults): WAL only has
// to serve crash recovery, so it is kept minimal, and new WAL segments are not zero-filled first (in the
// in-memory file system that filling grows and copies each 16 MB segment chunk by chunk). An in-memory
// database (tests, benchmarks) has nothing to recover after a crash: no full-page images either.
const PGLITE_PARAMS = [...PGlite.defaultStartParams, "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c", "wal_init_zero=off"];
const MEMORY_PARAMS = [...PGLITE_PARAMS, "-c", "full_page_writes=off"];

export function openDriver(target: DatabaseTarget): Driver {
  if (target.kind === "pg") {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle pooled connection that the server ends (restart, failover, DROP DATABASE ... WITH (FORCE))
    // emits "error" on the pool; without a listener that is an uncaught exception that kills the process.
    // The pool drops the broken client by itself and the next query opens a new one.
    pool.on("error", (err) => console.warn(`[switchboard] an idle database connection was closed: ${err.message}`));
    return { kind: "pg", pool, target, stopAutoAnalyze: startAutoAnalyzeWithoutAutovacuum(pool) };
  }
  if (target.dir.startsWith("memory://")) {
    return pgliteDriver(new PGlite(target.dir, { startParams: MEMORY_PARAMS }), target);
  }
  mkdirSync(target.dir, { recursive: true, mode: 0o700 });
  chmodSync(target.dir, 0o700);
  const data = dataDir();
  if (target.dir.startsWith(`${data}${path.sep}`)) chmodSync(data, 0o700);
  const pglite = new PGlite(target.dir, { startParams: PGLITE_PARAMS });
  pglite.waitReady.then(
    () => restrictDataFiles(target.dir),
    () => undefined, // the open error itself surfaces at the first query
  );
  return pgliteDriver(pglite, target);
}

/** An opened PGlite as the process's driver, analyzing its own tables as autovacuum would. */
export function pgliteDriver(pglite: PGlite, target: DatabaseTarget): Driver {
  return { kind: "pglite", pglite: trackTransactions(pglite), target, stopAutoAnalyze: startAutoAnalyze(pglite) };
}

export function getDriver(): Driver {
  holder.__switchboardDriver ??= openDriver(databaseTarget());
  return holder.__switchboardDriver;
}

export async function closeDriver(): Promise<void> {
  const driver = holder.__switchboardDriver;
  holder.__switchboardDriver = undefined;
  if (driver) await shutDriver(driver);
}

export async function shutDriver(driver: Driver): Promise<void> {
  await driver.stopAutoAnalyze?.();
  if (driver.kind === "pg") return driver.pool.end();
  await driver.pglite.close();
  if (driver.target.kind === "pglite" && !driver.target.dir.startsWith("memory://")) restrictDataFiles(driver.target.dir);
}
