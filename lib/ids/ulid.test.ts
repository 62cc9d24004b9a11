import { describe, expect, it } from "vitest";
import { decodeTime } from "ulid";
import { monotonicFactory, ulid } from "@/lib/ids/ulid";

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe("ulid (pooled random)", () => {
  it("makes valid, distinct ULIDs carrying the given time, across refills of the random pool", () => {
    const at = Date.UTC(2026, 11, 2, 4, 0, 0);
    const ids = Array.from({ length: 5000 }, () => ulid(at)); // 16 random bytes each: the 4 KB pool refills ~20 times
    expect(ids.every((id) => CROCKFORD.test(id) && decodeTime(id) === at)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // the random part uses the whole alphabet (a stuck or biased pool would not)
    expect(new Set(ids.flatMap((id) => [...id.slice(10)])).size).toBe(32);
  });

  it("a monotonic factory's ids sort in the order they were made within one millisecond", () => {
    const next = monotonicFactory();
    const at = Date.now();
    const ids = Array.from({ length: 1000 }, () => next(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
