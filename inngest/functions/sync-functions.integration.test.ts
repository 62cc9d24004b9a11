// The sync functions end to end: real connections (sealed credentials, verified against the HubSpot
// sandbox), the embedded executor running the real functions through the serve handler. A pull from
// one connection reaches the hub and is pushed to the other connection, never back; a hub record
// created by a person appears in both sandboxes exactly once.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";
import type { RawRecord } from "@/lib/integrations/object-contract";
import { createRecord } from "@/lib/records/save-record";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { noFaults, updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { PERSON_WAITING_PRIORITY_S } from "@/inngest/functions/sync-pull";

await isolateDatabase();

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let access: WorkspaceAccess;
let a: { sbx: TestSandbox; id: string };
let b: { sbx: TestSandbox; id: string };
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  server = await startSandboxServer();
  process.env.APP_URL = server.origin;
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  resetEnvCache();
  await h.executor.sync();
  access = await createTestWorkspace();
  const sa = await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, key: "a", count: 12 });
  const sb = await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, key: "b", count: 0 });
  a = { sbx: sa, id: (await connectApiKey(access, { provider: "hubspot", name: "HubSpot A", environment: "sandbox", credentials: { accessToken: sa.apiKey } })).id };
  b = { sbx: sb, id: (await connectApiKey(access, { provider: "hubspot", name: "HubSpot B", environment: "sandbox", credentials: { accessToken: sb.apiKey } })).id };
});

afterAll(async () => {
  await server.close();
  delete process.env.APP_URL;
  delete process.env.MASTER_KEY;
  resetEnvCache();
});

async function remoteContacts(sbx: TestSandbox): Promise<RawRecord[]> {
  const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: sbx.apiKey } });
  const api = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts!;
  const out: RawRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.listAll!({ cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const emails = (list: RawRecord[]) => list.map((r) => String(r.fields.email ?? "").toLowerCase()).filter(Boolean).sort();

describe("sync functions", () => {
  it("backfills connection A, pushes everything to B once, and nothing back to A", async () => {
    await h.executor.send({ name: "switchboard/sync.pull-requested", data: { connectionId: a.id, object: "contact", mode: "incremental", trigger: "manual" } });
    await h.advanceUntilIdle();
    const hub = await db.hubRecord.findMany({ where: { workspaceId: access.workspace.id, object: "contact", deletedAt: null }, select: { emailKey: true } });
    expect(hub).toHaveLength(12);
    const inA = await remoteContacts(a.sbx);
    const inB = await remoteContacts(b.sbx);
    expect(emails(inB)).toEqual(emails(inA));
    expect(inA).toHaveLength(12);
    const pull = await db.syncRun.findFirstOrThrow({ where: { connectionId: a.id, kind: "backfill" } });
    expect(pull).toMatchObject({ status: "succeeded", createdCount: 12 });
    const pushes = await db.syncRun.findMany({ where: { connectionId: b.id, kind: "push" } });
    expect(pushes.reduce((n, r) => n + r.createdCount, 0)).toBe(12);
    expect(await db.syncRun.count({ where: { connectionId: a.id, kind: "push" } })).toBe(0);
  });

  it("a contact created in the hub appears in both sandboxes exactly once", async () => {
    await createRecord(access, "contact", { firstName: "Hub", lastName: "Made", email: "hub.made@example.test" });
    await h.advanceUntilIdle();
    for (const sbx of [a.sbx, b.sbx]) {
      const hits = (await remoteContacts(sbx)).filter((r) => r.fields.email === "hub.made@example.test");
      expect(hits).toHaveLength(1);
      expect(hits[0]?.fields.lastname).toBe("Made");
    }
  });

  it("a first backfill or a person's Sync now overtakes queued background pulls; a scheduled one waits its turn", async () => {
    // one object each: a pull of the same connection and object would be skipped as a singleton
    const pulls = (trigger: string, object: string) =>
      h.executor.send({ name: "switchboard/sync.pull-requested", data: { connectionId: b.id, object, mode: "incremental", trigger } });
    await pulls("schedule", "contact");
    await pulls("initial", "opportunity");
    await pulls("manual", "product");
    await pulls("webhook", "appointment");
    const runs = (await h.runsOf("switchboard-sync-pull")).slice(-4);
    expect(runs.map((r) => r.priority)).toEqual([0, PERSON_WAITING_PRIORITY_S, PERSON_WAITING_PRIORITY_S, 0]);
    await h.advanceUntilIdle();
  });

  it("a pull the provider answers with 5xx until the retries run out fails with the provider's code, not INTERNAL", async () => {
    await updateSandboxFaults(a.sbx.account.id, { ...noFaults, errorRate: 1 });
    try {
      await h.executor.send({ name: "switchboard/sync.pull-requested", data: { connectionId: a.id, object: "contact", mode: "incremental", trigger: "manual" } });
      await h.advanceUntilIdle();
    } finally {
      await updateSandboxFaults(a.sbx.account.id, noFaults);
    }
    const run = await db.syncRun.findFirstOrThrow({ where: { connectionId: a.id, workspaceId: access.workspace.id, trigger: "manual", kind: "pull" }, orderBy: { startedAt: "desc" } });
    expect(run).toMatchObject({ status: "failed", errorCode: "PROVIDER_UNAVAILABLE" });
    expect(run.errorMessage).toContain("answered 500");
    // every attempt of the page is on the run's timeline: the first try and the five retries
    expect(await db.syncRunStep.count({ where: { runId: run.id, outcome: "retrying" } })).toBe(6);
    const setting = await db.syncSetting.findFirstOrThrow({ where: { connectionId: a.id, object: "contact" } });
    expect(setting.lastErrorCode).toBe("PROVIDER_UNAVAILABLE");
  });
});
