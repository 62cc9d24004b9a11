import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestWorkspace, addTestMember } from "@/lib/testing/factories";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { listWorkspaceRuns, runFiltersSchema } from "@/lib/dashboard/list-workspace-runs";
import { finishRun, startRun } from "@/lib/sync/sync-runs";

const HOUR = 3_600_000;

async function connection(workspaceId: string, name: string, extra: { status?: "active" | "needs_reauth"; createdAt?: Date } = {}) {
  const c = await db.connection.create({
    data: { workspaceId, provider: "hubspot", name, environment: "sandbox", authKind: "api_key", status: extra.status ?? "active", credentialsSealed: "unused-in-this-test", ...(extra.createdAt ? { createdAt: extra.createdAt } : {}) },
  });
  await db.syncSetting.create({ data: { workspaceId, connectionId: c.id, object: "contact", enabled: true, direction: "both", pullIntervalMinutes: 15 } });
  return c;
}

async function run(workspaceId: string, connectionId: string, at: Date, opts: { status: "succeeded" | "failed" | "running"; created?: number; updated?: number; failed?: number; ms?: number; kind?: "pull" | "push" }) {
  const id = await startRun({ workspaceId, connectionId, object: "contact", kind: opts.kind ?? "pull", trigger: "schedule", mappingVersion: 1, cursorFrom: null, at });
  await db.syncRun.update({ where: { id }, data: { createdCount: opts.created ?? 0, updatedCount: opts.updated ?? 0, failedCount: opts.failed ?? 0 } });
  if (opts.status !== "running") await finishRun(id, opts.status, opts.status === "failed" ? { code: "PROVIDER_UNAVAILABLE", message: "HubSpot did not answer" } : null, new Date(at.getTime() + (opts.ms ?? 1000)));
  return id;
}

async function hubRecord(workspaceId: string, title: string) {
  const now = new Date();
  return db.hubRecord.create({ data: { workspaceId, object: "contact", data: {}, fieldMeta: {}, title, sortKey: title, createdSource: "system", createdAt: now, updatedAt: now } });
}

describe("dashboard data", () => {
  it("scores each connection from its runs, pulls, webhooks, conflicts and pending pushes, and totals the workspace", async () => {
    const owner = await createTestWorkspace();
    const member = await addTestMember(owner, "member");
    const ws = owner.workspace.id;
    const now = new Date();
    const good = await connection(ws, "Good CRM");
    const flaky = await connection(ws, "Flaky CRM");
    const reauth = await connection(ws, "Locked CRM", { status: "needs_reauth" });

    // Good: three successful pulls in the last hours, the newest two minutes ago.
    await run(ws, good.id, new Date(now.getTime() - 3 * HOUR), { status: "succeeded", created: 5, updated: 2, ms: 2000 });
    await run(ws, good.id, new Date(now.getTime() - 2 * HOUR), { status: "succeeded", updated: 3, ms: 1000 });
    await run(ws, good.id, new Date(now.getTime() - 2 * 60_000), { status: "succeeded", created: 1, ms: 3000 });
    // Flaky: one success five hours ago, then three failures; a record that failed; an old conflict; failed webhooks.
    await run(ws, flaky.id, new Date(now.getTime() - 5 * HOUR), { status: "succeeded", created: 4, failed: 1, ms: 2000 });
    for (const h of [4, 3, 1]) await run(ws, flaky.id, new Date(now.getTime() - h * HOUR), { status: "failed", ms: 500 });
    const rec = await hubRecord(ws, "Ada");
    await db.syncConflict.create({ data: { workspaceId: ws, connectionId: flaky.id, object: "contact", recordId: rec.id, field: "email", status: "open", createdAt: new Date(now.getTime() - 30 * HOUR) } });
    for (const status of ["processed", "failed", "failed", "processed"] as const) {
      await db.webhookDelivery.create({ data: { workspaceId: ws, connectionId: flaky.id, provider: "hubspot", providerEventIds: [], eventType: "contact.updated", rawBody: "{}", bodyBytes: 2, status, receivedAt: new Date(now.getTime() - HOUR) } });
    }
    // A sync still running on Good: its counts show before it is rolled up.
    const live = await run(ws, good.id, new Date(now.getTime() - 10_000), { status: "running", created: 2 });

    const d = await loadDashboard(member, { now });
    const card = (id: string) => d.connections.find((c) => c.id === id)!;

    expect(card(good.id).health).toMatchObject({ status: "healthy", score: 100, successRate24h: 1 });
    expect(card(good.id).running).toBe(1);
    // Ada was never pushed to any connection: a queued push for each of the three.
    expect(card(good.id).parts.queuedPushes).toBe(1);

    const f = card(flaky.id);
    expect(f.parts).toMatchObject({ runs24h: 4, failedRuns24h: 3, openConflicts: 1, webhooks24h: 4, failedWebhooks24h: 2 });
    expect(f.health.successRate24h).toBe(0.25);
    expect(f.health.status).toBe("failing");
    expect(f.health.reason).toBe("3 of 4 runs failed in the last 24 h (last: HubSpot did not answer).");
    expect(f.health.problems.map((p) => p.message)).toContain("No successful pull for 5 h (every 15 min expected).");
    expect(f.health.problems.map((p) => p.message)).toContain("1 conflict waiting for a decision, the oldest for over a day.");

    expect(card(reauth.id).health).toMatchObject({ status: "failing", score: 0, reason: "Needs re-authorisation: reconnect it to resume syncing." });

    expect(d.totals).toMatchObject({ connections: 3, activeConnections: 2, reachableConnections: 1, runs24h: 7, pendingUpdates: 3 });
    expect(d.totals.successRate24h).toBeCloseTo(4 / 7, 5);
    expect(d.totals.avgSyncMs24h).toBe(Math.round((2000 + 1000 + 3000 + 2000 + 3 * 500) / 7));
    expect(d.activeRuns.map((r) => r.id)).toEqual([live]);
    expect(d.recentRuns[0]?.id).toBe(live);

    // Totals for today count rollups from midnight UTC plus the running sync.
    const midnight = new Date(now);
    midnight.setUTCHours(0, 0, 0, 0);
    const rows = await db.syncRun.findMany({ where: { workspaceId: ws, startedAt: { gte: midnight } } });
    expect(d.totals.today.imported).toBe(rows.reduce((a, r) => a + r.createdCount, 0));
    expect(d.totals.today.failed).toBe(rows.reduce((a, r) => a + r.failedCount, 0));

    // The chart: 24 hourly buckets, the writes and failures of finished runs.
    expect(d.chart.points.length).toBeGreaterThanOrEqual(24);
    expect(d.chart.points.reduce((a, p) => a + p.succeeded, 0)).toBe(5 + 2 + 3 + 1 + 4);
    expect(d.chart.points.reduce((a, p) => a + p.failed, 0)).toBe(1);
    expect(d.chart.points.reduce((a, p) => a + (p.byConnection[flaky.id] ?? 0), 0)).toBe(5);

    // Finishing the running sync moves it into the rollups; nothing is counted twice.
    await finishRun(live, "succeeded", null, new Date(now.getTime() - 5_000));
    const after = await loadDashboard(owner, { now });
    expect(after.activeRuns).toEqual([]);
    expect(after.totals.today.imported).toBe(d.totals.today.imported);
    expect(after.totals.runs24h).toBe(8);
  });

  it("shows a workspace only its own connections and runs", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const c = await connection(a.workspace.id, "A's CRM");
    await run(a.workspace.id, c.id, new Date(Date.now() - HOUR), { status: "succeeded", created: 3 });
    const seenByB = await loadDashboard(b);
    expect(seenByB.connections).toEqual([]);
    expect(seenByB.totals).toMatchObject({ connections: 0, runs24h: 0, today: { imported: 0, updated: 0, failed: 0 } });
    expect(seenByB.recentRuns).toEqual([]);
    expect((await loadDashboard(a)).connections.map((x) => x.name)).toEqual(["A's CRM"]);
  });
});

