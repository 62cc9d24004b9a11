import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { beginForeground, foregroundGap, foregroundInFlight } from "@/lib/jobs/foreground";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether the promise has settled after the microtasks queued so far. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe("foreground gap", () => {
  it("opens at once when no foreground request was seen for the quiet time", async () => {
    await vi.advanceTimersByTimeAsync(1_000);
    expect(foregroundInFlight()).toBe(0);
    expect(await settled(foregroundGap(60_000, 100))).toBe(true);
  });

  it("waits for every request to end, then for the quiet time; each end counts once", async () => {
    const endA = beginForeground();
    const endB = beginForeground();
    const gap = foregroundGap(60_000, 100);
    endA();
    endA(); // a second call of the same end does not count
    expect(foregroundInFlight()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await settled(gap)).toBe(false);
    endB();
    expect(foregroundInFlight()).toBe(0);
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(gap)).toBe(false);
    // a request arriving within the quiet time starts it over
    beginForeground()();
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(gap)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(gap)).toBe(true);
  });

  it("gives up waiting after the longest deferral while requests keep coming", async () => {
    const end = beginForeground();
    const gap = foregroundGap(5_000, 100);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(await settled(gap)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(gap)).toBe(true);
    end();
  });
});
