// GoHighLevel's rate-limit headers -> the shared budget: the burst window (X-RateLimit-Max / -Remaining /
// -Interval-Milliseconds) and the daily one (X-RateLimit-Limit-Daily / -Daily-Remaining).
import { budgetFrom, headerWindow, type RateLimitHeaderParser } from "@/lib/http/rate-limit";

export const parseGhlRateLimit: RateLimitHeaderParser = (headers, now) =>
  budgetFrom(
    [
      headerWindow(headers, { remaining: "x-ratelimit-remaining", limit: "x-ratelimit-max", intervalMs: "x-ratelimit-interval-milliseconds" }, now),
      headerWindow(headers, { remaining: "x-ratelimit-daily-remaining", limit: "x-ratelimit-limit-daily" }, now),
    ],
    headers,
    now,
  );
