// The raw database driver behind Prisma: PGlite (embedded, file-backed) or a pg Pool (PostgreSQL).
// One instance per process, kept on globalThis so Next's module re-evaluation does not open a second
// PGlite on the same folder (PGlite allows one process per data folder). Opened on first use, never at
// module load.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { databaseTarget, type DatabaseTarget } from "@/lib/env";

export type Driver =
  | { kind: "pglite"; pglite: PGlite; target: DatabaseTarget }
  | { kind: "pg"; pool: pg.Pool; target: DatabaseTarget };

const holder = globalThis as unknown as { __switchboardDriver?: Driver | undefined };

function open(target: DatabaseTarget): Driver {
  if (target.kind === "pg") {
    return { kind: "pg", pool: new pg.Pool({ connectionString: target.url, max: 10 }), target };
  }
  if (!target.dir.startsWith("memory://")) mkdirSync(target.dir, { recursive: true });
  return { kind: "pglite", pglite: new PGlite(target.dir), target };
}

export function getDriver(): Driver {
  holder.__switchboardDriver ??= open(databaseTarget());
  return holder.__switchboardDriver;
}

export async function closeDriver(): Promise<void> {
  const driver = holder.__switchboardDriver;
  holder.__switchboardDriver = undefined;
  if (!driver) return;
  if (driver.kind === "pg") await driver.pool.end();
  else await driver.pglite.close();
}
