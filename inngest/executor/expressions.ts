// Inngest's expressions are CEL (trigger `if`, waitForEvent `if`/`match`, cancelOn, and the keys of
// concurrency, throttle, rateLimit and idempotency). Parsed once per text and cached.
import { parse } from "@marcbachmann/cel-js";

type Compiled = (ctx: Record<string, unknown>) => unknown;
const cache = new Map<string, Compiled>();

function compile(expression: string): Compiled {
  let fn = cache.get(expression);
  if (!fn) {
    fn = parse(expression) as unknown as Compiled;
    cache.set(expression, fn);
  }
  return fn;
}

/**
 * Evaluates a boolean expression. A reference to a missing field makes it false, as in Inngest, where
 * a missing field is null and compares unequal.
 */
export function matches(expression: string | undefined | null, ctx: Record<string, unknown>): boolean {
  if (!expression) return true;
  try {
    return compile(expression)(ctx) === true;
  } catch {
    return false;
  }
}

/** Evaluates a key expression (e.g. "event.data.connectionId") to a string; missing fields give "". */
export function evaluateKey(expression: string, ctx: Record<string, unknown>): string {
  try {
    const value = compile(expression)(ctx);
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    return String(value);
  } catch {
    return "";
  }
}

/** Evaluates a numeric expression (priority.run); anything that is not a finite number gives 0. */
export function evaluateNumber(expression: string, ctx: Record<string, unknown>): number {
  try {
    const value = compile(expression)(ctx);
    const n = typeof value === "bigint" ? Number(value) : value;
    return typeof n === "number" && Number.isFinite(n) ? n : 0;
  } catch {
    return 0;
  }
}

/** Throws if the expression does not parse; used at sync time to report bad config loudly. */
export function assertParses(expression: string): void {
  compile(expression);
}
