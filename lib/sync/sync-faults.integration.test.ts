// The sync engine under provider faults, through the real functions on the embedded executor (serve
// handler in-process, manual clock): latency, 5xx, timeouts, 429 with Retry-After and Salesforce's 403
// REQUEST_LIMIT_EXCEEDED are switched on in the sandboxes during a backfill (connection A -> hub ->
// connection B) and during a push of hub-made contacts (hub -> A and B). Each fault stays on until it
// has made the engine retry a few times, then goes off; the end state must equal the fault-free run's:
// the same hub records and the same remote records, none twice, nothing left failed or pending.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { completeOAuth } from "@/lib/connections/complete-oauth";
import { startOAuth } from "@/lib/connections/start-oauth";
import { updateSandboxFaults, noFaults, type FaultSettings } from "@/lib/integrations/sandbox/accounts";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import type { RawRecord } from "@/lib/integrations/object-contract";
import { createRecord } from "@/lib/records/save-record";
import { countPending } from "@/lib/sync/push-pending";
import { openSyncTarget } from "@/lib/sync/sync-target";
import { ensureSyncSettings } from "@/lib/sync/sync-settings";

await isolateDatabase();

/** Seeded contacts in connection A. */
const SEEDED = 12;
/** Contacts made in the hub for the push phase. */
const PEOPLE = 4;
/** Retries a fault must cause before it is switched off again. */
const RETRIES_PER_FAULT = 3;

let server: Awaited<ReturnType<typeof startSandboxServer>>;
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  server = await startSandboxServer();
  process.env.APP_URL = server.origin;
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  // A timed-out call costs this much real time; the sandbox's timeout fault hangs far longer.
  process.env.PROVIDER_TIMEOUT_MS = "4000";
  resetEnvCache();
  await h.executor.sync();
});

afterAll(async () => {
  await server.close();
  delete process.env.APP_URL;
  delete process.env.MASTER_KEY;
  delete process.env.PROVIDER_TIMEOUT_MS;
  resetEnvCache();
});

type Slug = "hubspot" | "salesforce";
type Side = { sbx: TestSandbox; connectionId: string };
type World = { access: WorkspaceAccess; a: Side; b: Side };

async function connectSalesforce(access: WorkspaceAccess, sbx: TestSandbox, name: string): Promise<string> {
  const { authorizeUrl } = await startOAuth(access, { provider: "salesforce", environment: "sandbox", name, config: { sobject: "Lead", loginDomain: "login.salesforce.com" } });
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set("decision", "allow");
  form.set("account_id", sbx.account.id);
  const res = await fetch(url, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: access.user.id }, redirect: "manual" });
  const back = new URL(res.headers.get("location")!);
  const { connectionId } = await completeOAuth(access.user, { state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: back.searchParams.get("error") });
  return connectionId;
}

async function world(slug: Slug): Promise<World> {
  const access = await createTestWorkspace();
  const side = async (key: string, count: number): Promise<Side> => {
    const sbx = await createTestSandbox(slug, { workspaceId: access.workspace.id, userId: access.user.id, key, count });
    const name = `${slug} ${key}`;
    const connectionId =
      slug === "hubspot"
        ? (await connectApiKey(access, { provider: "hubspot", name, environment: "sandbox", credentials: { accessToken: sbx.apiKey } })).id
        : await connectSalesforce(access, sbx, name);
    return { sbx, connectionId };
  };
  const w = { access, a: await side("a", SEEDED), b: await side("b", 0) };
  // Retry backoffs move the job runner's clock past the pull schedule; the fault-free run's would not.
  // Both runs pull only what the test asks for, so their end states compare.
  for (const side of [w.a, w.b]) await ensureSyncSettings(await db.connection.findUniqueOrThrow({ where: { id: side.connectionId } }));
  await db.syncSetting.updateMany({ where: { connectionId: { in: [w.a.connectionId, w.b.connectionId] } }, data: { nextPullAt: new Date(Date.now() + 7 * 86_400_000) } });
  return w;
}

const SYNC_FUNCTIONS = ["switchboard-sync-pull", "switchboard-sync-push", "switchboard-sync-fan-out"];

/** How often the provider's faults made the sync functions of this workspace retry a step or wait out a rate limit. */
async function retriesOf(w: World): Promise<number> {
  const runs = await db.executorRun.findMany({ where: { functionId: { in: SYNC_FUNCTIONS } }, select: { id: true, retries: true, event: true } });
  const ids = new Set([w.a.connectionId, w.b.connectionId]);
  const mine = runs.filter((r) => {
    const data = (r.event as { data?: { connectionId?: string } } | null)?.data;
    return data?.connectionId !== undefined && ids.has(data.connectionId);
  });
  const waits = await db.executorStep.count({ where: { runId: { in: mine.map((r) => r.id) }, displayName: { startsWith: "rate-limit-" } } });
  return mine.reduce((n, r) => n + r.retries, 0) + waits;
}

