// Retry delays. The default mirrors Inngest's server (pkg/backoff TableBackoff): 15 s, 30 s, 1 m, 2 m,
// 5 m, 10 m, 20 m, 40 m, 1 h, 2 h, plus up to 30 s of random jitter so that many failing runs do not
// retry in lock-step.
export type Backoff = (attempt: number) => number;

const TABLE_MS = [15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 1200e3, 2400e3, 3600e3, 7200e3];
const MAX_JITTER_MS = 30e3;

export const defaultBackoff: Backoff = (attempt) => {
  const base = TABLE_MS[Math.min(Math.max(attempt, 0), TABLE_MS.length - 1)] ?? 7200e3;
  return base + Math.floor(Math.random() * MAX_JITTER_MS);
};

/** No delay at all: for tests and benchmarks, where waiting proves nothing. */
export const immediateBackoff: Backoff = () => 0;
