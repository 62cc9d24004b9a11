import { describe, expect, it } from "vitest";
import { parseRateLimit, parseRetryAfter } from "@/lib/http/rate-limit";

const now = new Date("2026-01-01T00:00:00.000Z");

describe("parseRetryAfter", () => {
  it("reads delta seconds and HTTP dates", () => {
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
  });
});

describe("parseRateLimit", () => {
  it("returns null without rate-limit headers", () => {
    expect(parseRateLimit(new Headers({ "content-type": "application/json" }), now)).toBeNull();
  });

  it("parses HubSpot's burst and daily headers, choosing the tighter window", () => {
    const b = parseRateLimit(
      new Headers({
        "X-HubSpot-RateLimit-Max": "110",
        "X-HubSpot-RateLimit-Remaining": "42",
        "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
        "X-HubSpot-RateLimit-Daily": "250000",
        "X-HubSpot-RateLimit-Daily-Remaining": "249000",
      }),
      now,
    );
    expect(b).toEqual({ remaining: 42, limit: 110, resetAt: "2026-01-01T00:00:10.000Z", retryAfterMs: null });
  });

  it("parses GoHighLevel's headers", () => {
    const b = parseRateLimit(
      new Headers({ "X-RateLimit-Max": "100", "X-RateLimit-Remaining": "3", "X-RateLimit-Interval-Milliseconds": "10000", "X-RateLimit-Limit-Daily": "200000", "X-RateLimit-Daily-Remaining": "150000" }),
      now,
    );
    expect(b).toMatchObject({ remaining: 3, limit: 100, resetAt: "2026-01-01T00:00:10.000Z" });
  });

  it("parses Pipedrive/Loops/KeyCRM x-ratelimit-* with a reset in seconds and Retry-After", () => {
    const b = parseRateLimit(new Headers({ "x-ratelimit-limit": "80", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2", "retry-after": "2" }), now);
    expect(b).toEqual({ remaining: 0, limit: 80, resetAt: "2026-01-01T00:00:02.000Z", retryAfterMs: 2000 });
  });

  it("treats a large reset as an epoch timestamp", () => {
    const b = parseRateLimit(new Headers({ "x-ratelimit-limit": "10", "x-ratelimit-remaining": "5", "x-ratelimit-reset": "1767225660" }), now);
    expect(b?.resetAt).toBe("2026-01-01T00:01:00.000Z");
  });

  it("parses Salesforce's Sforce-Limit-Info (used/max)", () => {
    const b = parseRateLimit(new Headers({ "Sforce-Limit-Info": "api-usage=10018/100000; api-bursts=1/750" }), now);
    expect(b).toEqual({ remaining: 89982, limit: 100000, resetAt: null, retryAfterMs: null });
  });

  it("parses a bare Retry-After", () => {
    expect(parseRateLimit(new Headers({ "Retry-After": "12" }), now)).toEqual({ remaining: null, limit: null, resetAt: null, retryAfterMs: 12000 });
  });
});
