import { describe, expect, it } from "vitest";
import { parsePipedriveRateLimit } from "@/lib/integrations/pipedrive/rate-limit-headers";

describe("parsePipedriveRateLimit", () => {
  it("lets the daily token budget bind when it is the tighter window", () => {
    const b = parsePipedriveRateLimit(
      new Headers({ "x-ratelimit-limit": "80", "x-ratelimit-remaining": "70", "x-ratelimit-reset": "2", "x-daily-ratelimit-token-limit": "30000", "x-daily-ratelimit-token-remaining": "12" }),
      new Date("2026-01-01T00:00:00.000Z"),
    );
    expect(b).toEqual({ remaining: 12, limit: 30000, resetAt: null, retryAfterMs: null });
  });
});
