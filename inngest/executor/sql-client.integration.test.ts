// The plain-SQL client of the hot paths: a named statement (prepared once, then only bound and executed;
// on PGlite through its wire protocol) gives the same rows, types, errors and transaction behaviour as an
// unnamed one, alone and inside sqlTransaction.
import { beforeAll, describe, expect, it } from "vitest";
import { getDriver } from "@/lib/db/driver";
import { sql, sqlTransaction } from "@/inngest/executor/sql-client";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const table = `sql_client_${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  await sql(`CREATE TABLE ${table} (id int PRIMARY KEY, body text, doc jsonb, at timestamptz, tags text[], n int)`);
});

const insert = `INSERT INTO ${table} (id, body, doc, at, tags, n) VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING *`;

describe("sql-client named statements", () => {
  it("return the same rows and types as an unnamed statement, on every call", async () => {
    const at = new Date("2026-03-04T05:06:07.089Z");
    const named = await sql(insert, [1, "a", JSON.stringify({ x: [1, "y"] }), at, ["p", "q"], 7], "sql_client_insert");
    const unnamed = await sql(`SELECT * FROM ${table} WHERE id = $1`, [1]);
    expect(named.rows).toEqual(unnamed.rows);
    expect(named.rows).toEqual([{ id: 1, body: "a", doc: { x: [1, "y"] }, at, tags: ["p", "q"], n: 7 }]);
    expect(named.affected).toBe(1);
    // the second call only binds: same shape, nulls kept
    const again = await sql(insert, [2, null, null, null, null, null], "sql_client_insert");
    expect(again.rows).toEqual([{ id: 2, body: null, doc: null, at: null, tags: null, n: null }]);
    const none = await sql(`SELECT id FROM ${table} WHERE id = ANY($1::int[]) ORDER BY id`, [[2, 99]], "sql_client_select");
    expect(none.rows).toEqual([{ id: 2 }]);
    const update = await sql(`UPDATE ${table} SET body = $2 WHERE id = ANY($1::int[])`, [[1, 2], "b"], "sql_client_update");
    expect(update).toEqual({ rows: [], affected: 2 });
  });

  it("fail with the database's error and leave the statement usable", async () => {
    await expect(sql(insert, [1, "dup", null, null, null, null], "sql_client_insert")).rejects.toMatchObject({ code: "23505" });
    await expect(sql(`SELECT nope FROM ${table}`, [], "sql_client_bad")).rejects.toMatchObject({ code: "42703" });
    const ok = await sql(insert, [3, "c", null, null, null, null], "sql_client_insert");
    expect(ok.rows.map((r) => (r as { id: number }).id)).toEqual([3]);
  });

  it("run inside sqlTransaction: committed together, or rolled back together", async () => {
    await sqlTransaction(async (q) => {
      await q.query(insert, [10, "t", null, null, null, null], "sql_client_insert");
      await q.query(insert, [11, "t", null, null, null, null], "sql_client_insert");
    });
    await expect(
      sqlTransaction(async (q) => {
        await q.query(insert, [12, "t", null, null, null, null], "sql_client_insert");
        await q.query(insert, [10, "t", null, null, null, null], "sql_client_insert"); // duplicate: the whole transaction goes
      }),
    ).rejects.toMatchObject({ code: "23505" });
    const { rows } = await sql<{ id: number }>(`SELECT id FROM ${table} WHERE id BETWEEN 10 AND 19 ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual([10, 11]);
  });

  it("are prepared once when many first calls arrive together", async () => {
    const text = `SELECT $1::int + 1 AS v, '${table}' AS t`;
    const out = await Promise.all(Array.from({ length: 20 }, (_, i) => sql<{ v: number }>(text, [i], "sql_client_parallel")));
    expect(out.map((r) => r.rows[0]!.v)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const driver = getDriver();
    if (driver.kind === "pglite") {
      const { rows } = await driver.pglite.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`,
        [text],
      );
      expect(rows[0]!.n).toBe(1);
      // Another copy of the module in the same process (Next evaluates modules per bundle) meets the
      // statement already prepared under the same name: it takes it over instead of failing.
      const cache = (globalThis as { __switchboardPgliteStatements?: WeakMap<object, Map<string, unknown>> }).__switchboardPgliteStatements;
      cache?.get(driver.pglite)?.clear();
      const again = await sql<{ v: number }>(text, [41], "sql_client_parallel");
      expect(again.rows[0]!.v).toBe(42);
      const after = await driver.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [
        text,
      ]);
      expect(after.rows[0]!.n).toBe(1);
    }
  });
});
