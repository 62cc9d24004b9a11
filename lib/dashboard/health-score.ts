// A connection's health as one score (0–100) with the parts it is made of. Each problem costs points;
// the biggest cost names the one-line reason. Pure: the numbers come from load-dashboard.ts.

export type HealthInput = {
  /** the connection's own state (lib/connections) */
  connectionStatus: "pending" | "active" | "error" | "needs_reauth" | "disabled";
  connectionError: string | null;
  syncEnabled: boolean;
  /** runs that finished in the window, and how many of them failed outright */
  runs24h: number;
  failedRuns24h: number;
  runs7d: number;
  failedRuns7d: number;
  /** records written (created/updated/deleted) and failed in the last 24 h */
  records24h: number;
  failedRecords24h: number;
  /** the last run error of the connection, if its last run failed */
  lastRunError: string | null;
  /** the shortest pull interval of the objects it pulls (null: pulls nothing) */
  pullIntervalMinutes: number | null;
  lastSuccessfulPullAt: Date | null;
  connectedAt: Date;
  /** hub changes waiting to be pushed */
  queuedPushes: number;
  /** webhook deliveries stored but not processed yet, and the oldest one's arrival */
  unprocessedWebhooks: number;
  oldestUnprocessedWebhookAt: Date | null;
  webhooks24h: number;
  failedWebhooks24h: number;
  openConflicts: number;
  oldestOpenConflictAt: Date | null;
  authKind: "oauth2" | "api_key";
  tokenExpiresAt: Date | null;
  refreshFailingSince: Date | null;
  /** the newest rate-limit budget from the provider's headers */
  rateLimit: { remaining: number | null; limit: number | null; resetAt: Date | null } | null;
  /** provider calls in the last 24 h, and those that got no answer (network, timeout, 5xx) */
  providerCalls24h: number;
  providerUnavailable24h: number;
};

export type HealthStatus = "healthy" | "degraded" | "failing" | "paused" | "setting_up";

