import { describe, expect, it } from "vitest";
import { parseHubspotRateLimit } from "@/lib/integrations/hubspot/rate-limit-headers";

const now = new Date("2026-01-01T00:00:00.000Z");

describe("parseHubspotRateLimit", () => {
  it("parses the burst and daily windows, choosing the tighter one", () => {
    const b = parseHubspotRateLimit(
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

  it("reads a 429's Remaining 0 as an exhausted window", () => {
    const b = parseHubspotRateLimit(new Headers({ "X-HubSpot-RateLimit-Max": "110", "X-HubSpot-RateLimit-Remaining": "0", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000" }), now);
    expect(b).toMatchObject({ remaining: 0, limit: 110 });
  });
});
