import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestWorkspace } from "@/lib/testing/factories";
import { finishRun, startRun } from "@/lib/sync/sync-runs";
import { GET } from "@/app/api/metrics/route";

const TOKEN = "metrics-token-for-the-test-0123456789";
const call = (auth?: string) => GET(new Request("http://localhost/api/metrics", auth ? { headers: { authorization: auth } } : {}), undefined as never);

function value(body: string, series: string): number {
  const line = body.split("\n").find((l) => l.startsWith(series + " "));
  if (!line) throw new Error(`no ${series} in\n${body}`);
  return Number(line.slice(series.length + 1));
}

afterEach(() => {
  delete process.env.METRICS_TOKEN;
  resetEnvCache();
});

describe("GET /api/metrics", () => {
  it("is 404 without a configured token and 401 with a wrong or missing one", async () => {
    expect((await call(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.METRICS_TOKEN = TOKEN;
    resetEnvCache();
    expect((await call()).status).toBe(401);
    expect((await call(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await call(`Basic ${TOKEN}`)).status).toBe(401);
  });

  it("counts runs and operations by outcome from the rollups, in Prometheus text format", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    resetEnvCache();
    const before = await (await call(`Bearer ${TOKEN}`)).text();
    const owner = await createTestWorkspace();
    const c = await db.connection.create({ data: { workspaceId: owner.workspace.id, provider: "hubspot", name: "M", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused" } });
    const ok = await startRun({ workspaceId: owner.workspace.id, connectionId: c.id, object: "contact", kind: "pull", trigger: "schedule", mappingVersion: 1, cursorFrom: null });
    await db.syncRun.update({ where: { id: ok }, data: { createdCount: 4, failedCount: 1 } });
    await finishRun(ok, "partial");
    const bad = await startRun({ workspaceId: owner.workspace.id, connectionId: c.id, object: "contact", kind: "pull", trigger: "schedule", mappingVersion: 1, cursorFrom: null });
    await finishRun(bad, "failed", { code: "PROVIDER_UNAVAILABLE", message: "down" });
    const res = await call(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const body = await res.text();
    expect(body).toContain("# TYPE switchboard_sync_runs_24h gauge");
    // other test files may add runs concurrently on a shared database: compare with what this test added
    expect(value(body, 'switchboard_sync_runs_24h{outcome="failed"}') - value(before, 'switchboard_sync_runs_24h{outcome="failed"}')).toBeGreaterThanOrEqual(1);
    expect(value(body, 'switchboard_sync_operations_24h{outcome="created"}') - value(before, 'switchboard_sync_operations_24h{outcome="created"}')).toBeGreaterThanOrEqual(4);
    expect(body).toMatch(/switchboard_job_queue_depth\{state="all"\} \d+/);
    // job step latency from the product's own step records
    const step = (outcome: string, ms: number) => ({ workspaceId: owner.workspace.id, runId: ok, name: "page 1", attempt: 1, outcome, startedAt: new Date(Date.now() - ms), finishedAt: new Date(), durationMs: ms });
    await db.syncRunStep.createMany({ data: [step("succeeded", 120), step("retrying", 80_000), step("succeeded", 130)] });
    const after = await (await call(`Bearer ${TOKEN}`)).text();
    expect(value(after, 'switchboard_job_steps_1h{step="page",outcome="retrying"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'switchboard_job_steps_1h{step="page",outcome="succeeded"}')).toBeGreaterThanOrEqual(2);
    expect(value(after, 'switchboard_job_step_duration_ms_1h{step="page",quantile="0.5"}')).toBeGreaterThan(0);
    expect(after).toContain("# TYPE switchboard_job_step_duration_ms_1h gauge");
  });
});
