// Plain SQL on the process's driver (PGlite or a pg Pool), for hot paths only (the executor's steps and
// event ingest, the webhook receiver's store, the sync engine's pages). Prisma costs about 1 ms per
// statement here against about 0.1 ms for the driver itself; everything else keeps using Prisma.
// A statement given a name is prepared once per connection and then only bound and executed: on
// PostgreSQL through pg's named statements, on PGlite through its wire protocol (pglite-statements.ts),
// where parsing and planning a statement again on every call cost more than running it.
import type { PoolClient } from "pg";
import { getDriver } from "@/lib/db/driver";
import { runPrepared } from "@/inngest/executor/pglite-statements";

export type SqlResult<T> = { rows: T[]; affected: number };
export type Sql = { query<T>(text: string, params?: unknown[], name?: string): Promise<SqlResult<T>> };

function wrapPg(client: { query: PoolClient["query"] }): Sql {
  return {
    async query<T>(text: string, params: unknown[] = [], name?: string) {
      const res = await client.query(name ? { name, text, values: params } : { text, values: params });
      return { rows: res.rows as T[], affected: res.rowCount ?? 0 };
    },
  };
}

/**
 * One statement, in its own (implicit) transaction. `name` makes it a prepared statement on PostgreSQL
 * (parsed once per connection, planned generically once PostgreSQL finds that as good), on PGlite too.
 */
export async function sql<T>(text: string, params: unknown[] = [], name?: string): Promise<SqlResult<T>> {
  const driver = getDriver();
  if (driver.kind === "pg") {
    const res = await driver.pool.query(name ? { name, text, values: params } : { text, values: params });
    return { rows: res.rows as T[], affected: res.rowCount ?? 0 };
  }
  if (name) return runPrepared<T>(driver.pglite, text, params, { inTransaction: false });
  const res = await driver.pglite.query<T>(text, params);
  return { rows: res.rows, affected: res.affectedRows ?? 0 };
}

/** Several statements in one transaction (committed when `fn` returns, rolled back when it throws). */
export async function sqlTransaction<T>(fn: (q: Sql) => Promise<T>): Promise<T> {
  const driver = getDriver();
  if (driver.kind === "pglite") {
    const pglite = driver.pglite;
    return pglite.transaction(async (tx) =>
      fn({
        async query<R>(text: string, params: unknown[] = [], name?: string) {
          if (name) return runPrepared<R>(pglite, text, params, { inTransaction: true });
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
