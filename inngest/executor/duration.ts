// Inngest time strings: "30s", "1h30m", "2d", "500ms", or an ISO 8601 date (step.sleepUntil).
import { AppError } from "@/lib/errors/app-error";

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** Milliseconds for a duration string. */
export function parseDurationMs(input: string): number {
  const s = input.trim();
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)) {
    total += Number(m[1]) * (UNIT_MS[m[2] ?? "ms"] ?? 0);
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== s.length) throw new AppError("BAD_REQUEST", `Invalid duration "${input}"`);
  return total;
}

/** The absolute time (ms) a Sleep op's name points at: a duration from `now`, or an ISO date. */
export function resolveSleepUntil(name: string, now: number): number {
  if (/^\d{4}-\d\d-\d\dT/.test(name)) {
    const at = Date.parse(name);
    if (Number.isNaN(at)) throw new AppError("BAD_REQUEST", `Invalid sleep date "${name}"`);
    return at;
  }
  return now + parseDurationMs(name);
}
