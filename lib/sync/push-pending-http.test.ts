import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { httpOf } from "@/lib/sync/push-pending";

describe("a failed operation's HTTP exchange", () => {
  it("keeps the provider's JSON error body as JSON text, not [object Object]", () => {
    const err = new AppError("RATE_LIMITED", "hubspot answered 429", { method: "GET", url: "https://x.test/crm", status: 429, providerError: { status: "error", message: "You have reached your ten_secondly_rolling limit." } });
    const http = httpOf(err).http as { response: { body: string; status: number } };
    expect(http.response.status).toBe(429);
    expect(JSON.parse(http.response.body)).toEqual({ status: "error", message: "You have reached your ten_secondly_rolling limit." });
  });
});
