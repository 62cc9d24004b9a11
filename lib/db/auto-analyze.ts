// Planner statistics for the embedded database. PostgreSQL keeps them current with autovacuum, which
// analyzes a table once enough of it has changed. PGlite runs no autovacuum (one embedded backend, no
// background workers), so its tables were never analyzed: the planner worked from default
// selectivities forever. It then believes `workspace_id = $1 AND object = $2` matches about one row,
// and picks any index that starts with those two columns. A pull page's key check used the number-key
// index to look up e-mail keys, and so did a link check against the status index: both read every
// row of the workspace, so a 10,000-contact backfill spent a fifth of its time scanning.
//
// This stands in for autovacuum's analyze on PGlite only: every few seconds it reads the cumulative
// statistics PGlite does keep (`pg_stat_user_tables`) and analyzes each table whose changes since its
// last analyze pass autovacuum's own threshold (50 rows + 10 % of the table). Each ANALYZE waits for a
// gap in foreground requests, as the embedded executor's calls do, since it holds the one connection.
// The JSON columns carry no statistics (migration 20261202170000_json_statistics_off): the planner has
// no use for them, and sampling them was three quarters of an ANALYZE's time.
import type { PGlite } from "@electric-sql/pglite";
import { foregroundGap } from "@/lib/jobs/foreground";

/** How often the embedded database looks for tables to analyze. */
export const AUTO_ANALYZE_EVERY_MS = 5_000;
/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, PostgreSQL's defaults. */
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;

const DUE_TABLES = `
SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname) AS rel
  FROM pg_stat_user_tables s
  JOIN pg_class c ON c.oid = s.relid
 WHERE s.n_mod_since_analyze > $1 + $2 * greatest(c.reltuples, 0)
 ORDER BY s.n_mod_since_analyze DESC`;

/** Analyzes the tables due (see above), one statement each; returns their names. */
export async function analyzeDueTables(pglite: PGlite, stopped: () => boolean = () => false): Promise<string[]> {
  const { rows } = await pglite.query<{ rel: string }>(DUE_TABLES, [ANALYZE_THRESHOLD, ANALYZE_SCALE_FACTOR]);
  const done: string[] = [];
  for (const { rel } of rows) {
    const release = await foregroundGap();
    try {
      if (stopped() || pglite.closed) break;
      await pglite.exec(`ANALYZE ${rel}`);
      done.push(rel);
    } finally {
      release();
    }
  }
  return done;
}

/** Starts the periodic analyze on an embedded database; the returned function stops it (and waits for a round in progress). */
export function startAutoAnalyze(pglite: PGlite, everyMs = AUTO_ANALYZE_EVERY_MS): () => Promise<void> {
  let stopped = false;
  let round: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (round || stopped || !pglite.ready) return;
    round = analyzeDueTables(pglite, () => stopped)
      .then(
        () => undefined,
        (err: unknown) => {
          // a table dropped between the check and its ANALYZE, or the database closing: the next round tries again
          if (!stopped)
            console.warn(
              `[switchboard] analyzing the embedded database's tables failed: ${err instanceof Error ? err.message : String(err)}`,
            );
        },
      )
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
