// Cron triggers: Inngest's syntax is a 5- or 6-field cron with an optional "TZ=<zone> " prefix.
import { Cron } from "croner";

export function parseCron(expression: string): { pattern: string; timezone: string | undefined } {
  const m = expression.trim().match(/^(?:CRON_)?TZ=(\S+)\s+(.+)$/);
  return m ? { pattern: (m[2] ?? "").trim(), timezone: m[1] } : { pattern: expression.trim(), timezone: undefined };
}

/** The first tick strictly after `afterMs`, or undefined when the pattern never fires again. */
export function nextCronTick(expression: string, afterMs: number): number | undefined {
  const { pattern, timezone } = parseCron(expression);
  const cron = new Cron(pattern, { paused: true, ...(timezone ? { timezone } : {}) });
  const next = cron.nextRun(new Date(afterMs));
  cron.stop();
  return next?.getTime();
}
