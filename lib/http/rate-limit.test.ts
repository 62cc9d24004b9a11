import { describe, expect, it } from "vitest";
import { budgetFrom, headerWindow, parseRetryAfter, parseStandardRateLimit } from "@/lib/http/rate-limit";

const now = new Date("2026-01-01T00:00:00.000Z");

describe("parseRetryAfter", () => {
  it("reads delta seconds and HTTP dates", () => {
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
  });
});

describe("parseStandardRateLimit", () => {
  it("returns null without rate-limit headers", () => {
    expect(parseStandardRateLimit(new Headers({ "content-type": "application/json" }), now)).toBeNull();
  });

  it("parses x-ratelimit-* with a reset in seconds and Retry-After", () => {
    const b = parseStandardRateLimit(new Headers({ "x-ratelimit-limit": "80", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2", "retry-after": "2" }), now);
    expect(b).toEqual({ remaining: 0, limit: 80, resetAt: "2026-01-01T00:00:02.000Z", retryAfterMs: 2000 });
  });

  it("treats a large reset as an epoch timestamp", () => {
    const b = parseStandardRateLimit(new Headers({ "x-ratelimit-limit": "10", "x-ratelimit-remaining": "5", "x-ratelimit-reset": "1767225660" }), now);
    expect(b?.resetAt).toBe("2026-01-01T00:01:00.000Z");
  });

  it("parses IETF RateLimit-*", () => {
    const b = parseStandardRateLimit(new Headers({ "RateLimit-Limit": "100", "RateLimit-Remaining": "9", "RateLimit-Reset": "30" }), now);
    expect(b).toEqual({ remaining: 9, limit: 100, resetAt: "2026-01-01T00:00:30.000Z", retryAfterMs: null });
  });

  it("parses a bare Retry-After", () => {
    expect(parseStandardRateLimit(new Headers({ "Retry-After": "12" }), now)).toEqual({ remaining: null, limit: null, resetAt: null, retryAfterMs: 12000 });
  });
});

describe("budgetFrom", () => {
  it("lets the tightest window bind and resets interval windows from now", () => {
    const h = new Headers({ "a-remaining": "40", "a-max": "100", "a-interval": "10000", "b-remaining": "3", "b-max": "5" });
    const b = budgetFrom(
      [headerWindow(h, { remaining: "a-remaining", limit: "a-max", intervalMs: "a-interval" }, now), headerWindow(h, { remaining: "b-remaining", limit: "b-max" }, now)],
      h,
      now,
    );
    expect(b).toEqual({ remaining: 3, limit: 5, resetAt: null, retryAfterMs: null });
    expect(headerWindow(h, { remaining: "a-remaining", limit: "a-max", intervalMs: "a-interval" }, now)?.resetAt).toBe("2026-01-01T00:00:10.000Z");
  });
});
