// Planner statistics for the embedded database. PostgreSQL keeps them current with autovacuum, which
// analyzes a table once enough of it has changed. PGlite runs no autovacuum (one embedded backend, no
// background workers), so its tables were never analyzed: the planner worked from default
// selectivities forever. It then believes `workspace_id = $1 AND object = $2` matches about one row,
// and picks any index that starts with those two columns. A pull page's key check used the number-key
// index to look up e-mail keys, and so did a link check against the status index: both read every
// row of the workspace, so a 10,000-contact backfill spent a fifth of its time scanning.
//
// This stands in for autovacuum's analyze: every few seconds it reads the cumulative statistics the
// database does keep (`pg_stat_user_tables`) and analyzes each table whose changes since its last
// analyze pass autovacuum's own threshold (50 rows + 10 % of the table). On PGlite each ANALYZE waits for
// a gap in foreground requests, as the embedded executor's calls do, since it holds the one connection.
// On PostgreSQL it runs only where autovacuum is off (a server configured so, as this repository's CI
// machine is: its planner had no statistics either), one instance at a time (an advisory lock).
// The JSON columns carry no statistics (migration 20261202170000_json_statistics_off): the planner has
// no use for them, and sampling them was three quarters of an ANALYZE's time.
//
// On PGlite it stands in for autovacuum's VACUUM too, which nothing else would ever run there: a table
// whose dead rows pass autovacuum's threshold (50 rows + 20 % of the table) — the executor's queue and
// runs, the inbox's status changes — is vacuumed, so its space and index entries are reused instead of
// growing for good; and a table whose oldest unfrozen transaction id is older than
// autovacuum_freeze_max_age is vacuumed (aggressively, freezing), as is the whole database once its own
// age passes that, since PGlite's single backend only warns as transaction ids near wraparound. A server
// (PostgreSQL with autovacuum off) is left to its operator's VACUUM: only its statistics are kept here.
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { foregroundGap } from "@/lib/jobs/foreground";

/** How often the database is looked at for tables to analyze. */
export const AUTO_ANALYZE_EVERY_MS = 5_000;
/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, PostgreSQL's defaults. */
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;
/** An arbitrary constant: one analyzing instance at a time on a shared PostgreSQL. */
const LOCK_ID = 72707370;

/** autovacuum_vacuum_threshold and autovacuum_vacuum_scale_factor, PostgreSQL's defaults. */
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE_FACTOR = 0.2;

// $5: whether VACUUM is this round's to run; $6: the transaction id age that makes a table (and the
// database: its catalogs age too) due for freezing, null for the server's autovacuum_freeze_max_age. The
// database's row (rel null) comes last: one VACUUM of all of it.
const DUE_TABLES = `
WITH f AS (SELECT coalesce($6::float8, current_setting('autovacuum_freeze_max_age')::float8) AS age),
t AS (
  SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname) AS rel,
         s.n_mod_since_analyze > $1 + $2 * greatest(c.reltuples, 0) AS due_analyze,
         $5 AND (s.n_dead_tup > $3 + $4 * greatest(c.reltuples, 0) OR age(c.relfrozenxid) > (SELECT age FROM f)) AS due_vacuum,
         greatest(s.n_mod_since_analyze, s.n_dead_tup) AS changed
    FROM pg_stat_user_tables s
    JOIN pg_class c ON c.oid = s.relid
  UNION ALL
  SELECT NULL, false, true, -1 FROM pg_database
   WHERE $5 AND datname = current_database() AND age(datfrozenxid) > (SELECT age FROM f)
)
SELECT rel, due_analyze, due_vacuum FROM t WHERE due_analyze OR due_vacuum ORDER BY changed DESC`;

/** What a round needs of the database. */
export type AnalyzeConnection = {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  /** resolves when the ANALYZE may run (PGlite: at a gap in foreground requests); call what it resolves with after */
  turn(): Promise<() => void>;
  closed(): boolean;
  /** whether rounds also VACUUM (the embedded database, where nothing else does) */
  vacuums: boolean;
};

export function pgliteConnection(pglite: PGlite): AnalyzeConnection {
  return {
    query: async <T>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params)).rows,
    exec: async (text) => {
      await pglite.exec(text);
    },
    turn: () => foregroundGap(),
    closed: () => pglite.closed,
    vacuums: true,
  };
}

