// HubSpot's rate-limit headers -> the shared budget: the 10-second burst window
// (X-HubSpot-RateLimit-Max / -Remaining / -Interval-Milliseconds), the secondly one and, for private
// apps, the daily one. Search responses carry none; a 429 carries Remaining 0.
import { budgetFrom, headerWindow, standardWindows, type RateLimitHeaderParser } from "@/lib/http/rate-limit";

export const parseHubspotRateLimit: RateLimitHeaderParser = (headers, now) =>
  budgetFrom(
    [
      headerWindow(headers, { remaining: "x-hubspot-ratelimit-remaining", limit: "x-hubspot-ratelimit-max", intervalMs: "x-hubspot-ratelimit-interval-milliseconds" }, now),
      headerWindow(headers, { remaining: "x-hubspot-ratelimit-secondly-remaining", limit: "x-hubspot-ratelimit-secondly" }, now),
      headerWindow(headers, { remaining: "x-hubspot-ratelimit-daily-remaining", limit: "x-hubspot-ratelimit-daily" }, now),
      ...standardWindows(headers, now),
    ],
    headers,
    now,
  );
