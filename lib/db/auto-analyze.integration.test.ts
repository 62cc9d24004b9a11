// The embedded database analyzes and vacuums its own tables as autovacuum would (lib/db/auto-analyze.ts),
// so the planner works from real statistics, dead rows' space is reused, and transaction ids are frozen
// long before they could wrap around; no table pays for sampling JSON documents.
import { describe, expect, it, vi } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { db } from "@/lib/db/client";
import { getDriver } from "@/lib/db/driver";
import type pg from "pg";
import { analyzeDueTables, pgliteConnection, startAutoAnalyze, startAutoAnalyzeWithoutAutovacuum } from "@/lib/db/auto-analyze";
import { createRecordsInTx } from "@/lib/records/write-record";
import { createTestWorkspace } from "@/lib/testing/factories";

const embedded = getDriver().kind === "pglite";
const pglite = () => (getDriver() as { pglite: PGlite }).pglite;

/** The cumulative statistics PGlite keeps are flushed at the end of a statement when asked to. */
async function flushStats(): Promise<void> {
  await db.$queryRawUnsafe("SELECT pg_stat_force_next_flush()::text");
  await db.$queryRawUnsafe("SELECT 1");
}

async function addContacts(workspaceId: string, n: number): Promise<void> {
  await db.$transaction(
    (tx) =>
      createRecordsInTx(
        tx,
        workspaceId,
        "contact",
        Array.from({ length: n }, (_, i) => ({
          fields: { firstName: "Ada", lastName: `Person ${i}`, email: `p${i}.${workspaceId}@example.com` },
          source: { kind: "system" as const },
        })),
      ),
    { timeout: 60_000 },
  );
}

/** The plan of a pull page's key check (lib/sync/pull-page.ts pullNewPage) for e-mails nobody has. */
async function keyCheckPlan(workspaceId: string): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    `EXPLAIN SELECT EXISTS (SELECT 1 FROM hub_records WHERE workspace_id = $1 AND object = 'contact'::"RecordObject" AND email_key = ANY($2::text[]) AND deleted_at IS NULL)`,
    workspaceId,
    Array.from({ length: 100 }, (_, i) => `nobody${i}@example.com`),
  );
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

describe.runIf(embedded)("analyze on the embedded database", () => {
  it("analyzes a table once enough of it changed, and the planner then finds e-mail keys through their index", async () => {
    const { workspace } = await createTestWorkspace();
    await addContacts(workspace.id, 3000);
    await flushStats();
    // (the driver's own round may have analyzed it first: the outcome is the same)
    await analyzeDueTables(pgliteConnection(pglite()));
    const [rel] = await db.$queryRawUnsafe<{ reltuples: number }[]>(
      `SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'hub_records'::regclass`,
    );
    expect(rel!.reltuples).toBeGreaterThanOrEqual(3000);
    expect(await keyCheckPlan(workspace.id)).toContain("hub_records_workspace_id_object_email_key_idx");
    // analyzed: not due again until 10 % of it changes
    await flushStats();
    expect(await analyzeDueTables(pgliteConnection(pglite()))).not.toContain("public.hub_records");
  });

  it("runs by itself every few seconds while the database is open, and stops when asked", async () => {
    await analyzedByItself(() => startAutoAnalyze(pglite(), 20));
  });

  it("vacuums a table once enough of its rows are dead, and not again until more are", async () => {
    await withProbeTable("auto_vacuum_probe", async (table) => {
      await db.$executeRawUnsafe(`INSERT INTO ${table} SELECT g FROM generate_series(1, 1000) g`);
      await db.$executeRawUnsafe(`DELETE FROM ${table} WHERE n % 5 <> 0`);
      await flushStats();
      expect((await tableStats(table)).dead).toBeGreaterThanOrEqual(800);
      // (the driver's own round may have vacuumed it first: the outcome is the same)
      await analyzeDueTables(pgliteConnection(pglite()));
      await flushStats();
      const after = await tableStats(table);
      expect(after.vacuums).toBeGreaterThanOrEqual(1);
      expect(after.dead).toBe(0);
      expect(await analyzeDueTables(pgliteConnection(pglite()))).not.toContain(`public.${table}`);
    });
  });

  it("vacuums every table, then the whole database, once their transaction ids are older than the freeze age", async () => {
    await withProbeTable("auto_freeze_probe", async (table) => {
      await db.$executeRawUnsafe(`INSERT INTO ${table} SELECT g FROM generate_series(1, 10) g`);
      await db.$executeRawUnsafe(`UPDATE ${table} SET n = n + 1`);
      await flushStats();
      const before = await tableStats(table);
      // far below the server's 200 million: everything here is that old
      const done = await analyzeDueTables(pgliteConnection(pglite()), undefined, { freezeAge: 1 });
      expect(done).toContain(`public.${table}`);
      expect(done).toContain("public.hub_records");
      expect(done.at(-1)).toBe("database");
      await flushStats();
      expect((await tableStats(table)).vacuums).toBeGreaterThan(before.vacuums);
    });
  });
});

