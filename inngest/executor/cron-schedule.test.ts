import { describe, expect, it } from "vitest";
import { nextCronTick, parseCron } from "@/inngest/executor/cron-schedule";

describe("cron", () => {
  it("splits the TZ= prefix", () => {
    expect(parseCron("TZ=Europe/Paris 0 9 * * 1-5")).toEqual({ pattern: "0 9 * * 1-5", timezone: "Europe/Paris" });
    expect(parseCron("*/5 * * * *")).toEqual({ pattern: "*/5 * * * *", timezone: undefined });
  });

  it("computes the next tick in the given zone (UTC without one), strictly after the given time", () => {
    const monday = Date.parse("2026-03-02T06:00:00Z");
    expect(new Date(nextCronTick("TZ=Europe/Paris 0 9 * * 1-5", monday)!).toISOString()).toBe("2026-03-02T08:00:00.000Z");
    expect(new Date(nextCronTick("0 9 * * *", monday)!).toISOString()).toBe("2026-03-02T09:00:00.000Z");
    const at = Date.parse("2026-03-02T09:00:00Z");
    expect(new Date(nextCronTick("0 9 * * *", at)!).toISOString()).toBe("2026-03-03T09:00:00.000Z");
  });
});
