import { describe, expect, it } from "vitest";
import { decideInbound, type InboundField } from "@/lib/records/conflict-policy";

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const base: InboundField = {
  policy: "last_writer_wins",
  hubValue: "hub",
  incomingValue: "remote",
  hubChangedAt: t(20),
  hubSource: "user:u1",
  source: "connection:c1",
  incomingAt: t(30),
  baseline: t(10),
  consent: false,
};

describe("decideInbound", () => {
  it("applies a provider change when the hub has not changed since the last agreement", () => {
    for (const policy of ["hub_wins", "provider_wins", "last_writer_wins", "manual"] as const) {
      expect(decideInbound({ ...base, policy, hubChangedAt: t(5) })).toBe("apply");
      expect(decideInbound({ ...base, policy, hubSource: "connection:c1" })).toBe("apply");
    }
  });

  it("resolves a real conflict per policy", () => {
    expect(decideInbound({ ...base, policy: "hub_wins" })).toBe("keep");
    expect(decideInbound({ ...base, policy: "provider_wins" })).toBe("apply");
    expect(decideInbound({ ...base, policy: "last_writer_wins" })).toBe("apply");
    expect(decideInbound({ ...base, policy: "last_writer_wins", incomingAt: t(15) })).toBe("keep");
    expect(decideInbound({ ...base, policy: "last_writer_wins", incomingAt: null })).toBe("keep");
    expect(decideInbound({ ...base, policy: "manual" })).toBe("conflict");
    expect(decideInbound({ ...base, policy: "manual", baseline: null })).toBe("conflict");
  });

  it("fills empty hub fields and otherwise never overwrites under fill_if_empty / never_overwrite", () => {
    for (const policy of ["fill_if_empty", "never_overwrite"] as const) {
      expect(decideInbound({ ...base, policy, hubChangedAt: t(1) })).toBe("keep");
      expect(decideInbound({ ...base, policy, hubValue: null })).toBe("apply");
      expect(decideInbound({ ...base, policy, hubValue: [] })).toBe("apply");
    }
  });

  it("never re-subscribes an unsubscribed contact, whatever the policy; unsubscribing applies", () => {
    for (const policy of ["provider_wins", "last_writer_wins"] as const) {
      expect(decideInbound({ ...base, policy, consent: true, hubValue: false, incomingValue: true, hubChangedAt: t(1) })).toBe("keep");
      expect(decideInbound({ ...base, policy, consent: true, hubValue: true, incomingValue: false, hubChangedAt: t(1) })).toBe("apply");
    }
  });
});
