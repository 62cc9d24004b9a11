import { describe, expect, it } from "vitest";
import { parseGhlRateLimit } from "@/lib/integrations/gohighlevel/rate-limit-headers";

describe("parseGhlRateLimit", () => {
  it("parses the burst and daily windows", () => {
    const now = new Date("2026-01-01T00:00:00.000Z");
    const b = parseGhlRateLimit(
      new Headers({ "X-RateLimit-Max": "100", "X-RateLimit-Remaining": "3", "X-RateLimit-Interval-Milliseconds": "10000", "X-RateLimit-Limit-Daily": "200000", "X-RateLimit-Daily-Remaining": "150000" }),
      now,
    );
    expect(b).toMatchObject({ remaining: 3, limit: 100, resetAt: "2026-01-01T00:00:10.000Z" });
  });
});
