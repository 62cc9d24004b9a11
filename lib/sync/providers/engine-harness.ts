// Test support for the sync engine's provider integration tests (lib/sync/providers/*.integration.test.ts
// and lib/sync/sync-engine.integration.test.ts): a sandbox server, connections stored in the database and
// pointed at a sandbox account over real HTTP (API key or the OAuth consent flow, as the provider's contract
// fixture says), and pulls and pushes driven through the same job steps the Inngest functions run
// (beginPull/pullStep/endPull, beginPush/pushStep/endPush) with the connection's ObjectApi injected.
//
//   const server = withSandboxServer();                                  // beforeAll/afterAll hooks
//   const sbx = await engineSandbox("pipedrive", { count: 0 });         // a workspace + seeded account
//   const c = await connectEngine(server.origin, pipedrive, sbx);       // stored connection + settings
//   await pullAll(c, "contact"); await pushAll(c, "contact");
//   await remoteAll(c, "contact")                                       // what the sandbox holds now
import { afterAll, beforeAll } from "vitest";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { createHttpClient } from "@/lib/http/http-client";
import { buildAuthorizeUrl, createPkcePair, exchangeCode } from "@/lib/http/oauth2";
import { contractFixtures } from "@/lib/integrations/contract-fixtures";
import type { FieldMap, ObjectApi, ObjectSpec, RawRecord } from "@/lib/integrations/object-contract";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox, type TestSandboxOptions } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import type { ConnectionContext, ProviderClient, ProviderDefinition } from "@/lib/integrations/types";
import type { RecordData } from "@/lib/records/record-object-definition";
import { writeRecord } from "@/lib/records/write-record";
import type { PullMode } from "@/lib/sync/pull-page";
import { countPending } from "@/lib/sync/push-pending";
import { beginPull, beginPush, endPull, endPush, pullStep, pushStep } from "@/lib/sync/sync-jobs";
import { ensureSyncSettings } from "@/lib/sync/sync-settings";
import { objectSpecFor } from "@/lib/sync/sync-target";

export const HARNESS_REDIRECT_URI = "http://127.0.0.1:9/oauth/callback";

