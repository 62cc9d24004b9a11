import { describe, expect, it } from "vitest";
import { parseSalesforceRateLimit } from "@/lib/integrations/salesforce/rate-limit-headers";

describe("parseSalesforceRateLimit", () => {
  it("parses Sforce-Limit-Info (used/max)", () => {
    const b = parseSalesforceRateLimit(new Headers({ "Sforce-Limit-Info": "api-usage=10018/100000; api-bursts=1/750" }), new Date());
    expect(b).toEqual({ remaining: 89982, limit: 100000, resetAt: null, retryAfterMs: null });
  });
});
