// Transactions open on the embedded database (PGlite). PGlite has one connection: a transaction holds it
// from BEGIN to COMMIT, and every other statement waits. An interactive transaction (Prisma's, or
// sqlTransaction) awaits between its statements, and whatever else is ready on the event loop runs there.
// When that is a webhook answer's parsing and verifying, the transaction stretches by it, and every answer
// waits for the stretched transaction: under a stream of requests a 20 ms transaction took 100 ms and
// more. The receiver therefore lets open transactions finish before it starts its work
// (transactionsSettled): the answers wait as long as they would have for the connection, and the
// transaction is not stretched.
import type { PGlite } from "@electric-sql/pglite";

// On globalThis, as the driver is (lib/db/driver.ts): Next evaluates this module more than once in one
// process, and the copy that counts must be the one the receiver asks.
type State = { open: number; started: number; waiters: (() => void)[] };
const holder = globalThis as unknown as { __switchboardOpenTransactions?: State };
const state = (holder.__switchboardOpenTransactions ??= { open: 0, started: 0, waiters: [] });

/** Counts the transactions `pglite.transaction()` runs from now on. */
export function trackTransactions(pglite: PGlite): PGlite {
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = async (callback) => {
    state.open++;
    state.started++;
    try {
      return await transaction(callback);
    } finally {
      state.open--;
      if (state.open === 0 && state.waiters.length > 0) {
        const ready = state.waiters;
        state.waiters = [];
        for (const w of ready) w();
      }
    }
  };
  return pglite;
}

/** Null when no transaction is open; otherwise resolves once none is. */
export function transactionsSettled(): Promise<void> | null {
  return state.open === 0 ? null : new Promise((resolve) => state.waiters.push(resolve));
}

/** How many transactions have started on the tracked database since the process began (tests). */
export function transactionsStarted(): number {
  return state.started;
}