/** Starts the sandbox server before the file's tests and closes it after; read `.origin` inside tests. */
export function withSandboxServer(): { readonly origin: string } {
  let server: Awaited<ReturnType<typeof startSandboxServer>> | null = null;
  beforeAll(async () => {
    server = await startSandboxServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get origin() {
      if (!server) throw new Error("the sandbox server is not started yet (use .origin inside a test)");
      return server.origin;
    },
  };
}

/** createTestSandbox with the harness's OAuth redirect URI registered (OAuth-only providers connect through consent). */
export function engineSandbox(slug: string, opts: TestSandboxOptions = {}): Promise<TestSandbox> {
  return createTestSandbox(slug, { ...opts, redirectUris: [...(opts.redirectUris ?? []), HARNESS_REDIRECT_URI] });
}

/** A second sandbox account in the same workspace (a second connection of the same provider). */
export function secondSandbox(slug: string, first: TestSandbox, opts: TestSandboxOptions = {}): Promise<TestSandbox> {
  return engineSandbox(slug, { key: "second", count: 0, ...opts, workspaceId: first.workspaceId, userId: first.userId });
}

export type EngineConn = {
  /** the stored connection's id */
  id: string;
  def: ProviderDefinition;
  sbx: TestSandbox;
  config: Record<string, unknown>;
  ctx: ConnectionContext;
  client: ProviderClient;
  /** the provider object the engine syncs for a hub object on this connection */
  spec(object: RecordObject): ObjectSpec;
  /** that object's API on the sandbox account (the same instance the engine is handed) */
  api(object: RecordObject): ObjectApi;
  /**
   * moves the connection's clock (ctx.now, what the adapter puts in time-window queries) forward; for
   * providers that report in whole minutes (Salesforce getDeleted: the current minute comes next pass)
   */
  advanceClock(ms: number): void;
};

export type ConnectOptions = {
  name?: string;
  /** the connection's config (default: the provider's contract fixture config) */
  config?: Record<string, unknown>;
};

/** A connection context for the sandbox account: the contract fixture's API-key credential, or tokens from the OAuth consent flow. */
export async function sandboxContext(origin: string, def: ProviderDefinition, sbx: TestSandbox, config: Record<string, unknown>, now?: () => Date): Promise<ConnectionContext> {
  const clock = now ? { now } : {};
  const fixture = contractFixtures[def.slug];
  if (!fixture) throw new Error(`${def.slug} has no contract fixture (lib/integrations/contract-fixtures.ts)`);
  if (fixture.connect.authKind === "api_key") {
    return sandboxConnectionContext({ provider: def, origin, config, ...clock, authKind: "api_key", credentials: { [fixture.connect.credential]: sbx.apiKey } });
  }
  const app = sbx.app;
  if (!app) throw new Error(`${def.slug}: the sandbox has no OAuth app`);
  const client = { clientId: app.clientId, clientSecret: app.clientSecret };
  const urlInput = { environment: "sandbox" as const, appUrl: origin, config };
  const pkce = createPkcePair();
  const url = buildAuthorizeUrl(def.oauth2!, { ...urlInput, clientId: app.clientId, redirectUri: HARNESS_REDIRECT_URI, state: "engine", codeChallenge: pkce.challenge });
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set("decision", "allow");
  form.set("account_id", sbx.account.id);
  const res = await fetch(url.split("?")[0]!, { method: "POST", body: form, redirect: "manual", headers: { [TEST_USER_HEADER]: sbx.userId } });
  const code = new URL(res.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`${def.slug}: the consent screen did not return a code (${res.status}); create the sandbox with engineSandbox()`);
  const tokens = await exchangeCode(createHttpClient({ provider: def.slug, allowedOrigins: [origin] }), def.oauth2!, {
    ...urlInput,
    ...client,
    code,
    redirectUri: HARNESS_REDIRECT_URI,
    codeVerifier: pkce.verifier,
  });
  return sandboxConnectionContext({
    provider: def,
    origin,
    config,
    ...clock,
    authKind: "oauth2",
    client,
    metadata: tokens.metadata,
    credentials: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
  });
}

/** Stores an active connection of `def` on the sandbox account (settings created as the product does) and opens its client. */
export async function connectEngine(origin: string, def: ProviderDefinition, sbx: TestSandbox, opts: ConnectOptions = {}): Promise<EngineConn> {
  const fixture = contractFixtures[def.slug];
  const fixtureConfig = typeof fixture?.config === "function" ? fixture.config({ origin, sbx }) : (fixture?.config ?? {});
  const config = opts.config ?? fixtureConfig;
  let skewMs = 0;
  const ctx = await sandboxContext(origin, def, sbx, config, () => new Date(Date.now() + skewMs));
  const connection = await db.connection.create({
    data: {
      workspaceId: sbx.workspaceId,
      provider: def.slug,
      name: opts.name ?? `${def.name} ${sbx.account.externalId}`,
      environment: "sandbox",
      authKind: ctx.authKind,
      status: "active",
      config: config as object,
      metadata: ctx.metadata,
      externalAccountId: sbx.account.externalId,
      // the engine is handed the API below; the stored credentials are never opened in these tests
      credentialsSealed: "unused-in-engine-tests",
    },
  });
  await ensureSyncSettings(connection);
  const client = def.createClient(ctx as Parameters<typeof def.createClient>[0]);
  const spec = (object: RecordObject) => {
    const s = objectSpecFor(def, object, config);
    if (!s) throw new Error(`${def.slug} does not sync ${object}s on this connection`);
    return s;
  };
  const apis = new Map<string, ObjectApi>();
  const api = (object: RecordObject) => {
    const name = spec(object).name;
    const a = apis.get(name) ?? client.objects[name];
    if (!a) throw new Error(`${def.slug}: the client has no API for ${name}`);
    apis.set(name, a);
    return a;
  };
  const advanceClock = (ms: number) => {
    skewMs += ms;
  };
  return { id: connection.id, def, sbx, config, ctx, client, spec, api, advanceClock };
}

export type RunSummary = { runId: string; readCount: number; createdCount: number; updatedCount: number; deletedCount: number; skippedCount: number; failedCount: number; conflictCount: number };

const summary = (runId: string, r: Omit<RunSummary, "runId">): RunSummary => ({
  runId,
  readCount: r.readCount,
  createdCount: r.createdCount,
  updatedCount: r.updatedCount,
  deletedCount: r.deletedCount,
  skippedCount: r.skippedCount,
  failedCount: r.failedCount,
  conflictCount: r.conflictCount,
});

/** One pull run to the end, through the job steps: incremental (from the saved checkpoint) or a full resync (deletes what the listing no longer has). */
export async function pullAll(c: EngineConn, object: RecordObject, mode: PullMode = "incremental"): Promise<RunSummary> {
  const began = await beginPull(c.id, object, mode, "manual");
  if ("skipped" in began) throw new Error(`pull skipped: ${began.skipped}`);
  const run = { runId: began.runId, connectionId: c.id, object, mode: began.mode, startedAt: began.startedAt, api: c.api(object) };
  let cursor: string | null = null;
  try {
    for (let pages = 0; ; pages++) {
      if (pages > 500) throw new Error("the pull does not end");
      const page = await pullStep({ ...run, cursor });
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
  } catch (err) {
    await endPull(run, err);
    throw err;
  }
  await endPull(run);
  return summary(run.runId, await db.syncRun.findUniqueOrThrow({ where: { id: run.runId } }));
}

/** Pushes everything pending for the connection and object, through the job steps. A push with nothing to do counts zero. */
export async function pushAll(c: EngineConn, object: RecordObject): Promise<RunSummary> {
  const began = await beginPush(c.id, object);
  if ("skipped" in began) throw new Error(`push skipped: ${began.skipped}`);
  const run = { runId: began.runId, connectionId: c.id, object, api: c.api(object) };
  try {
    let after: Awaited<ReturnType<typeof pushStep>>["after"] = null;
    for (let batches = 0; ; batches++) {
      if (batches > 500) throw new Error("the push does not end");
      const res = await pushStep({ ...run, after });
      after = res.after;
      if (res.processed === 0) break;
    }
  } catch (err) {
    await endPush(run, err);
    throw err;
  }
  // read before endPush: a push that did nothing leaves no run behind
  const counts = summary(run.runId, await db.syncRun.findUniqueOrThrow({ where: { id: run.runId } }));
  await endPush(run);
  return counts;
}

/** Records waiting to be pushed to the connection. */
export function pending(c: EngineConn, object: RecordObject): Promise<number> {
  return countPending(c.sbx.workspaceId, c.id, object);
}

/** Every record the sandbox account holds for the object, read through the adapter (listAll, else listChanged from the start). */
export async function remoteAll(c: EngineConn, object: RecordObject): Promise<RawRecord[]> {
  const api = c.api(object);
  const all: RawRecord[] = [];
  if (api.listAll) {
    let cursor: string | null = null;
    for (let i = 0; i < 1000; i++) {
      const page = await api.listAll({ cursor, limit: 100 });
      all.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return all;
    }
    throw new Error("listAll does not end");
  }
  if (!api.listChanged) throw new Error(`${c.def.slug} cannot list ${object}s`);
  let checkpoint: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page = await api.listChanged({ checkpoint, limit: 100 });
    all.push(...page.items);
    checkpoint = page.checkpoint;
    if (!page.hasMore) return all;
  }
  throw new Error("listChanged does not end");
}

/** The sandbox's records whose provider field `field` equals `value` (strings compared case-insensitively). */
export async function remoteWhere(c: EngineConn, object: RecordObject, field: string, value: string | number): Promise<RawRecord[]> {
  const want = String(value).toLowerCase();
  return (await remoteAll(c, object)).filter((r) => String(r.fields[field] ?? "").toLowerCase() === want);
}

/** The hub record linked to a remote record on this connection (null when none). */
export async function hubRecordOf(c: EngineConn, object: RecordObject, externalId: string) {
  const link = await db.recordLink.findUnique({ where: { connectionId_object_externalId: { connectionId: c.id, object, externalId } }, include: { record: true } });
  return link?.record ?? null;
}

/** A hub record with its data typed. */
export async function hubRecord(recordId: string) {
  const rec = await db.hubRecord.findUniqueOrThrow({ where: { id: recordId }, include: { links: true } });
  return { ...rec, data: rec.data as RecordData };
}

/** The link of a hub record to a connection. */
export function linkOf(c: EngineConn, recordId: string) {
  return db.recordLink.findUniqueOrThrow({ where: { connectionId_recordId: { connectionId: c.id, recordId } } });
}

/**
 * As if the process died after the provider created the record but before the link was saved: the link
 * keeps only a create intent from a minute ago. The next push must not make a second remote record.
 */
export async function loseCreateOutcome(c: EngineConn, recordId: string): Promise<void> {
  await db.recordLink.update({
    where: { connectionId_recordId: { connectionId: c.id, recordId } },
    data: { externalId: null, lastPushedVersion: null, lastWrittenHash: null, createIntentAt: new Date(Date.now() - 60_000), status: "pending" },
  });
}

/** Changes a remote record directly at the provider (as a person would in its UI), through the adapter. */
export async function remoteUpdate(c: EngineConn, object: RecordObject, externalId: string, fields: FieldMap): Promise<RawRecord> {
  const api = c.api(object);
  if (!api.update) throw new Error(`${c.def.slug} cannot update ${object}s`);
  return api.update(externalId, fields);
}

/** The workspace owner as the records' write path wants it (createRecord / updateRecord / deleteRecord). */
export function ownerOf(sbx: TestSandbox): WorkspaceAccess {
  return { user: { id: sbx.userId, email: "owner@example.test", name: "Owner" }, workspace: { id: sbx.workspaceId, slug: sbx.workspaceSlug, name: "Sandbox" }, role: "owner" } as WorkspaceAccess;
}

/** Sets a field's conflict policy in the connection's mapping (a new mapping version, as the mapping editor would). */
export async function setConflictPolicy(c: EngineConn, object: RecordObject, hubField: string, policy: string): Promise<void> {
  const latest = await db.syncMapping.findFirst({ where: { connectionId: c.id, object }, orderBy: { version: "desc" } });
  const base = latest
    ? (latest.rules as { rules: { hubField: string; conflictPolicy: string }[] })
    : { rules: c.spec(object).defaultMapping.rules.map((r) => ({ ...r, transforms: [...(r.transforms ?? [])] })), ...(c.spec(object).defaultMapping.customFields ? { customFields: c.spec(object).defaultMapping.customFields } : {}) };
  const rules = base.rules.map((r) => (r.hubField === hubField ? { ...r, conflictPolicy: policy } : r));
  if (!rules.some((r) => r.hubField === hubField)) throw new Error(`no rule maps ${hubField}`);
  await db.syncMapping.create({
    data: { workspaceId: c.sbx.workspaceId, connectionId: c.id, object, version: (latest?.version ?? 0) + 1, rules: { ...base, rules } as object, createdBy: "test" },
  });
}

/** A person's edit in Switchboard at a chosen time (the one write path, as the record form writes). */
export function hubEditAt(c: EngineConn, object: RecordObject, recordId: string, fields: Record<string, unknown>, at: Date) {
  return writeRecord({ workspaceId: c.sbx.workspaceId, object, recordId, fields, source: { kind: "user", userId: c.sbx.userId }, at });
}

/** As if the connection and the hub last agreed about the record at `at` (both edits after it are "simultaneous"). */
export async function lastSyncedAt(c: EngineConn, recordId: string, at: Date): Promise<void> {
  await db.recordLink.update({ where: { connectionId_recordId: { connectionId: c.id, recordId } }, data: { lastPulledAt: at, lastPushedAt: at } });
}
