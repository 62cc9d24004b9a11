// What the dashboard learns from provider traffic as it passes through a connection's HTTP client
// (lib/connections/assemble-context.ts hooks it in): calls per hour and how many got no answer (the
// provider availability figure), and the newest rate-limit budget the provider's headers reported (the
// headroom on the connection card). Counted in memory and written every few seconds in one statement
// per connection, so a busy sync adds no write per request.
import { db } from "@/lib/db/client";
import type { HttpLogEntry } from "@/lib/http/http-client";
import type { RateLimitBudget } from "@/lib/http/rate-limit";

type Tally = { hour: number; calls: number; unavailable: number; rateLimited: number };
type Pending = { tallies: Map<number, Tally>; budget: (RateLimitBudget & { at: Date }) | null };

const FLUSH_MS = 2000;
const HOUR = 3_600_000;
const state = globalThis as unknown as { __providerTraffic?: { pending: Map<string, Pending>; timer: NodeJS.Timeout | null; flushing: Promise<void> | null } };
const traffic = (state.__providerTraffic ??= { pending: new Map(), timer: null, flushing: null });

function pendingFor(connectionId: string): Pending {
  let p = traffic.pending.get(connectionId);
  if (!p) traffic.pending.set(connectionId, (p = { tallies: new Map(), budget: null }));
  if (!traffic.timer) {
    traffic.timer = setTimeout(() => {
      traffic.timer = null;
      flushProviderTraffic().catch((err: unknown) => console.warn("[switchboard] provider traffic not recorded:", err instanceof Error ? err.message : err));
    }, FLUSH_MS);
    traffic.timer.unref?.();
  }
  return p;
}

/** No answer: the request never got a response (network, timeout) or the provider failed (5xx). */
export function isUnavailable(status: number | null): boolean {
  return status === null || status >= 500;
}

export function noteProviderCall(connectionId: string, entry: Pick<HttpLogEntry, "status">, now = new Date()): void {
  const hour = Math.floor(now.getTime() / HOUR) * HOUR;
  const p = pendingFor(connectionId);
  const t = p.tallies.get(hour) ?? { hour, calls: 0, unavailable: 0, rateLimited: 0 };
  t.calls += 1;
  if (isUnavailable(entry.status)) t.unavailable += 1;
  if (entry.status === 429) t.rateLimited += 1;
  p.tallies.set(hour, t);
}

export function noteRateLimit(connectionId: string, budget: RateLimitBudget, now = new Date()): void {
  pendingFor(connectionId).budget = { ...budget, at: now };
}

/** The hooks a saved connection's HTTP client reports to. */
export function providerTrafficHooks(connectionId: string) {
  return {
    onLog: (entry: HttpLogEntry) => noteProviderCall(connectionId, entry),
    onRateLimit: (budget: RateLimitBudget) => noteRateLimit(connectionId, budget),
  };
}

/** Writes what was counted since the last flush (tests call it directly; otherwise a timer does). */
export async function flushProviderTraffic(): Promise<void> {
  if (traffic.flushing) await traffic.flushing;
  const batch = [...traffic.pending.entries()];
  traffic.pending.clear();
  if (batch.length === 0) return;
  traffic.flushing = (async () => {
    for (const [connectionId, p] of batch) {
      for (const t of p.tallies.values()) {
        // the workspace comes from the connection row: a connection deleted meanwhile records nothing
        await db.$executeRaw`
          INSERT INTO provider_call_stats (connection_id, hour, workspace_id, calls, unavailable, rate_limited)
          SELECT id, ${new Date(t.hour)}::timestamptz, workspace_id, ${t.calls}::int, ${t.unavailable}::int, ${t.rateLimited}::int FROM connections WHERE id = ${connectionId}
          ON CONFLICT (connection_id, hour) DO UPDATE SET calls = provider_call_stats.calls + EXCLUDED.calls,
            unavailable = provider_call_stats.unavailable + EXCLUDED.unavailable, rate_limited = provider_call_stats.rate_limited + EXCLUDED.rate_limited`;
      }
      const b = p.budget;
      if (b) {
        const resetAt = b.resetAt ? new Date(b.resetAt) : null;
        await db.$executeRaw`
          INSERT INTO connection_rate_limits (connection_id, workspace_id, remaining, "limit", reset_at, retry_after_ms, observed_at)
          SELECT id, workspace_id, ${b.remaining}::float8, ${b.limit}::float8, ${resetAt}::timestamptz, ${b.retryAfterMs === null ? null : Math.round(b.retryAfterMs)}::int, ${b.at}::timestamptz FROM connections WHERE id = ${connectionId}
          ON CONFLICT (connection_id) DO UPDATE SET remaining = EXCLUDED.remaining, "limit" = EXCLUDED."limit", reset_at = EXCLUDED.reset_at,
            retry_after_ms = EXCLUDED.retry_after_ms, observed_at = EXCLUDED.observed_at
          WHERE connection_rate_limits.observed_at <= EXCLUDED.observed_at`;
      }
    }
  })();
  try {
    await traffic.flushing;
  } finally {
    traffic.flushing = null;
  }
}
