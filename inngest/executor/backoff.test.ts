// The production retry table itself (the harness and the scenario matrix use it too).
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultBackoff } from "@/inngest/executor/backoff";

const TABLE_S = [15, 30, 60, 120, 300, 600, 1200, 2400, 3600, 7200];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("default backoff", () => {
  it("follows Inngest's table, then stays at 2 h", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(Array.from({ length: 12 }, (_, attempt) => defaultBackoff(attempt) / 1000)).toEqual([...TABLE_S, 7200, 7200]);
  });

  it("adds up to 30 s of jitter, never more", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    expect(defaultBackoff(0)).toBe(15_000 + 29_999);
    expect(defaultBackoff(9)).toBe(7_200_000 + 29_999);
    vi.restoreAllMocks();
    for (let i = 0; i < 200; i++) {
      const d = defaultBackoff(1);
      expect(d).toBeGreaterThanOrEqual(30_000);
      expect(d).toBeLessThan(60_000);
    }
  });
});
