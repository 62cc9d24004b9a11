import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { applyMigrations, MigrationError, readMigrations } from "@/lib/db/migrate";
import { db } from "@/lib/db/client";
import type { Driver } from "@/lib/db/driver";

/** The table name of every model in prisma/schema (its @@map, else the model name). */
function mappedTables(): string[] {
  const dir = path.resolve(import.meta.dirname, "../../prisma/schema");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .flatMap((f) =>
      [...readFileSync(path.join(dir, f), "utf8").matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(
        (m) => /@@map\("([^"]+)"\)/.exec(m[2]!)?.[1] ?? m[1]!,
      ),
    );
}

describe("applyMigrations", () => {
  it("has migrated the test database, recorded like prisma migrate deploy", async () => {
    const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string; applied_steps_count: number }[]>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(expect.arrayContaining(files.map((f) => f.name)));
    for (const f of files) expect(rows.find((r) => r.migration_name === f.name)?.checksum).toBe(f.checksum);
    for (const f of files) expect(rows.find((r) => r.migration_name === f.name)?.applied_steps_count).toBe(1);
    // Every model's table exists in the migrated database (a schema change without its migration fails here).
    const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`);
    const names = tables.map((t) => t.tablename);
    for (const table of mappedTables()) expect(names, `table ${table} missing`).toContain(table);
  });

  it("is idempotent", async () => {
    const pglite = new PGlite("memory://");
    const driver: Driver = { kind: "pglite", pglite, target: { kind: "pglite", dir: "memory://" } };
    const first = await applyMigrations(driver);
    expect(first.applied.length).toBe(readMigrations().length);
    const second = await applyMigrations(driver);
    expect(second.applied).toEqual([]);
    await pglite.close();
  });

  it("rolls back a failing migration and applies nothing after it", async () => {
    const pglite = new PGlite("memory://");
    const driver: Driver = { kind: "pglite", pglite, target: { kind: "pglite", dir: "memory://" } };
    const migrations = [
      { name: "001_ok", sql: `CREATE TABLE a (id int);`, checksum: "x" },
      { name: "002_bad", sql: `CREATE TABLE b (id int); INSERT INTO nope VALUES (1);`, checksum: "y" },
      { name: "003_never", sql: `CREATE TABLE c (id int);`, checksum: "z" },
    ];
    await expect(applyMigrations(driver, migrations)).rejects.toBeInstanceOf(MigrationError);
    const tables = await pglite.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname='public'`);
    const names = tables.rows.map((r) => r.tablename);
    expect(names).toContain("a");
    expect(names).not.toContain("b");
    expect(names).not.toContain("c");
    const recorded = await pglite.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.rows.map((r) => r.migration_name)).toEqual(["001_ok"]);
    await pglite.close();
  });
});
