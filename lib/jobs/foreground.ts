// Foreground work in this process: request handlers that must answer fast (the webhook receiver) say
// when one starts and ends. The embedded executor runs in the same process — on PGlite over the same
// single database connection — so before each function call, each timer and each claim of due work
// (all of them transactions) it waits for a gap: no foreground request
// in flight and none for QUIET_MS (a burst's requests arrive back to back, and a call started in the
// moment between two of them holds the connection while the next ones queue), or until the call has
// waited MAX_DEFER_MS. Calls that waited that long go one at a time, and after each the next waits
// three times as long as it took (or for a gap): under a steady stream of requests the stored work gets
// about BACKGROUND_SHARE of the time and keeps moving, and the answers the rest. When requests are
// sparse a call waits QUIET_MS at most. Work that runs while requests keep coming keeps its transactions
// short (foregroundBusy: lib/sync/apply-webhook-records.ts), and the receiver lets an open transaction
// finish before it starts (lib/db/open-transactions.ts). Scale-out (Inngest Cloud or self-hosted
// Inngest) is unaffected.

/** Longest a function call waits for a gap in foreground requests. */
export const MAX_DEFER_MS = 5_000;
/** How long without a foreground request makes a gap. */
export const QUIET_MS = 100;
/** The share of the time calls that waited MAX_DEFER_MS get while foreground requests keep coming. */
export const BACKGROUND_SHARE = 0.25;

let inFlight = 0;
let lastEndAt = 0;
let waiters: (() => void)[] = [];
/** a call that waited MAX_DEFER_MS is running */
let overdueRunning = false;
/** the next such call not before this time */
let overdueNotBefore = 0;

function wakeAll(): void {
  const ready = waiters;
  waiters = [];
  for (const w of ready) w();
}

/** Marks a foreground request as started; call the returned function once when it has answered. */
export function beginForeground(): () => void {
  inFlight++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inFlight--;
    lastEndAt = Date.now();
    if (inFlight === 0) wakeAll();
  };
}

/** Whether foreground requests are coming: one is in flight, or one ended less than `quietMs` ago. */
export function foregroundBusy(quietMs = QUIET_MS): boolean {
  return inFlight > 0 || Date.now() - lastEndAt < quietMs;
}

/** How many foreground requests are in flight now. */
export function foregroundInFlight(): number {
  return inFlight;
}

/** Resolves after `ms`, or earlier when the last foreground request in flight ends or an overdue call ends. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiters = waiters.filter((w) => w !== done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiters.push(done);
  });
}

const noop = () => undefined;

/**
 * Resolves at a gap in foreground requests (see above), or once the call has waited `maxWaitMs` and its
 * turn among overdue calls has come, whichever is first. Call what it resolves with when the work is done.
 */
export async function foregroundGap(maxWaitMs = MAX_DEFER_MS, quietMs = QUIET_MS): Promise<() => void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const now = Date.now();
    const quietFor = now - lastEndAt;
    if (inFlight === 0 && quietFor >= quietMs) return noop;
    if (now >= deadline && !overdueRunning && now >= overdueNotBefore) {
      overdueRunning = true;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const end = Date.now();
        overdueRunning = false;
        overdueNotBefore = end + (end - now) * (1 / BACKGROUND_SHARE - 1);
        wakeAll();
      };
    }
    let ms = now < deadline ? deadline - now : overdueRunning ? 60_000 : overdueNotBefore - now;
    if (inFlight === 0) ms = Math.min(ms, quietMs - quietFor);
    await pause(ms);
  }
}