/**
 * Runs the executor like the server does, one claim at a time, jumping the manual clock over backoff and
 * Retry-After waits. `fault` goes on when `switchOn()` first holds and off once it caused enough retries.
 */
async function drive(w: World, fault: Partial<FaultSettings> | null, switchOn: () => Promise<boolean>): Promise<{ retries: number }> {
  const accounts = [w.a.sbx.account.id, w.b.sbx.account.id];
  let state: "waiting" | "on" | "off" = fault ? "waiting" : "off";
  const before = await retriesOf(w);
  let onAt = 0;
  for (let i = 0; i < 5_000; i++) {
    if (state === "waiting" && (await switchOn())) {
      for (const id of accounts) await updateSandboxFaults(id, fault!);
      onAt = await retriesOf(w);
      state = "on";
    } else if (state === "on" && (await retriesOf(w)) - onAt >= RETRIES_PER_FAULT) {
      for (const id of accounts) await updateSandboxFaults(id, noFaults);
      state = "off";
    }
    if ((await h.executor.tick()) > 0) continue;
    const next = await db.executorQueueItem.findFirst({ where: { kind: { notIn: ["cron", "housekeeping"] } }, orderBy: { dueAt: "asc" } });
    if (!next) {
      if (state === "off") break;
      // a fault that fails nothing (latency) stays on to the end
      if (state === "on") {
        for (const id of accounts) await updateSandboxFaults(id, noFaults);
        state = "off";
      }
      break;
    }
    h.clock.set(Math.max(h.clock(), next.dueAt.getTime()));
  }
  expect(state, "the fault was switched on and then off again").toBe("off");
  return { retries: (await retriesOf(w)) - before };
}

/** Provider fields that differ between two accounts holding the same people (ids, times, owners). */
const VOLATILE = /^(id|Id|hs_object_id|createdate|lastmodifieddate|hs_lastmodifieddate|CreatedDate|LastModifiedDate|SystemModstamp|attributes|IsDeleted|OwnerId|CreatedById|LastModifiedById|hs_createdate|hubspot_owner_id)$/;

function canonicalRemote(r: RawRecord): string {
  return JSON.stringify(Object.fromEntries(Object.entries(r.fields).filter(([k, v]) => !VOLATILE.test(k) && v !== null && v !== "").sort(([x], [y]) => x.localeCompare(y))));
}

async function remote(side: Side): Promise<RawRecord[]> {
  const { api } = await openSyncTarget(side.connectionId, "contact");
  const out: RawRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.listAll!({ cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const HUB_VOLATILE = new Set(["ownerId", "owner"]);

async function endState(w: World) {
  const hub = await db.hubRecord.findMany({ where: { workspaceId: w.access.workspace.id, object: "contact", deletedAt: null }, select: { id: true, data: true, emailKey: true, phoneKey: true } });
  const hubRows = hub
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r.data as Record<string, unknown>).filter(([k, v]) => !HUB_VOLATILE.has(k) && v !== null && v !== "").sort(([x], [y]) => x.localeCompare(y)))))
    .sort();
  const links = await db.recordLink.findMany({ where: { workspaceId: w.access.workspace.id, object: "contact" }, select: { connectionId: true, recordId: true, externalId: true, status: true, lastErrorMessage: true } });
  const inA = await remote(w.a);
  const inB = await remote(w.b);
  return {
    hub: hubRows,
    hubEmails: hub.map((r) => r.emailKey).filter(Boolean),
    a: inA.map(canonicalRemote).sort(),
    b: inB.map(canonicalRemote).sort(),
    aEmails: inA.map((r) => String(r.fields.email ?? r.fields.Email ?? "").toLowerCase()).filter(Boolean),
    bEmails: inB.map((r) => String(r.fields.email ?? r.fields.Email ?? "").toLowerCase()).filter(Boolean),
    notSynced: links.filter((l) => l.status !== "synced").map((l) => `${l.status}: ${l.lastErrorMessage ?? ""}`),
    linksPerRecord: [...links.reduce((m, l) => m.set(`${l.connectionId}:${l.recordId}`, (m.get(`${l.connectionId}:${l.recordId}`) ?? 0) + 1), new Map<string, number>()).values()],
    pending: (await countPending(w.access.workspace.id, w.a.connectionId, "contact")) + (await countPending(w.access.workspace.id, w.b.connectionId, "contact")),
  };
}