/** A table of its own for a test (dropped after). */
async function withProbeTable(prefix: string, fn: (table: string) => Promise<void>): Promise<void> {
  const table = `${prefix}_${Date.now().toString(36)}`;
  await db.$executeRawUnsafe(`CREATE TABLE ${table} (n int)`);
  try {
    await fn(table);
  } finally {
    await db.$executeRawUnsafe(`DROP TABLE ${table}`);
  }
}

async function tableStats(table: string): Promise<{ dead: number; vacuums: number }> {
  const [row] = await db.$queryRawUnsafe<{ dead: number; vacuums: number }[]>(
    `SELECT n_dead_tup::int AS dead, vacuum_count::int AS vacuums FROM pg_stat_user_tables WHERE relname = '${table}'`,
  );
  return row ?? { dead: -1, vacuums: -1 };
}

describe.runIf(!embedded)("analyze on PostgreSQL", () => {
  it("runs where the server's autovacuum is off, one instance at a time", async () => {
    const [setting] = await db.$queryRawUnsafe<{ autovacuum: string }[]>(`SELECT current_setting('autovacuum') AS autovacuum`);
    if (setting?.autovacuum === "on") return; // autovacuum keeps the statistics there
    await analyzedByItself(() => startAutoAnalyzeWithoutAutovacuum((getDriver() as { pool: pg.Pool }).pool, 20));
  });
});

/** A new table with 500 rows is analyzed by the rounds `start` begins (which are stopped after). */
async function analyzedByItself(start: () => () => Promise<void>): Promise<void> {
  const table = `auto_analyze_probe_${Date.now().toString(36)}`;
  await db.$executeRawUnsafe(`CREATE TABLE ${table} (n int)`);
  try {
    await db.$executeRawUnsafe(`INSERT INTO ${table} SELECT g FROM generate_series(1, 500) g`);
    await flushStats();
    const stop = start();
    try {
      await vi.waitFor(
        async () => {
          const [row] = await db.$queryRawUnsafe<{ analyzed: boolean }[]>(
            `SELECT last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables WHERE relname = '${table}'`,
          );
          expect(row?.analyzed).toBe(true);
        },
        { timeout: 15_000, interval: 20 },
      );
    } finally {
      await stop();
    }
  } finally {
    await db.$executeRawUnsafe(`DROP TABLE ${table}`);
  }
}

describe("planner statistics", () => {
  it("are kept for the key columns and never for the JSON documents", async () => {
    const { workspace } = await createTestWorkspace();
    await addContacts(workspace.id, 50);
    await db.$executeRawUnsafe("ANALYZE hub_records");
    const cols = await db.$queryRawUnsafe<{ attname: string }[]>(
      `SELECT attname::text FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'hub_records'`,
    );
    const names = cols.map((c) => c.attname);
    expect(names).toEqual(expect.arrayContaining(["workspace_id", "email_key"]));
    expect(names).not.toContain("data");
    expect(names).not.toContain("field_meta");
  });
});
