// Rate-limit headers parsed into one budget the job layer can respect. This file knows only the
// standard families: Retry-After (RFC 9110), IETF RateLimit-*, and the de-facto x-ratelimit-limit /
// -remaining / -reset. A provider with its own headers parses them in its definition
// (RateLimitPolicy.parseHeaders) with the building blocks below; lib/http names no provider.
import { z } from "zod";

export const rateLimitBudgetSchema = z.object({
  /** requests left in the current window (the tightest window the headers describe) */
  remaining: z.number().nullable(),
  limit: z.number().nullable(),
  /** when the window resets (ISO 8601), when the provider says or implies it */
  resetAt: z.string().nullable(),
  /** how long to wait before the next request, from Retry-After (or the provider's documented back-off) */
  retryAfterMs: z.number().nullable(),
});
export type RateLimitBudget = z.infer<typeof rateLimitBudgetSchema>;

function num(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw.trim());
  return Number.isFinite(n) ? n : null;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now.getTime());
}

/** A reset header that may be delta-seconds or an epoch timestamp (seconds or ms). */
function resetFrom(value: number | null, now: Date): string | null {
  if (value === null) return null;
  if (value > 1e12) return new Date(value).toISOString();
  if (value > 1e9) return new Date(value * 1000).toISOString();
  return new Date(now.getTime() + value * 1000).toISOString();
}

/** One window a provider's headers describe (burst, secondly, daily). */
export type RateLimitWindow = { remaining: number; limit: number | null; resetAt: string | null };

/** A provider's rate-limit header parser (RateLimitPolicy.parseHeaders). */
export type RateLimitHeaderParser = (headers: Headers, now: Date) => RateLimitBudget | null;

/**
 * A window from named headers: remaining (required), limit, and either a window length in ms (reset =
 * now + interval) or a reset value (delta seconds or an epoch timestamp).
 */
export function headerWindow(
  headers: Headers,
  names: { remaining: string; limit?: string; intervalMs?: string; reset?: string },
  now: Date,
): RateLimitWindow | null {
  const remaining = num(headers, names.remaining);
  if (remaining === null) return null;
  const interval = names.intervalMs ? num(headers, names.intervalMs) : null;
  return {
    remaining,
    limit: names.limit ? num(headers, names.limit) : null,
    resetAt: interval !== null ? new Date(now.getTime() + interval).toISOString() : names.reset ? resetFrom(num(headers, names.reset), now) : null,
  };
}

/** The standard families: x-ratelimit-limit / -remaining / -reset and IETF RateLimit-*. */
export function standardWindows(headers: Headers, now: Date): RateLimitWindow[] {
  const out: RateLimitWindow[] = [];
  const xr = headerWindow(headers, { remaining: "x-ratelimit-remaining", limit: "x-ratelimit-limit", reset: "x-ratelimit-reset" }, now);
  if (xr) out.push(xr);
  const ietf = headerWindow(headers, { remaining: "ratelimit-remaining", limit: "ratelimit-limit", reset: "ratelimit-reset" }, now);
  if (ietf) out.push(ietf);
  return out;
}

/**
 * The budget from the windows found plus Retry-After: the tightest window (fewest requests left) binds.
 * Null when there is neither, so the caller keeps the last known budget.
 */
export function budgetFrom(windows: readonly (RateLimitWindow | null)[], headers: Headers, now: Date): RateLimitBudget | null {
  const present = windows.filter((w): w is RateLimitWindow => w !== null);
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
  if (present.length === 0 && retryAfterMs === null) return null;
  const tightest = present.reduce<RateLimitWindow | null>((best, w) => (best === null || w.remaining < best.remaining ? w : best), null);
  return {
    remaining: tightest?.remaining ?? null,
    limit: tightest?.limit ?? null,
    resetAt: tightest?.resetAt ?? null,
    retryAfterMs,
  };
}

/** The standard families only: the parser for providers without headers of their own. */
export const parseStandardRateLimit: RateLimitHeaderParser = (headers, now) => budgetFrom(standardWindows(headers, now), headers, now);
