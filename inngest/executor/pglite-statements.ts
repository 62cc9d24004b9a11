// Prepared statements on PGlite. PGlite's query() sends Parse, Describe, Bind, Describe, Execute and
// Sync for every call, each a separate trip into the WASM backend, so a statement is parsed and planned
// again each time; for the hot paths' larger statements that costs more than running them. Here a
// statement is parsed once per database (a named statement, as pg does on PostgreSQL), its parameter
// and row types described once, and each call is one trip: Bind, Execute, Sync. PostgreSQL re-plans a
// prepared statement by itself when the tables it reads change.
// Locking mirrors PGlite's own query(): outside a transaction the call takes the transaction lock and
// the query lock; inside pglite.transaction() (which holds the transaction lock) only the query lock.
import { createHash } from "node:crypto";
import { parse, protocol, type PGlite } from "@electric-sql/pglite";
import type { SqlResult } from "@/inngest/executor/sql-client";

type BackendMessage = Awaited<ReturnType<PGlite["execProtocol"]>>["messages"][number];
type Statement = { name: string; paramTypes: number[]; rowDescription: BackendMessage | undefined };

// Kept on globalThis, as the driver is (lib/db/driver.ts): Next evaluates this module more than once in
// one process (route bundles, instrumentation), and every copy talks to the same PGlite, whose statement
// names are per database. A name is derived from the text, so two copies that still meet agree on it.
const holder = globalThis as unknown as { __switchboardPgliteStatements?: WeakMap<PGlite, Map<string, Promise<Statement>>> };
const statements = (holder.__switchboardPgliteStatements ??= new WeakMap());

function nameOf(text: string): string {
  return `sb_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

async function prepare(pglite: PGlite, text: string): Promise<Statement> {
  const name = nameOf(text);
  const describe = concat([protocol.serialize.describe({ type: "S", name }), protocol.serialize.sync()]);
  let messages;
  try {
    ({ messages } = await pglite.execProtocol(concat([protocol.serialize.parse({ name, text }), describe]), { syncToFs: false }));
  } catch (err) {
    // 42P05: prepared already (by another copy of this module): the same text under the same name
    if ((err as { code?: string }).code !== "42P05") throw err;
    ({ messages } = await pglite.execProtocol(describe, { syncToFs: false }));
  }
  const params = messages.find((m) => m.name === "parameterDescription") as { dataTypeIDs?: number[] } | undefined;
  return { name, paramTypes: params?.dataTypeIDs ?? [], rowDescription: messages.find((m) => m.name === "rowDescription") };
}

/** Runs `text` as a prepared statement (prepared on first use); parameters and rows as PGlite's query() gives them. */
export async function runPrepared<T>(
  pglite: PGlite,
  text: string,
  params: unknown[],
  opts: { inTransaction: boolean },
): Promise<SqlResult<T>> {
  if (!opts.inTransaction) await pglite._checkReady();
  const call = async (): Promise<SqlResult<T>> => {
    let byText = statements.get(pglite);
    if (!byText) statements.set(pglite, (byText = new Map()));
    let pending = byText.get(text);
    if (!pending) {
      pending = prepare(pglite, text);
      byText.set(text, pending);
      pending.catch(() => byText.delete(text));
    }
    const stmt = await pending;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = pglite.serializers[stmt.paramTypes[i] ?? 0];
      return serialize ? serialize(value) : String(value);
    });
    const { messages } = await pglite.execProtocol(
      concat([protocol.serialize.bind({ statement: stmt.name, values }), protocol.serialize.execute({}), protocol.serialize.sync()]),
      { syncToFs: !opts.inTransaction },
    );
    const [res] = parse.parseResults(stmt.rowDescription ? [stmt.rowDescription, ...messages] : messages, pglite.parsers);
    return { rows: (res?.rows ?? []) as T[], affected: res?.affectedRows ?? 0 };
  };
  // the first call prepares inside the same lock, so two callers never race to prepare one statement twice
  if (opts.inTransaction) return pglite._runExclusiveQuery(call);
  return pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(call));
}
