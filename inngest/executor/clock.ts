// Time as the executor sees it. Injectable so tests move time forward instead of waiting for it.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock that only moves when told to: sleeps, timeouts and backoff then take no real time. */
export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void; set(ms: number): void };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}
