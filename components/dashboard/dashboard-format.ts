// Numbers and times on the dashboard: units and the time zone always said; computed from the data's own
// generatedAt so the server's first paint and the browser agree.
export function formatPercent(rate: number | null): string {
  if (rate === null) return "—";
  const p = rate * 100;
  return `${p >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

export function formatAgo(iso: string | null, nowIso: string): string {
  if (!iso) return "never";
  const ms = Math.max(0, new Date(nowIso).getTime() - new Date(iso).getTime());
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s ago`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 48 * 3_600_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return `${Math.round(ms / 86_400_000)} days ago`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function formatUtc(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export function formatTokenExpiry(iso: string | null, nowIso: string): string {
  if (!iso) return "does not expire";
  const ms = new Date(iso).getTime() - new Date(nowIso).getTime();
  if (ms <= 0) return "expired (renewed on next use)";
  if (ms < 3_600_000) return `in ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 48 * 3_600_000) return `in ${Math.round(ms / 3_600_000)} h`;
  return `in ${Math.round(ms / 86_400_000)} days`;
}

/** "83 % (83 of 100 left)" while the provider's window is open; "not reported" when it sends no budget. */
export function formatHeadroom(rl: { remaining: number | null; limit: number | null; resetAt: string | null } | null, headroom: number | null, nowIso: string): string {
  if (!rl || rl.remaining === null) return "not reported";
  if (rl.resetAt && new Date(rl.resetAt).getTime() <= new Date(nowIso).getTime()) return "window reset";
  if (headroom === null) return `${formatCount(rl.remaining)} left`;
  return `${formatPercent(headroom)} (${formatCount(rl.remaining)} of ${formatCount(rl.limit ?? 0)} left)`;
}
