import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { beginForeground, foregroundGap, foregroundInFlight } from "@/lib/jobs/foreground";

// each test an hour after the one before on the fake clock: the module's times from earlier tests are past
let clock = Date.now();
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime((clock += 3_600_000));
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
    (await gap)();
    end();
  });

  it("while requests keep coming, overdue calls go one at a time, each after three times the one before took", async () => {
    const end = beginForeground();
    const a = foregroundGap(1_000, 100);
    const b = foregroundGap(1_000, 100);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await settled(a)).toBe(true);
    expect(await settled(b)).toBe(false);
    const doneA = await a;
    await vi.advanceTimersByTimeAsync(200); // the first call runs for 200 ms
    expect(await settled(b)).toBe(false);
    doneA();
    doneA(); // a second call of the same end does not count
    await vi.advanceTimersByTimeAsync(599);
    expect(await settled(b)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(b)).toBe(true);
    const doneB = await b;
    // a gap lets any call through at once, overdue or not
    const c = foregroundGap(60_000, 100);
    end();
    await vi.advanceTimersByTimeAsync(100);
    expect(await settled(c)).toBe(true);
    doneB();
  });
});