function pgConnection(client: pg.PoolClient): AnalyzeConnection {
  return {
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    exec: async (text) => {
      await client.query(text);
    },
    turn: async () => () => undefined,
    closed: () => false,
    vacuums: false,
  };
}

/**
 * Analyzes (and, where the connection vacuums, vacuums) the tables due (see above), one statement each, and
 * vacuums the whole database when its transaction id age is past the freeze age; returns the tables done
 * ("database" for the whole). `freezeAge` overrides the server's autovacuum_freeze_max_age (tests).
 */
export async function analyzeDueTables(
  conn: AnalyzeConnection,
  stopped: () => boolean = () => false,
  opts: { freezeAge?: number } = {},
): Promise<string[]> {
  const rows = await conn.query<{ rel: string | null; due_analyze: boolean; due_vacuum: boolean }>(DUE_TABLES, [
    ANALYZE_THRESHOLD,
    ANALYZE_SCALE_FACTOR,
    VACUUM_THRESHOLD,
    VACUUM_SCALE_FACTOR,
    conn.vacuums,
    opts.freezeAge ?? null,
  ]);
  const statements = rows.map(({ rel, due_analyze, due_vacuum }) =>
    rel === null
      ? { name: "database", sql: "VACUUM" }
      : { name: rel, sql: due_vacuum ? (due_analyze ? `VACUUM (ANALYZE) ${rel}` : `VACUUM ${rel}`) : `ANALYZE ${rel}` },
  );
  const done: string[] = [];
  for (const st of statements) {
    const release = await conn.turn();
    try {
      if (stopped() || conn.closed()) break;
      await conn.exec(st.sql);
      done.push(st.name);
    } finally {
      release();
    }
  }
  return done;
}

/** A round's connection, or null to skip the round; `never`: stop looking (the database runs autovacuum). */
type Opener = () => Promise<{ conn: AnalyzeConnection; release: () => Promise<void> } | null | "never">;

/** Starts the periodic analyze; the returned function stops it (and waits for a round in progress). */
function startRounds(open: Opener, everyMs: number): () => Promise<void> {
  let stopped = false;
  let round: Promise<void> | null = null;
  const run = async () => {
    const opened = await open();
    if (opened === "never") {
      stopped = true;
      clearInterval(timer);
      return;
    }
    if (!opened) return;
    try {
      await analyzeDueTables(opened.conn, () => stopped);
    } finally {
      await opened.release();
    }
  };
  const timer = setInterval(() => {
    if (round || stopped) return;
    round = run()
      .catch((err: unknown) => {
        // a table dropped between the check and its ANALYZE, or the database closing: the next round tries again
        if (!stopped)
          console.warn(`[switchboard] analyzing the database's tables failed: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        round = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await round;
  };
}

/** The embedded database: always (PGlite runs no autovacuum). */
export function startAutoAnalyze(pglite: PGlite, everyMs = AUTO_ANALYZE_EVERY_MS): () => Promise<void> {
  const conn = pgliteConnection(pglite);
  return startRounds(async () => (pglite.ready ? { conn, release: async () => undefined } : null), everyMs);
}

/** PostgreSQL: only when its autovacuum is off, and one instance at a time. */
export function startAutoAnalyzeWithoutAutovacuum(pool: pg.Pool, everyMs = AUTO_ANALYZE_EVERY_MS): () => Promise<void> {
  let autovacuum: boolean | undefined;
  return startRounds(async () => {
    const client = await pool.connect();
    try {
      autovacuum ??= (await client.query<{ on: boolean }>(`SELECT current_setting('autovacuum') = 'on' AS on`)).rows[0]?.on !== false;
      if (autovacuum) {
        client.release();
        return "never";
      }
      if (!(await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [LOCK_ID])).rows[0]?.locked) {
        client.release();
        return null;
      }
    } catch (err) {
      client.release();
      throw err;
    }
    return {
      conn: pgConnection(client),
      release: async () => {
        try {
          await client.query(`SELECT pg_advisory_unlock($1)`, [LOCK_ID]);
        } finally {
          client.release();
        }
      },
    };
  }, everyMs);
}
