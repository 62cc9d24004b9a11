import { describe, expect, it } from "vitest";
import { createPacer } from "@/lib/http/request-pacer";

describe("createPacer", () => {
  it("starts at most `requests` calls per window: the next waits for the window to move", async () => {
    const pacer = createPacer({ requests: 2, perMs: 200, concurrency: 10 });
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all([1, 2, 3].map(() => pacer.run(async () => void started.push(Date.now() - t0))));
    started.sort((a, b) => a - b);
    expect(started[1]!).toBeLessThan(100);
    expect(started[2]!).toBeGreaterThanOrEqual(190);
  });

  it("never runs more than `concurrency` calls at once", async () => {
    const pacer = createPacer({ requests: 100, perMs: 1000, concurrency: 2 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        pacer.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 10));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });

  it("waits for the reset when the provider's last answer said no requests are left", async () => {
    const pacer = createPacer({ requests: 100, perMs: 10_000, concurrency: 5 });
    const t0 = Date.now();
    await pacer.run(async () => undefined, { remaining: 0, limit: 110, resetAt: new Date(t0 + 150).toISOString(), retryAfterMs: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const t1 = Date.now();
    await pacer.run(async () => undefined, { remaining: 5, limit: 110, resetAt: new Date(t1 + 5000).toISOString(), retryAfterMs: null });
    expect(Date.now() - t1).toBeLessThan(100);
  });
});
