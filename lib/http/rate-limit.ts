// Rate-limit headers of every provider we talk to, parsed into one budget the job layer can respect.
// Families: Retry-After (RFC 9110); X-HubSpot-RateLimit-*; GoHighLevel X-RateLimit-Max/Remaining/
// Interval-Milliseconds (+ daily); Pipedrive/Loops/KeyCRM x-ratelimit-limit/remaining/reset;
// IETF RateLimit-*; Salesforce Sforce-Limit-Info (api-usage=used/max, a rolling 24 h org quota).
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

type Window = { remaining: number; limit: number | null; resetAt: string | null };

/**
 * Parse whatever rate-limit headers are present. Returns null when the response carries none, so the
 * caller can keep the last known budget.
 */
export function parseRateLimit(headers: Headers, now: Date = new Date()): RateLimitBudget | null {
  const windows: Window[] = [];

  // HubSpot: burst window in ms, plus secondly and daily (daily not on OAuth calls).
  const hsRemaining = num(headers, "x-hubspot-ratelimit-remaining");
  if (hsRemaining !== null) {
    const interval = num(headers, "x-hubspot-ratelimit-interval-milliseconds");
    windows.push({
      remaining: hsRemaining,
      limit: num(headers, "x-hubspot-ratelimit-max"),
      resetAt: interval === null ? null : new Date(now.getTime() + interval).toISOString(),
    });
  }
  const hsSecondly = num(headers, "x-hubspot-ratelimit-secondly-remaining");
  if (hsSecondly !== null) {
    windows.push({
      remaining: hsSecondly,
      limit: num(headers, "x-hubspot-ratelimit-secondly"),
      resetAt: new Date(now.getTime() + 1000).toISOString(),
    });
  }
  const hsDaily = num(headers, "x-hubspot-ratelimit-daily-remaining");
  if (hsDaily !== null) {
    windows.push({ remaining: hsDaily, limit: num(headers, "x-hubspot-ratelimit-daily"), resetAt: null });
  }

  // GoHighLevel: X-RateLimit-Max / -Remaining / -Interval-Milliseconds, plus daily.
  const ghlMax = num(headers, "x-ratelimit-max");
  const genericRemaining = num(headers, "x-ratelimit-remaining");
  if (ghlMax !== null && genericRemaining !== null) {
    const interval = num(headers, "x-ratelimit-interval-milliseconds");
    windows.push({
      remaining: genericRemaining,
      limit: ghlMax,
      resetAt: interval === null ? null : new Date(now.getTime() + interval).toISOString(),
    });
  } else if (genericRemaining !== null) {
    // Pipedrive, Loops, KeyCRM (Laravel): x-ratelimit-limit / -remaining / -reset (seconds).
    windows.push({
      remaining: genericRemaining,
      limit: num(headers, "x-ratelimit-limit"),
      resetAt: resetFrom(num(headers, "x-ratelimit-reset"), now),
    });
  }
  const ghlDaily = num(headers, "x-ratelimit-daily-remaining");
  if (ghlDaily !== null) {
    windows.push({ remaining: ghlDaily, limit: num(headers, "x-ratelimit-limit-daily"), resetAt: null });
  }
  const pdDaily = num(headers, "x-daily-ratelimit-token-remaining");
  if (pdDaily !== null) {
    windows.push({ remaining: pdDaily, limit: num(headers, "x-daily-ratelimit-token-limit"), resetAt: null });
  }

  // IETF draft RateLimit-* (reset is delta-seconds).
  const ietfRemaining = num(headers, "ratelimit-remaining");
  if (ietfRemaining !== null) {
    windows.push({
      remaining: ietfRemaining,
      limit: num(headers, "ratelimit-limit"),
      resetAt: resetFrom(num(headers, "ratelimit-reset"), now),
    });
  }

  // Salesforce: "api-usage=10018/100000; api-bursts=1/750" (used/max).
  const sforce = headers.get("sforce-limit-info");
  if (sforce) {
    const m = /api-usage=(\d+)\/(\d+)/.exec(sforce);
    if (m) {
      const used = Number(m[1]);
      const max = Number(m[2]);
      windows.push({ remaining: Math.max(0, max - used), limit: max, resetAt: null });
    }
  }

  const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
  if (windows.length === 0 && retryAfterMs === null) return null;

  // The tightest window (fewest requests left) is the one that binds.
  const tightest = windows.reduce<Window | null>(
    (best, w) => (best === null || w.remaining < best.remaining ? w : best),
    null,
  );
  return {
    remaining: tightest?.remaining ?? null,
    limit: tightest?.limit ?? null,
    resetAt: tightest?.resetAt ?? null,
    retryAfterMs,
  };
}
