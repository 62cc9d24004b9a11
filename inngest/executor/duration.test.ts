import { describe, expect, it } from "vitest";
import { parseDurationMs, resolveSleepUntil } from "@/inngest/executor/duration";

describe("durations", () => {
  it("parses Inngest time strings", () => {
    expect(parseDurationMs("30s")).toBe(30_000);
    expect(parseDurationMs("1h30m")).toBe(5_400_000);
    expect(parseDurationMs("2d")).toBe(172_800_000);
    expect(parseDurationMs("1w")).toBe(604_800_000);
    expect(parseDurationMs("500ms")).toBe(500);
    expect(parseDurationMs("1500")).toBe(1500);
  });

  it("rejects what it cannot read", () => {
    expect(() => parseDurationMs("soon")).toThrow(/Invalid duration/);
    expect(() => parseDurationMs("5 minutes")).toThrow(/Invalid duration/);
  });

  it("resolves a Sleep op's name: a duration from now, or an ISO date (sleepUntil)", () => {
    expect(resolveSleepUntil("2h", 1_000)).toBe(7_201_000);
    expect(resolveSleepUntil("2026-03-01T10:00:00.000Z", 0)).toBe(Date.parse("2026-03-01T10:00:00.000Z"));
  });
});
