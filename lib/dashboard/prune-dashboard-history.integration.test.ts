// Retention of the dashboard's data: old provider call counts, resolved alerts, and sync runs with their
// operations (HTTP exchanges) and step attempts go, in small batches; recent rows, firing alerts and other
// workspaces' recent rows stay. Counts are scoped to this test's rows (the database is shared).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestWorkspace } from "@/lib/testing/factories";
import { pruneDashboardHistory } from "@/lib/dashboard/prune-dashboard-history";
import { pruneSyncHistory } from "@/lib/sync/prune-sync-history";
import { finishRun, startRun } from "@/lib/sync/sync-runs";

const DAY = 86_400_000;
const HOUR = 3_600_000;

async function connection(workspaceId: string) {
  return db.connection.create({ data: { workspaceId, provider: "hubspot", name: "Pruned CRM", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused" } });
}

/** A finished run `daysAgo` old with `ops` operations (each with an HTTP exchange) and one step attempt. */
async function runWithOperations(workspaceId: string, connectionId: string, at: Date, ops: number): Promise<string> {
  const id = await startRun({ workspaceId, connectionId, object: "contact", kind: "pull", trigger: "schedule", mappingVersion: 1, cursorFrom: null, at });
  await db.syncOperation.createMany({
    data: Array.from({ length: ops }, (_, i) => ({
      workspaceId, runId: id, connectionId, object: "contact" as const, externalId: `x-${i}`, action: "read" as const, outcome: "failed" as const,
      errorCode: "PROVIDER_UNAVAILABLE", http: { request: { method: "GET" }, response: { status: 500 } }, createdAt: at,
    })),
  });
  await db.syncRunStep.create({ data: { workspaceId, runId: id, name: "page 1", attempt: 1, outcome: "failed", startedAt: at, finishedAt: at, durationMs: 5 } });
  await finishRun(id, "failed", { code: "PROVIDER_UNAVAILABLE", message: "no answer" }, new Date(at.getTime() + 500));
  return id;
}

describe("dashboard retention", () => {
  it("deletes old provider call counts, resolved alerts and runs with their operations in batches; keeps recent ones and firing alerts", async () => {
    const now = new Date();
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const ca = await connection(a.workspace.id);
    const cb = await connection(b.workspace.id);
    const hour = (msAgo: number) => new Date(Math.floor((now.getTime() - msAgo) / HOUR) * HOUR);

    // provider call counts: five hours 31–35 days old and two recent ones in A, one recent in B
    const oldHours = [31, 32, 33, 34, 35].map((d) => hour(d * DAY));
    const recentHours = [hour(HOUR), hour(29 * DAY)];
    await db.providerCallStat.createMany({
      data: [...oldHours, ...recentHours].map((h) => ({ connectionId: ca.id, workspaceId: a.workspace.id, hour: h, calls: 10, unavailable: 1 })),
    });
    await db.providerCallStat.create({ data: { connectionId: cb.id, workspaceId: b.workspace.id, hour: hour(HOUR), calls: 3 } });

    // alerts: three resolved long ago, one resolved recently, one still firing since long ago
    const alert = (status: "firing" | "resolved", firedDaysAgo: number, resolvedDaysAgo: number | null, k: number) => ({
      workspaceId: a.workspace.id, kind: "failure_rate" as const, connectionId: ca.id, status, message: `alert ${k}`,
      openKey: status === "firing" ? `failure_rate:${ca.id}` : null,
      firedAt: new Date(now.getTime() - firedDaysAgo * DAY), resolvedAt: resolvedDaysAgo === null ? null : new Date(now.getTime() - resolvedDaysAgo * DAY),
    });
    await db.alert.createMany({ data: [alert("resolved", 200, 199, 1), alert("resolved", 120, 100, 2), alert("resolved", 95, 91, 3), alert("resolved", 30, 29, 4), alert("firing", 150, null, 5)] });

    // runs: two 40 days old with 7 operations each, one 2 days old with 3
    const oldRuns = [await runWithOperations(a.workspace.id, ca.id, new Date(now.getTime() - 40 * DAY), 7), await runWithOperations(a.workspace.id, ca.id, new Date(now.getTime() - 41 * DAY), 7)];
    const recentRun = await runWithOperations(a.workspace.id, ca.id, new Date(now.getTime() - 2 * DAY), 3);

    // batches of 2 make every loop go round several times
    const dashboard = await pruneDashboardHistory(now, 2);
    expect(dashboard.providerCallStats).toBeGreaterThanOrEqual(5);
    expect(dashboard.alerts).toBeGreaterThanOrEqual(3);
    const sync = await pruneSyncHistory(30, now, { runs: 1, operations: 2 });
    expect(sync.runs).toBeGreaterThanOrEqual(2);
    expect(sync.operations).toBeGreaterThanOrEqual(14);

    const statsA = await db.providerCallStat.findMany({ where: { workspaceId: a.workspace.id }, orderBy: { hour: "asc" }, select: { hour: true } });
    expect(statsA.map((s) => s.hour.getTime())).toEqual(recentHours.map((h) => h.getTime()).sort((x, y) => x - y));
    expect(await db.providerCallStat.count({ where: { workspaceId: b.workspace.id } })).toBe(1);

    const alertsA = await db.alert.findMany({ where: { workspaceId: a.workspace.id }, orderBy: { message: "asc" }, select: { message: true, status: true } });
    expect(alertsA).toEqual([
      { message: "alert 4", status: "resolved" },
      { message: "alert 5", status: "firing" },
    ]);

    expect(await db.syncRun.count({ where: { id: { in: oldRuns } } })).toBe(0);
    expect(await db.syncOperation.count({ where: { runId: { in: oldRuns } } })).toBe(0);
    expect(await db.syncRunStep.count({ where: { runId: { in: oldRuns } } })).toBe(0);
    expect(await db.syncOperation.count({ where: { runId: recentRun } })).toBe(3);
    expect(await db.syncRunStep.count({ where: { runId: recentRun } })).toBe(1);
  });
});
