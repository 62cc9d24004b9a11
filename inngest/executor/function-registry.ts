// The synced functions, read from executor_functions and cached per process. The cache is dropped on
// every sync in this process and expires after a few seconds so other instances' syncs are seen.
import { db } from "@/lib/db/client";
import type { Tx } from "@/inngest/executor/executor-context";
import { functionConfigSchema, maxAttemptsOf, type FunctionConfig } from "@/inngest/executor/function-config";

export type SyncedFunction = { id: string; url: string; config: FunctionConfig; maxAttempts: number };

const TTL_MS = 5_000;
const holder = globalThis as unknown as { __switchboardExecutorFns?: { at: number; fns: Map<string, SyncedFunction> } | undefined };

export function invalidateFunctions(): void {
  holder.__switchboardExecutorFns = undefined;
}

/**
 * Pass the open transaction when there is one: PGlite has a single connection, so a query outside the
 * transaction would wait for the transaction to end.
 */
export async function syncedFunctions(client: Tx = db): Promise<Map<string, SyncedFunction>> {
  const hit = holder.__switchboardExecutorFns;
  if (hit && Date.now() - hit.at < TTL_MS) return hit.fns;
  const rows = await client.executorFunction.findMany();
  const fns = new Map<string, SyncedFunction>();
  for (const row of rows) {
    const parsed = functionConfigSchema.safeParse(row.config);
    if (!parsed.success) continue;
    fns.set(row.id, { id: row.id, url: row.url, config: parsed.data, maxAttempts: maxAttemptsOf(parsed.data) });
  }
  holder.__switchboardExecutorFns = { at: Date.now(), fns };
  return fns;
}

export async function syncedFunction(id: string, client: Tx = db): Promise<SyncedFunction | undefined> {
  return (await syncedFunctions(client)).get(id);
}
