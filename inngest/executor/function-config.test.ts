import { describe, expect, it } from "vitest";
import { functionConfigSchema, maxAttemptsOf, unsupportedOptions } from "@/inngest/executor/function-config";
import { evaluateKey, evaluateNumber, matches } from "@/inngest/executor/expressions";

const base = { id: "app-fn", triggers: [{ event: "a/b" }], steps: { step: { runtime: { type: "http", url: "http://x/api/inngest" } } } };

describe("function config", () => {
  it("defaults to 3 retries (4 attempts) and caps retries at 20", () => {
    expect(maxAttemptsOf(functionConfigSchema.parse(base))).toBe(4);
    expect(maxAttemptsOf(functionConfigSchema.parse({ ...base, steps: { step: { ...base.steps.step, retries: { attempts: 0 } } } }))).toBe(
      1,
    );
    expect(maxAttemptsOf(functionConfigSchema.parse({ ...base, steps: { step: { ...base.steps.step, retries: { attempts: 50 } } } }))).toBe(
      21,
    );
  });

  it("names every option it does not enforce, and expressions that do not parse", () => {
    const cfg = functionConfigSchema.parse({
      ...base,
      debounce: { period: "5 parsecs" },
      batchEvents: { maxSize: 10, timeout: "5s", key: "event.data.(" },
      priority: { run: "event.data.tier ==" },
      singleton: { mode: "skip", key: "event.data.connectionId" },
      timeouts: { finish: "1h" },
      concurrency: [{ limit: 1, key: "event.data.(", scope: "account" }],
    });
    expect(unsupportedOptions(cfg).map((u) => u.option)).toEqual([
      "timeouts",
      "concurrency.key",
      "concurrency.scope",
      "batchEvents.key",
      "priority.run",
      "batchEvents+debounce",
      "debounce.period",
    ]);
    // batchEvents, debounce, singleton and priority are enforced: a valid config reports nothing.
    expect(
      unsupportedOptions(
        functionConfigSchema.parse({
          ...base,
          batchEvents: { maxSize: 10, timeout: "5s", key: "event.data.connectionId", if: "event.data.bulk == true" },
          singleton: { mode: "cancel", key: "event.data.connectionId" },
          priority: { run: "event.data.manual ? 600 : 0" },
        }),
      ),
    ).toEqual([]);
    expect(
      unsupportedOptions(functionConfigSchema.parse({ ...base, debounce: { period: "5s", key: "event.data.id", timeout: "1m" } })),
    ).toEqual([]);
    expect(unsupportedOptions(functionConfigSchema.parse({ ...base, concurrency: 5, throttle: { limit: 1, period: "1m" } }))).toEqual([]);
  });
});

describe("expressions (CEL)", () => {
  it("matches like Inngest, with missing fields never matching", () => {
    const ctx = { event: { data: { orderId: "o1", amount: 120 } }, async: { data: { orderId: "o1" } } };
    expect(matches("event.data.orderId == async.data.orderId", ctx)).toBe(true);
    expect(matches("event.data.amount > 100 && event.data.orderId.startsWith('o')", ctx)).toBe(true);
    expect(matches("event.data.nope == 'x'", ctx)).toBe(false);
    expect(matches(undefined, ctx)).toBe(true);
  });

  it("evaluates keys to strings", () => {
    const ctx = { event: { data: { id: 7, c: "abc" } } };
    expect(evaluateKey("event.data.id", ctx)).toBe("7");
    expect(evaluateKey("event.data.c + '-' + string(event.data.id)", ctx)).toBe("abc-7");
    expect(evaluateKey("event.data.missing", ctx)).toBe("");
  });

  it("evaluates priority factors to numbers (ints come back from CEL as BigInt); anything else is 0", () => {
    expect(evaluateNumber("event.data.manual ? 600 : 0", { event: { data: { manual: true } } })).toBe(600);
    expect(evaluateNumber("event.data.manual ? 600 : -60", { event: { data: { manual: false } } })).toBe(-60);
    expect(evaluateNumber("event.data.manual ? 600 : 0", { event: { data: {} } })).toBe(0);
    expect(evaluateNumber("'high'", { event: { data: {} } })).toBe(0);
  });
});
