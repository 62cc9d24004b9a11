// Client-side pacing of one connection's API calls to the provider's declared budget (RateLimitPolicy:
// `requests` per `perMs`, at most `concurrency` at once) and to what the provider last said: when the
// latest rate-limit headers report no requests left, calls wait for the window's reset (bounded). The
// provider stays the judge: a 429 still comes back as RATE_LIMITED for the job layer to reschedule.
import type { RateLimitBudget } from "@/lib/http/rate-limit";

export type PacerPolicy = { requests: number; perMs: number; concurrency: number };

export type Pacer = {
  /** run one call in turn; `budget` is what the provider's headers said last (remaining 0 = wait for its reset) */
  run<T>(fn: () => Promise<T>, budget?: RateLimitBudget | null): Promise<T>;
  /** calls started in the current window (for tests and diagnostics) */
  inWindow(): number;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPacer(policy: PacerPolicy, opts: { now?: () => number } = {}): Pacer {
  const now = opts.now ?? Date.now;
  const starts: number[] = [];
  let active = 0;
  const waiting: (() => void)[] = [];

  async function slot(): Promise<void> {
    while (active >= policy.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
  }

  function release(): void {
    active--;
    waiting.shift()?.();
  }

  async function window(budget: RateLimitBudget | null | undefined): Promise<void> {
    for (;;) {
      const t = now();
      while (starts.length && starts[0]! <= t - policy.perMs) starts.shift();
      let wait = starts.length >= policy.requests ? starts[0]! + policy.perMs - t : 0;
      if (budget?.remaining === 0 && budget.resetAt) wait = Math.max(wait, Math.min(Date.parse(budget.resetAt) - t, policy.perMs));
      if (wait <= 0) {
        starts.push(t);
        return;
      }
      await sleep(wait);
    }
  }

  return {
    async run(fn, budget) {
      await slot();
      try {
        await window(budget);
        return await fn();
      } finally {
        release();
      }
    },
    inWindow: () => starts.filter((s) => s > now() - policy.perMs).length,
  };
}

const shared = new Map<string, Pacer>();

/** One pacer per connection (key), shared by every context built for it in this process. */
export function pacerFor(key: string | null, policy: PacerPolicy): Pacer {
  if (key === null) return createPacer(policy);
  let p = shared.get(key);
  if (!p) {
    p = createPacer(policy);
    shared.set(key, p);
  }
  return p;
}
