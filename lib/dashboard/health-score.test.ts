import { describe, expect, it } from "vitest";
import { scoreHealth, type HealthInput } from "@/lib/dashboard/health-score";

const now = new Date("2026-12-01T12:00:00Z");
const healthy: HealthInput = {
  connectionStatus: "active",
  connectionError: null,
  syncEnabled: true,
  runs24h: 96,
  failedRuns24h: 0,
  runs7d: 600,
  failedRuns7d: 0,
  records24h: 500,
  failedRecords24h: 0,
  lastRunError: null,
  pullIntervalMinutes: 15,
  lastSuccessfulPullAt: new Date(now.getTime() - 5 * 60_000),
  connectedAt: new Date("2026-11-01T00:00:00Z"),
  queuedPushes: 3,
  unprocessedWebhooks: 0,
  oldestUnprocessedWebhookAt: null,
  webhooks24h: 40,
  failedWebhooks24h: 0,
  openConflicts: 0,
  oldestOpenConflictAt: null,
  authKind: "oauth2",
  tokenExpiresAt: new Date(now.getTime() + 3_600_000),
  refreshFailingSince: null,
  rateLimit: null,
  providerCalls24h: 0,
  providerUnavailable24h: 0,
};

describe("connection health score", () => {
  it("is 100 and healthy when everything flows", () => {
    expect(scoreHealth(healthy, now)).toMatchObject({ score: 100, status: "healthy", reason: null, successRate24h: 1, freshnessLagMs: 300_000, webhookSuccessRate24h: 1 });
  });

  it("names the biggest problem: failed runs cost up to 40 points", () => {
    const r = scoreHealth({ ...healthy, runs24h: 10, failedRuns24h: 5, lastRunError: "HubSpot is unavailable" }, now);
    expect(r.score).toBe(80);
    expect(r.successRate24h).toBe(0.5);
    expect(r.reason).toBe("5 of 10 runs failed in the last 24 h (last: HubSpot is unavailable).");
  });

  it("turns red for a connection that needs re-authorisation, and for a stale pull plus failures", () => {
    expect(scoreHealth({ ...healthy, connectionStatus: "needs_reauth" }, now)).toMatchObject({ score: 0, status: "failing", reason: "Needs re-authorisation: reconnect it to resume syncing." });
    const stale = scoreHealth({ ...healthy, lastSuccessfulPullAt: new Date(now.getTime() - 2 * 3_600_000), runs24h: 4, failedRuns24h: 4, lastRunError: null }, now);
    expect(stale.status).toBe("failing");
    expect(stale.score).toBe(40);
    expect(stale.problems.map((p) => p.message)).toEqual(["4 of 4 runs failed in the last 24 h.", "No successful pull for 2 h (every 15 min expected)."]);
  });

  it("counts waiting webhooks, old conflicts, failed deliveries and a failing token refresh", () => {
    const r = scoreHealth(
      {
        ...healthy,
        unprocessedWebhooks: 7,
        oldestUnprocessedWebhookAt: new Date(now.getTime() - 20 * 60_000),
        webhooks24h: 10,
        failedWebhooks24h: 2,
        openConflicts: 2,
        oldestOpenConflictAt: new Date(now.getTime() - 2 * 86_400_000),
        refreshFailingSince: new Date(now.getTime() - 3_600_000),
        tokenExpiresAt: new Date(now.getTime() - 60_000),
      },
      now,
    );
    expect(r.problems.map((p) => p.cost)).toEqual([40, 10, 10, 3]);
    expect(r).toMatchObject({ score: 37, status: "failing", reason: "The access token expired and refreshing it keeps failing.", webhookSuccessRate24h: 0.8 });
  });

  it("has no score while paused or not verified yet", () => {
    expect(scoreHealth({ ...healthy, syncEnabled: false }, now)).toMatchObject({ score: null, status: "paused", reason: "Sync is paused for this connection." });
    expect(scoreHealth({ ...healthy, connectionStatus: "pending" }, now)).toMatchObject({ score: null, status: "setting_up" });
  });

  it("counts rate-limit headroom while the provider's window is open, and provider availability from its answers", () => {
    const low = scoreHealth({ ...healthy, rateLimit: { remaining: 3, limit: 100, resetAt: new Date(now.getTime() + 60_000) } }, now);
    expect(low.rateLimitHeadroom).toBeCloseTo(0.03);
    expect(low.status).toBe("healthy");
    expect(low.reason).toMatch(/^Rate limit nearly used: 3 of 100 requests left until \d\d:\d\d UTC\.$/);
    // a window that has reset says nothing about now
    expect(scoreHealth({ ...healthy, rateLimit: { remaining: 0, limit: 100, resetAt: new Date(now.getTime() - 1000) } }, now)).toMatchObject({ rateLimitHeadroom: null, reason: null });
    const down = scoreHealth({ ...healthy, providerCalls24h: 40, providerUnavailable24h: 20 }, now);
    expect(down.providerAvailability24h).toBe(0.5);
    expect(down.reason).toBe("The provider did not answer 20 of 40 requests in the last 24 h.");
    expect(scoreHealth({ ...healthy, providerCalls24h: 40, providerUnavailable24h: 1 }, now)).toMatchObject({ providerAvailability24h: 0.975, reason: null });
  });
});
