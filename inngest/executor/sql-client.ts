// Plain SQL on the process's driver (PGlite or a pg Pool), for the executor's per-step hot path only.
// Prisma costs about 1 ms per statement here against about 0.1 ms for the driver itself, and a step
// needs several statements; everything else in the executor keeps using Prisma.
import type { PoolClient } from "pg";
import { getDriver } from "@/lib/db/driver";

export type SqlResult<T> = { rows: T[]; affected: number };
export type Sql = { query<T>(text: string, params?: unknown[]): Promise<SqlResult<T>> };

function wrapPg(client: { query: PoolClient["query"] }): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const res = await client.query(text, params);
      return { rows: res.rows as T[], affected: res.rowCount ?? 0 };
    },
  };
}

/**
 * One statement, in its own (implicit) transaction. `name` makes it a prepared statement on PostgreSQL
 * (parsed and planned once per connection); PGlite has no named statements and ignores it.
 */
export async function sql<T>(text: string, params: unknown[] = [], name?: string): Promise<SqlResult<T>> {
  const driver = getDriver();
  if (driver.kind === "pg") {
    const res = await driver.pool.query(name ? { name, text, values: params } : { text, values: params });
    return { rows: res.rows as T[], affected: res.rowCount ?? 0 };
  }
  const res = await driver.pglite.query<T>(text, params);
  return { rows: res.rows, affected: res.affectedRows ?? 0 };
}

/** Several statements in one transaction (committed when `fn` returns, rolled back when it throws). */
export async function sqlTransaction<T>(fn: (q: Sql) => Promise<T>): Promise<T> {
  const driver = getDriver();
  if (driver.kind === "pglite") {
    return driver.pglite.transaction(async (tx) =>
      fn({
        async query<R>(text: string, params: unknown[] = []) {
          const res = await tx.query<R>(text, params);
          return { rows: res.rows, affected: res.affectedRows ?? 0 };
        },
      }),
    );
  }
  const client = await driver.pool.connect();
  try {
    await client.query("BEGIN");
    const out = await fn(wrapPg(client));
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