export type HealthResult = {
  score: number | null;
  status: HealthStatus;
  /** one line saying why, when not healthy */
  reason: string | null;
  successRate24h: number | null;
  successRate7d: number | null;
  freshnessLagMs: number | null;
  webhookSuccessRate24h: number | null;
  /** share of the window's requests still left (null: the provider reports no budget, or it has reset) */
  rateLimitHeadroom: number | null;
  providerAvailability24h: number | null;
  problems: { cost: number; message: string }[];
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function rate(total: number, failed: number): number | null {
  return total > 0 ? Math.max(0, (total - failed) / total) : null;
}

export function formatLag(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))} min`;
  if (ms < 2 * DAY) return `${Math.round(ms / HOUR)} h`;
  return `${Math.round(ms / DAY)} days`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function scoreHealth(input: HealthInput, now: Date): HealthResult {
  const successRate24h = rate(input.runs24h, input.failedRuns24h);
  const successRate7d = rate(input.runs7d, input.failedRuns7d);
  const webhookSuccessRate24h = rate(input.webhooks24h, input.failedWebhooks24h);
  const freshnessLagMs = input.lastSuccessfulPullAt ? Math.max(0, now.getTime() - input.lastSuccessfulPullAt.getTime()) : null;
  const rl = input.rateLimit;
  const windowOpen = rl !== null && (rl.resetAt === null || rl.resetAt.getTime() > now.getTime());
  const rateLimitHeadroom = windowOpen && rl.remaining !== null && rl.limit !== null && rl.limit > 0 ? Math.max(0, Math.min(1, rl.remaining / rl.limit)) : null;
  const providerAvailability24h = rate(input.providerCalls24h, input.providerUnavailable24h);
  const base = { successRate24h, successRate7d, freshnessLagMs, webhookSuccessRate24h, rateLimitHeadroom, providerAvailability24h };

  if (input.connectionStatus === "pending") return { ...base, score: null, status: "setting_up", reason: "Finishing the connection: it has not been verified yet.", problems: [] };
  if (input.connectionStatus === "disabled" || !input.syncEnabled) {
    return { ...base, score: null, status: "paused", reason: input.connectionStatus === "disabled" ? "The connection is switched off." : "Sync is paused for this connection.", problems: [] };
  }

  const problems: { cost: number; message: string }[] = [];
  if (input.connectionStatus === "needs_reauth") problems.push({ cost: 100, message: "Needs re-authorisation: reconnect it to resume syncing." });
  if (input.connectionStatus === "error") problems.push({ cost: 60, message: `The provider check failed${input.connectionError ? `: ${input.connectionError}` : "."}` });

  if (successRate24h !== null && input.failedRuns24h > 0) {
    const detail = input.lastRunError ? ` (last: ${input.lastRunError})` : "";
    problems.push({ cost: Math.round(40 * (1 - successRate24h)) || 1, message: `${input.failedRuns24h} of ${plural(input.runs24h, "run")} failed in the last 24 h${detail}.` });
  }
  const writes = input.records24h + input.failedRecords24h;
  if (input.failedRecords24h > 0 && writes > 0) {
    problems.push({ cost: Math.max(1, Math.round(20 * (input.failedRecords24h / writes))), message: `${plural(input.failedRecords24h, "record")} failed to sync in the last 24 h.` });
  }

  if (input.pullIntervalMinutes !== null) {
    const interval = input.pullIntervalMinutes * MINUTE;
    const since = input.lastSuccessfulPullAt ?? input.connectedAt;
    const lag = now.getTime() - since.getTime();
    const expected = `every ${formatLag(interval)} expected`;
    if (lag > 3 * interval + 10 * MINUTE) {
      problems.push({ cost: 20, message: input.lastSuccessfulPullAt ? `No successful pull for ${formatLag(lag)} (${expected}).` : `No successful pull yet after ${formatLag(lag)} (${expected}).` });
    } else if (lag > 1.5 * interval + 5 * MINUTE) {
      problems.push({ cost: 10, message: `Last successful pull ${formatLag(lag)} ago (${expected}).` });
    }
  }

  if (webhookSuccessRate24h !== null && input.failedWebhooks24h > 0) {
    problems.push({ cost: Math.max(1, Math.round(15 * (1 - webhookSuccessRate24h))), message: `${input.failedWebhooks24h} of ${plural(input.webhooks24h, "webhook delivery", "webhook deliveries")} failed in the last 24 h.` });
  }
  if (input.unprocessedWebhooks > 0 && input.oldestUnprocessedWebhookAt && now.getTime() - input.oldestUnprocessedWebhookAt.getTime() > 10 * MINUTE) {
    problems.push({ cost: 10, message: `${plural(input.unprocessedWebhooks, "webhook delivery", "webhook deliveries")} waiting for over 10 min.` });
  }
  if (input.openConflicts > 0 && input.oldestOpenConflictAt && now.getTime() - input.oldestOpenConflictAt.getTime() > DAY) {
    problems.push({ cost: 10, message: `${plural(input.openConflicts, "conflict")} waiting for a decision, the oldest for over a day.` });
  }
  if (input.authKind === "oauth2" && input.refreshFailingSince) {
    const expired = input.tokenExpiresAt !== null && input.tokenExpiresAt.getTime() <= now.getTime();
    problems.push({ cost: expired ? 40 : 15, message: expired ? "The access token expired and refreshing it keeps failing." : "Refreshing the access token keeps failing." });
  }

  if (rateLimitHeadroom !== null && rateLimitHeadroom < 0.1 && rl) {
    const until = rl.resetAt ? ` until ${rl.resetAt.toISOString().slice(11, 16)} UTC` : "";
    problems.push({ cost: rateLimitHeadroom === 0 ? 15 : 5, message: `Rate limit nearly used: ${rl.remaining} of ${rl.limit} requests left${until}.` });
  }
  if (providerAvailability24h !== null && input.providerCalls24h >= 10 && providerAvailability24h < 0.95) {
    problems.push({ cost: Math.max(1, Math.round(30 * (1 - providerAvailability24h))), message: `The provider did not answer ${input.providerUnavailable24h} of ${plural(input.providerCalls24h, "request")} in the last 24 h.` });
  }

  const score = Math.max(0, 100 - problems.reduce((s, p) => s + p.cost, 0));
  problems.sort((a, b) => b.cost - a.cost);
  const status: HealthStatus = score >= 80 ? "healthy" : score >= 50 ? "degraded" : "failing";
  return { ...base, score, status, reason: problems[0]?.message ?? null, problems };
}