describe("workspace runs list", () => {
  it("filters by connection, status, kind and time, pages by start time, and stays in its workspace", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const ws = a.workspace.id;
    const one = await connection(ws, "One");
    const two = await connection(ws, "Two");
    const now = Date.now();
    const failedOne = await run(ws, one.id, new Date(now - 2 * HOUR), { status: "failed" });
    await run(ws, one.id, new Date(now - 3 * HOUR), { status: "succeeded", created: 1 });
    const pushTwo = await run(ws, two.id, new Date(now - 30 * 60_000), { status: "succeeded", kind: "push" });
    const oldTwo = await run(ws, two.id, new Date(now - 3 * 86_400_000), { status: "succeeded" });

    const ids = async (f: Parameters<typeof listWorkspaceRuns>[1], limit?: number) => (await listWorkspaceRuns(a, f, limit ? { limit } : {})).rows.map((r) => r.id);
    expect(await ids({ connection: one.id, status: "failed" })).toEqual([failedOne]);
    expect(await ids({ kind: "push" })).toEqual([pushTwo]);
    expect(await ids({ connection: two.id, since: "24h" })).toEqual([pushTwo]);
    expect(await ids({ connection: two.id })).toEqual([pushTwo, oldTwo]);
    const page1 = await listWorkspaceRuns(a, {}, { limit: 2 });
    expect(page1.rows).toHaveLength(2);
    expect(page1.nextBefore).not.toBeNull();
    const page2 = await listWorkspaceRuns(a, { before: page1.nextBefore! }, { limit: 2 });
    expect([...page1.rows, ...page2.rows].map((r) => r.id)).toHaveLength(4);
    expect(page2.rows.at(-1)?.id).toBe(oldTwo);
    // Another workspace sees none of them, even when it names the connection.
    expect((await listWorkspaceRuns(b, { connection: one.id })).rows).toEqual([]);
    // Runs that started in the same millisecond are neither skipped nor repeated across pages.
    const same = new Date(now - 5 * HOUR);
    const tied = [await run(ws, one.id, same, { status: "succeeded" }), await run(ws, one.id, same, { status: "succeeded" }), await run(ws, one.id, same, { status: "succeeded" })];
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = await listWorkspaceRuns(a, { connection: one.id, ...(before ? { before } : {}) }, { limit: 2 });
      seen.push(...p.rows.map((r) => r.id));
      if (!p.nextBefore) break;
      before = p.nextBefore;
    }
    expect(seen.filter((id) => tied.includes(id)).sort()).toEqual([...tied].sort());
    expect(new Set(seen).size).toBe(seen.length);
    // Bad filter values are ignored rather than failing the page.
    expect(runFiltersSchema.parse({ status: "exploded", since: "1y", connection: one.id })).toEqual({ connection: one.id });
  });
});
