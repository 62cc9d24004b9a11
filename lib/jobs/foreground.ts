// Foreground work in this process: request handlers that must answer fast (the webhook receiver) say
// when one starts and ends. The embedded executor runs in the same process — on PGlite over the same
// single database connection — so before each function call it waits for a gap: no foreground request
// in flight and none for QUIET_MS (a burst's requests arrive back to back, and a call started in the
// moment between two of them holds the connection while the next ones queue), or until the call has
// waited MAX_DEFER_MS. Under a burst the answers come first and the stored work is applied in the gaps,
// or at least every few seconds; when requests are sparse a call waits QUIET_MS at most. Scale-out
// (Inngest Cloud or self-hosted Inngest) is unaffected.

/** Longest a function call waits for a gap in foreground requests. */
export const MAX_DEFER_MS = 5_000;
/** How long without a foreground request makes a gap. */
export const QUIET_MS = 100;

let inFlight = 0;
let lastEndAt = 0;
let waiters: (() => void)[] = [];

/** Marks a foreground request as started; call the returned function once when it has answered. */
export function beginForeground(): () => void {
  inFlight++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inFlight--;
    lastEndAt = Date.now();
    if (inFlight === 0 && waiters.length > 0) {
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    }
  };
}

/** How many foreground requests are in flight now. */
export function foregroundInFlight(): number {
  return inFlight;
}

/** Resolves after `ms`, or earlier when the last foreground request in flight ends (when `onIdle`). */
function pause(ms: number, onIdle: boolean): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiters = waiters.filter((w) => w !== done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (onIdle) waiters.push(done);
  });
}

/** Resolves at a gap in foreground requests (see above), or after `maxWaitMs`, whichever comes first. */
export async function foregroundGap(maxWaitMs = MAX_DEFER_MS, quietMs = QUIET_MS): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const now = Date.now();
    if (now >= deadline) return;
    if (inFlight > 0) {
      await pause(deadline - now, true);
      continue;
    }
    const quietFor = now - lastEndAt;
    if (quietFor >= quietMs) return;
    await pause(Math.min(quietMs - quietFor, deadline - now), false);
  }
}
