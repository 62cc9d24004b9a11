import { describe, expect, it } from "vitest";
import { classifyFailure, classifyStatus, codeForKind, isRetryable } from "@/lib/http/classify-error";

const input = (status: number, json?: unknown) => ({ status, headers: new Headers(), text: JSON.stringify(json ?? {}), json });

describe("classifyStatus", () => {
  it.each([
    [401, "auth"], [403, "auth"], [400, "validation"], [422, "validation"], [404, "not_found"], [410, "not_found"],
    [409, "duplicate"], [429, "rate_limited"], [408, "transient"], [500, "transient"], [502, "transient"],
    [503, "transient"], [504, "transient"], [418, "fatal"], [300, "fatal"],
  ] as const)("%i -> %s", (status, kind) => {
    expect(classifyStatus(status)).toBe(kind);
  });

  it("maps kinds to house codes and retryability", () => {
    expect(codeForKind.auth).toBe("INVALID_CREDENTIALS");
    expect(codeForKind.rate_limited).toBe("RATE_LIMITED");
    expect(codeForKind.transient).toBe("PROVIDER_UNAVAILABLE");
    expect(codeForKind.fatal).toBe("PROVIDER_ERROR");
    expect(isRetryable("rate_limited")).toBe(true);
    expect(isRetryable("transient")).toBe(true);
    expect(isRetryable("validation")).toBe(false);
    expect(isRetryable("auth")).toBe(false);
  });

  it("lets a provider classifier override the default and falls back when it returns undefined", () => {
    const sf = (i: { status: number; json: unknown }) =>
      i.status === 403 && Array.isArray(i.json) && (i.json[0] as { errorCode?: string })?.errorCode === "REQUEST_LIMIT_EXCEEDED" ? ("rate_limited" as const) : undefined;
    expect(classifyFailure(input(403, [{ errorCode: "REQUEST_LIMIT_EXCEEDED" }]), sf)).toBe("rate_limited");
    expect(classifyFailure(input(403, [{ errorCode: "INSUFFICIENT_ACCESS" }]), sf)).toBe("auth");
  });
});
