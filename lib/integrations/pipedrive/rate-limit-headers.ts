// Pipedrive's rate-limit headers -> the shared budget: the standard x-ratelimit-* burst window plus the
// daily token budget (x-daily-ratelimit-token-limit / -remaining).
import { budgetFrom, headerWindow, standardWindows, type RateLimitHeaderParser } from "@/lib/http/rate-limit";

export const parsePipedriveRateLimit: RateLimitHeaderParser = (headers, now) =>
  budgetFrom(
    [...standardWindows(headers, now), headerWindow(headers, { remaining: "x-daily-ratelimit-token-remaining", limit: "x-daily-ratelimit-token-limit" }, now)],
    headers,
    now,
  );
