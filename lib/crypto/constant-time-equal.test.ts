import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "@/lib/crypto/constant-time-equal";

describe("constantTimeEqual", () => {
  it("is true only for identical strings, whatever the lengths", () => {
    expect(constantTimeEqual("s3cret", "s3cret")).toBe(true);
    expect(constantTimeEqual("s3cret", "s3creT")).toBe(false);
    expect(constantTimeEqual("s3cret", "s3cret-longer")).toBe(false);
    expect(constantTimeEqual("", "x")).toBe(false);
  });
});