/** The same sync, with `fault` switched on during the backfill and again during a push of hub-made contacts. */
async function syncWith(slug: Slug, fault: Partial<FaultSettings> | null, opts: { withoutMatchKey: boolean }) {
  const w = await world(slug);
  await inngest.send({ name: "switchboard/sync.pull-requested", data: { connectionId: w.a.connectionId, object: "contact", mode: "incremental", trigger: "manual" } });
  // on once the backfill run has begun: its first page read and the pushes to B meet the fault
  const backfill = await drive(w, fault, async () => (await db.syncRun.findFirst({ where: { connectionId: w.a.connectionId, kind: "backfill" } })) !== null);
  const people = [
    { firstName: "Ada", lastName: "Faulty", email: "ada.faulty@example.test", phone: "+44 20 7946 0001" },
    { firstName: "Grace", lastName: "Faulty", email: "grace.faulty@example.test" },
    { firstName: "Alan", lastName: "Faulty", email: "alan.faulty@example.test", company: "Bletchley" },
    // No match key: a plain create, not an upsert. Only where the fault says for sure that nothing was
    // created (a rate limit): after a 5xx or a timeout such a create is held back for a person, who checks
    // the provider, because repeating it blindly could make it twice.
    { firstName: "Nomail", lastName: "Faulty", phone: "+44 20 7946 0999", company: "Nowhere" },
  ];
  for (const p of people) if (opts.withoutMatchKey || p.email) await createRecord(w.access, "contact", p);
  const push = await drive(w, fault, async () => true);
  const pulls = await db.syncRun.findMany({ where: { connectionId: { in: [w.a.connectionId, w.b.connectionId] } }, select: { connectionId: true, kind: true, status: true, errorMessage: true, createdCount: true, failedCount: true } });
  return { w, backfill, push, state: await endState(w), runs: pulls };
}

const dupes = (list: (string | null)[]) => list.filter((e, i) => e !== null && list.indexOf(e) !== i);

function expectSameEnd(got: Awaited<ReturnType<typeof syncWith>>, base: Awaited<ReturnType<typeof syncWith>>, people: number) {
  const { state } = got;
  const same = (list: string[]) => (people === PEOPLE ? list : list.filter((r) => !r.includes("Nomail")));
  expect(dupes(state.hubEmails), "no hub record twice").toEqual([]);
  expect(dupes(state.aEmails), "no remote record twice in A").toEqual([]);
  expect(dupes(state.bEmails), "no remote record twice in B").toEqual([]);
  expect(dupes(state.a), "no identical remote records in A").toEqual([]);
  expect(dupes(state.b), "no identical remote records in B").toEqual([]);
  expect(state.linksPerRecord.every((n) => n === 1)).toBe(true);
  expect(state.notSynced).toEqual([]);
  expect(state.pending, JSON.stringify(got.runs)).toBe(0);
  expect(state.hub.length).toBe(SEEDED + people);
  expect(state.hub).toEqual(same(base.state.hub));
  expect(state.a).toEqual(same(base.state.a));
  expect(state.b).toEqual(same(base.state.b));
}

describe.each<Slug>(["hubspot", "salesforce"])("%s under faults", (slug) => {
  let base: Awaited<ReturnType<typeof syncWith>>;

  it("fault-free: backfill A -> hub -> B, then hub-made contacts reach A and B once", async () => {
    base = await syncWith(slug, null, { withoutMatchKey: true });
    expect(base.state.hub).toHaveLength(SEEDED + PEOPLE);
    expect(base.state.a).toHaveLength(SEEDED + PEOPLE);
    expect(base.state.b).toHaveLength(SEEDED + PEOPLE);
    expect(base.state.notSynced).toEqual([]);
    expect(base.runs.filter((r) => r.status === "failed")).toEqual([]);
  }, 240_000);

  // Salesforce adds its own rate-limit answer and a 5xx; HubSpot runs every kind of fault.
  const faults: [string, Partial<FaultSettings>][] =
    slug === "salesforce"
      ? [
          ["403 REQUEST_LIMIT_EXCEEDED", { forceRateLimit: true }],
          ["5xx on every call", { errorRate: 1 }],
        ]
      : [
          ["latency", { latencyMs: 25 }],
          ["5xx on every call", { errorRate: 1 }],
          ["timeouts on every call", { timeoutRate: 1 }],
          ["429 with Retry-After", { forceRateLimit: true, retryAfterSeconds: 7 }],
        ];
  it.each(faults)("%s: same end state, no duplicates", async (_name, fault) => {
    const withoutMatchKey = fault.forceRateLimit === true || fault.latencyMs !== undefined;
    const got = await syncWith(slug, fault, { withoutMatchKey });
    expectSameEnd(got, base, withoutMatchKey ? PEOPLE : PEOPLE - 1);
    if (fault.latencyMs) return;
    expect(got.backfill.retries).toBeGreaterThanOrEqual(RETRIES_PER_FAULT);
    expect(got.push.retries).toBeGreaterThanOrEqual(RETRIES_PER_FAULT);
  }, 240_000);
});
