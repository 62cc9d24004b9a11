// Applies prisma/migrations/*/migration.sql in order at start-up, with no Prisma CLI or schema engine
// (docs/decisions/002). Each migration runs in its own transaction and is recorded in
// _prisma_migrations exactly as `prisma migrate deploy` records it, so the real CLI can take over later.
// A failing migration rolls back and throws MigrationError; nothing after it is applied.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Driver } from "@/lib/db/driver";

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`Migration ${migration} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "MigrationError";
  }
}

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma/migrations")): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// An arbitrary constant: serialises concurrent start-ups of several instances on one PostgreSQL.
const LOCK_ID = 72707369;

type Tx = {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
};

async function withConnection<T>(driver: Driver, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (driver.kind === "pglite") {
    const p = driver.pglite;
    return fn({
      exec: async (sql) => {
        await p.exec(sql);
      },
      query: async <R>(sql: string, params?: unknown[]) => (await p.query<R>(sql, params)).rows,
    });
  }
  const client = await driver.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    try {
      return await fn({
        exec: async (sql) => {
          await client.query(sql);
        },
        query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
      });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]);
    }
  } finally {
    client.release();
  }
}

export type MigrateResult = { applied: string[]; alreadyApplied: number };

export async function applyMigrations(driver: Driver, migrations = readMigrations()): Promise<MigrateResult> {
  return withConnection(driver, async (c) => {
    await c.exec(CREATE_TABLE);
    const done = await c.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneNames = new Map(done.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      const prior = doneNames.get(m.name);
      if (prior !== undefined) {
        if (prior !== m.checksum) {
          console.warn(`[migrate] ${m.name} was modified after it was applied (checksum differs); not re-applying it`);
        }
        continue;
      }
      try {
        await c.exec("BEGIN");
        await c.exec(m.sql);
        await c.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await c.exec("COMMIT");
        applied.push(m.name);
      } catch (err) {
        await c.exec("ROLLBACK").catch(() => undefined);
        throw new MigrationError(m.name, err);
      }
    }
    return { applied, alreadyApplied: doneNames.size };
  });
}
