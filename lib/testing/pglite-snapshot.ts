// One migrated in-memory PGlite for all integration test files: starting PGlite runs initdb (seconds), so
// the first file that needs a database builds it once, migrates it and dumps it to a tarball in
// node_modules/.cache; every other file (and later runs) loads that tarball (about a second). The name
// carries a hash of the migrations and the PGlite version, so a changed migration builds a new one. Files
// racing for it wait on a lock directory (polled with a deadline; a stale lock is broken). Any failure
// falls back to a fresh database per file.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { pgliteDriver, type Driver } from "@/lib/db/driver";

const WAIT_MS = 120_000;
const STALE_LOCK_MS = 60_000;
const CACHE_DIR = path.resolve("node_modules/.cache/switchboard-tests");

function snapshotPath(): string {
  const hash = createHash("sha256");
  hash.update(`pglite ${PGlite.name} ${readFileSync(path.resolve("node_modules/@electric-sql/pglite/package.json"), "utf8")}\n`);
  for (const m of readMigrations()) hash.update(`${m.name}:${m.checksum}\n`);
  return path.join(CACHE_DIR, `pglite-migrated-${hash.digest("hex").slice(0, 16)}.tar`);
}

async function build(file: string): Promise<void> {
  const pglite = new PGlite("memory://");
  try {
    await applyMigrations({ kind: "pglite", pglite, target: { kind: "pglite", dir: "memory://" } });
    const blob = await pglite.dumpDataDir("none");
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
  } finally {
    await pglite.close();
  }
}

/** A PGlite driver loaded from the run's migrated snapshot (built on first use), or null to fall back. */
export async function snapshotDriver(): Promise<Driver | null> {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const file = snapshotPath();
    const lock = `${file}.lock`;
    const deadline = Date.now() + WAIT_MS;
    while (!existsSync(file)) {
      let mine = false;
      try {
        mkdirSync(lock);
        mine = true;
      } catch {
        // another file is building it
      }
      if (mine) {
        try {
          if (!existsSync(file)) await build(file);
        } finally {
          rmSync(lock, { recursive: true, force: true });
        }
      } else {
        if (Date.now() > deadline) return null;
        if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const pglite = new PGlite("memory://", { loadDataDir: new Blob([readFileSync(file)]) });
    await pglite.waitReady;
    return pgliteDriver(pglite, { kind: "pglite", dir: "memory://" });
  } catch {
    return null;
  }
}
