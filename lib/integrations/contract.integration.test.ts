// The shared contract suite: every provider in the registry, every object it declares, every declared
// capability, against the provider's sandbox over real HTTP through lib/http. A provider keeps in its own
// folder only the tests that are its alone (OAuth quirks, webhook delivery, its sandbox's specifics).
// A provider joins by adding its fixture to contract-fixtures.ts (see lib/integrations/CONTRACT.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { isAppError, type AppError } from "@/lib/errors/app-error";
import { createHttpClient } from "@/lib/http/http-client";
import { buildAuthorizeUrl, createPkcePair, exchangeCode } from "@/lib/http/oauth2";
import type { ContractFixture, ObjectFixture } from "@/lib/integrations/contract-fixture";
import { contractFixtures } from "@/lib/integrations/contract-fixtures";
import { requiredMethods, type ObjectApi, type ObjectSpec, type RawRecord } from "@/lib/integrations/object-contract";
import { providers } from "@/lib/integrations/registry";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { connectionObjects, type ConnectionContext, type ProviderClient, type ProviderDefinition } from "@/lib/integrations/types";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
const redirectUri = "http://127.0.0.1:9/oauth/callback";
const SEED = 12;

beforeAll(async () => {
  server = await startSandboxServer();
});

afterAll(async () => {
  await server.close();
});

const API_METHODS: (keyof ObjectApi)[] = [
  "get", "getMany", "listAll", "listChanged", "create", "createMany", "update", "updateMany", "upsert", "upsertMany", "delete", "deleteMany", "describeFields", "createField",
];

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

/** A connection context for the sandbox account: its API key, or tokens from the OAuth consent flow. */
async function connect(def: ProviderDefinition, fixture: ContractFixture, sbx: TestSandbox, overrides: { now?: () => Date; credentials?: Record<string, unknown> } = {}): Promise<ConnectionContext> {
  const config = typeof fixture.config === "function" ? fixture.config({ origin: server.origin, sbx }) : (fixture.config ?? {});
  const base = { provider: def, origin: server.origin, config, ...(overrides.now ? { now: overrides.now } : {}) };
  if (fixture.connect.authKind === "api_key") {
    return sandboxConnectionContext({ ...base, authKind: "api_key", credentials: overrides.credentials ?? { [fixture.connect.credential]: sbx.apiKey } });
  }
  const app = sbx.app!;
  const client = { clientId: app.clientId, clientSecret: app.clientSecret };
  const urlInput = { environment: "sandbox" as const, appUrl: server.origin, config };
  const pkce = createPkcePair();
  const url = buildAuthorizeUrl(def.oauth2!, { ...urlInput, clientId: app.clientId, redirectUri, state: "contract", codeChallenge: pkce.challenge });
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set("decision", "allow");
  form.set("account_id", sbx.account.id);
  const res = await fetch(url.split("?")[0]!, { method: "POST", body: form, redirect: "manual", headers: { [TEST_USER_HEADER]: sbx.userId } });
  const code = new URL(res.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`${def.slug}: the consent screen did not return a code (${res.status})`);
  const tokens = await exchangeCode(createHttpClient({ provider: def.slug, allowedOrigins: [server.origin] }), def.oauth2!, { ...urlInput, ...client, code, redirectUri, codeVerifier: pkce.verifier });
  return sandboxConnectionContext({
    ...base,
    authKind: "oauth2",
    client,
    metadata: tokens.metadata,
    credentials: overrides.credentials ?? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
  });
}

async function drainChanged(api: ObjectApi, checkpoint: string | null, limit: number) {
  const items: RawRecord[] = [];
  const deleted: string[] = [];
  let cp = checkpoint;
  let pages = 0;
  for (;;) {
    const page = await api.listChanged!({ checkpoint: cp, limit });
    items.push(...page.items);
    deleted.push(...page.deleted.map((d) => d.externalId));
    cp = page.checkpoint;
    pages++;
    if (!page.hasMore) return { items, deleted, checkpoint: cp, pages, expiresAt: page.checkpointExpiresAt };
    if (pages > 500) throw new Error("listChanged does not end");
  }
}

async function pageAll(api: ObjectApi, limit: number): Promise<{ ids: string[]; count: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let count = 0;
  do {
    const page = await api.listAll!({ cursor, limit });
    ids.push(...page.items.map((r) => r.externalId));
    cursor = page.nextCursor;
    count++;
  } while (cursor && count < 1000);
  return { ids, count };
}

const liveCount = (accountId: string, objectType: string) => db.sandboxRecord.count({ where: { accountId, objectType, deleted: false } });

const v2 = providers;

it("every provider has a contract fixture for each object it declares", () => {
  for (const def of v2) {
    const fixture = contractFixtures[def.slug];
    expect(fixture, `${def.slug} has no entry in contract-fixtures.ts`).toBeDefined();
    for (const o of def.objects) expect(fixture?.objects[o.name], `${def.slug}.${o.name} has no object fixture`).toBeDefined();
  }
});

for (const def of v2) {
  const fixture = contractFixtures[def.slug];
  if (!fixture) continue;

  describe(`${def.slug} contract`, () => {
    let sbx: TestSandbox;
    let ctx: ConnectionContext;
    let client: ProviderClient;

    beforeAll(async () => {
      sbx = await createTestSandbox(def.slug, { key: "contract", count: SEED, redirectUris: [redirectUri] });
      ctx = await connect(def, fixture, sbx);
      client = def.createClient(ctx);
    });

    it("verifies the credentials and names the sandbox account", async () => {
      expect((await client.verifyCredentials()).accountId).toBe(fixture.accountId?.(sbx) ?? sbx.account.externalId);
    });

    it("refuses wrong credentials with INVALID_CREDENTIALS (or NEEDS_REAUTH without a refresh token)", async () => {
      const bad = await connect(def, fixture, sbx, { credentials: fixture.connect.authKind === "api_key" ? { [fixture.connect.credential]: "wrong-key" } : { accessToken: "wrong-token", refreshToken: null } });
      const err = await caught(def.createClient(bad).verifyCredentials());
      expect(["INVALID_CREDENTIALS", "NEEDS_REAUTH"]).toContain(err.code);
    });

    for (const spec of def.objects) {
      describe(`${spec.name}`, () => {
        const of: ObjectFixture = fixture.objects[spec.name]!;
        const caps = spec.capabilities;
        const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
        let n = 0;
        const unique = () => `${run}-${++n}`;
        const api = () => client.objects[spec.name]!;

        it("implements exactly the declared capabilities", () => {
          expect(client.objects[spec.name], `client.objects.${spec.name}`).toBeDefined();
          const required = requiredMethods(caps);
          const present = API_METHODS.filter((m) => typeof api()[m] === "function");
          expect(present.sort()).toEqual([...required].sort());
          // a definition whose objects depend on the connection's config declares them per connection too
          const forConnection = connectionObjects(def, ctx.config).find((o) => o.name === spec.name);
          expect(forConnection && requiredMethods(forConnection.capabilities).sort()).toEqual([...required].sort());
        });

        it("has a default mapping onto its hub object with a rule per mapped field", () => {
          expect(spec.defaultMapping.hubObject).toBe(spec.hubObject);
          expect(spec.defaultMapping.rules.length).toBeGreaterThan(0);
        });

        it.runIf(caps.describeFields)("describes its fields: unique keys, the fixture's fields writable", async () => {
          const fields = await api().describeFields!();
          const keys = fields.map((f) => f.key);
          expect(new Set(keys).size).toBe(keys.length);
          for (const key of Object.keys(of.newRecord("x"))) {
            const f = fields.find((x) => x.key === key);
            expect(f, `${key} is described`).toBeDefined();
            expect(f?.readOnly, `${key} is writable`).toBe(false);
          }
          for (const rule of spec.defaultMapping.rules) expect(keys, `mapped field ${rule.providerField}`).toContain(rule.providerField);
          if (spec.defaultMapping.customFields) expect(fields.some((f) => f.custom)).toBe(true);
        });

        it.runIf(caps.createField)("creates a custom field that is then described and writable", async () => {
          const input = of.newField!(unique().replace(/-/g, "_"));
          const created = await api().createField!(input);
          expect(created).toMatchObject({ label: input.label, custom: true, readOnly: false });
          expect((await api().describeFields!()).map((f) => f.key)).toContain(created.key);
          const rec = await api().create!({ ...of.newRecord(unique()), [created.key]: "custom value" });
          // read back with get when the object has it (else the record create returned)
          const back = caps.get ? await api().get!(rec.externalId) : rec;
          expect(back?.fields[created.key]).toBe("custom value");
        });

        it.runIf(caps.create && caps.get && caps.update)("creates, reads, updates and (where it can) deletes one record", async () => {
          const input = of.newRecord(unique());
          const created = await api().create!(input);
          expect(created.externalId).toBeTruthy();
          expect(created.remoteUpdatedAt).not.toBeNull();
          const read = await api().get!(created.externalId);
          expect(read?.externalId).toBe(created.externalId);
          for (const [k, v] of Object.entries(input)) expect(read?.fields[k], k).toEqual(typeof v === "string" && k.toLowerCase() === "email" ? v.toLowerCase() : v);
          const change = of.change(unique());
          const updated = await api().update!(created.externalId, change);
          for (const [k, v] of Object.entries(change)) expect(updated.fields[k], k).toEqual(v);
          if (!caps.delete) return; // objects some APIs cannot delete
          await api().delete!(created.externalId);
          expect(await api().get!(created.externalId)).toBeNull();
          await api().delete!(created.externalId); // deleting what is gone is not an error
        });

        it.runIf(caps.create)("refuses an invalid record with PROVIDER_VALIDATION and the provider's own error body", async () => {
          const err = await caught(api().create!(of.invalid));
          expect(err.code).toBe("PROVIDER_VALIDATION");
          expect(err.details?.providerError).toBeTruthy();
        });

        it.runIf(caps.update)("answers an update of a missing record with PROVIDER_NOT_FOUND", async () => {
          // a whole record's fields: providers that locate a record by its e-mail (Loops) get one that names no contact
          const err = await caught(api().update!("999999999999999999", { ...of.newRecord(unique()), ...of.change(unique()) }));
          expect(err.code).toBe("PROVIDER_NOT_FOUND");
        });

        it.runIf(caps.upsert)("upserts by its match key: the same record when it matches, a new one otherwise", async () => {
          const key = caps.upsert!.matchKey;
          const first = await api().upsert!(of.newRecord(unique()));
          expect(first.created).toBe(true);
          const again = await api().upsert!({ ...of.change(unique()), [key]: first.record.fields[key] ?? null });
          expect(again).toMatchObject({ created: false, record: { externalId: first.record.externalId } });
          const err = await caught(api().upsert!(Object.fromEntries(Object.entries(of.newRecord(unique())).filter(([k]) => k !== key))));
          expect(err.code).toBe("PROVIDER_VALIDATION");
        });

        it.runIf(caps.getMany)("reads many by id, leaving out ids that do not exist", async () => {
          const a = await api().create!(of.newRecord(unique()));
          const b = await api().create!(of.newRecord(unique()));
          const got = await api().getMany!([a.externalId, b.externalId, "999999999999999999"]);
          expect(got.map((r) => r.externalId).sort()).toEqual([a.externalId, b.externalId].sort());
        });

        it.runIf(caps.create?.batch)("batch-writes at and above the batch size, one result per input in input order", async () => {
          const size = caps.create!.batch!.batchSize;
          const before = await liveCount(sbx.account.id, spec.name);
          const inputs = Array.from({ length: size + 1 }, () => of.newRecord(unique()));
          // (An invalid input may fail its whole chunk — HubSpot validates a batch as one — so all are valid here.)
          const created = await api().createMany!(inputs);
          expect(created.map((r) => r.index)).toEqual(inputs.map((_, i) => i));
          expect(created.every((r) => r.ok)).toBe(true);
          expect(await liveCount(sbx.account.id, spec.name)).toBe(before + size + 1);
          const ids = created.flatMap((r) => (r.ok ? [r.record.externalId] : []));
          expect(new Set(ids).size).toBe(size + 1);

          if (caps.update?.batch) {
            const change = of.change(unique());
            const updated = await api().updateMany!([...ids.map((externalId) => ({ externalId, fields: change })), { externalId: "999999999999999999", fields: change }]);
            expect(updated.slice(0, size + 1).every((r) => r.ok)).toBe(true);
            expect(updated[size + 1]).toMatchObject({ ok: false });
            const first = updated[0]!;
            if (first.ok) for (const [k, v] of Object.entries(change)) expect(first.record.fields[k]).toEqual(v);
          }
          if (caps.upsert?.batch) {
            const key = caps.upsert.matchKey;
            const existing = created[0]!.ok ? created[0]!.record : null;
            const upserted = await api().upsertMany!([{ ...of.change(unique()), [key]: existing?.fields[key] ?? null }, of.newRecord(unique())]);
            expect(upserted).toMatchObject([{ index: 0, ok: true, created: false, record: { externalId: existing?.externalId } }, { index: 1, ok: true, created: true }]);
            if (upserted[1]?.ok) ids.push(upserted[1].record.externalId);
          }
          if (caps.getMany) expect((await api().getMany!(ids)).length).toBe(ids.length);
          if (caps.listAll) {
            // With more than a batch of records there, listAll must page (at about half the records per page).
            const pages = await pageAll(api(), Math.min(caps.listAll.maxPageSize, Math.ceil((before + ids.length) / 2)));
            expect(pages.ids.length).toBe(before + ids.length);
            expect(pages.count).toBeGreaterThan(1);
          }
          if (caps.delete?.batch) {
            await api().deleteMany!(ids);
            expect(await liveCount(sbx.account.id, spec.name)).toBe(before);
          }
        });

        it.runIf(caps.listAll)("pages listAll to the end: every record once", async () => {
          // Enough records for at least two pages at the smallest page the provider honours.
          const total = await liveCount(sbx.account.id, spec.name);
          const { ids } = await pageAll(api(), Math.max(1, Math.min(caps.listAll!.maxPageSize, Math.ceil(total / 2))));
          expect(new Set(ids).size).toBe(total);
          expect(ids.length).toBe(total);
        });

        it.runIf(caps.listChanged)("lists changes in ascending order with a checkpoint; the next pass has only what changed, and deletions", async () => {
          const total = await liveCount(sbx.account.id, spec.name);
          const first = await drainChanged(api(), null, Math.min(caps.listChanged!.maxPageSize, Math.max(1, Math.ceil(total / 3))));
          expect(new Set(first.items.map((r) => r.externalId)).size).toBe(total);
          const stamps = first.items.map((r) => Date.parse(r.remoteUpdatedAt ?? ""));
          expect(stamps.every((t, i) => !Number.isNaN(t) && (i === 0 || t >= stamps[i - 1]!))).toBe(true);
          expect(first.expiresAt === null || Date.parse(first.expiresAt) > Date.now()).toBe(true);

          const changed = await api().create!(of.newRecord(unique()));
          const doomed = await api().create!(of.newRecord(unique()));
          // A pass can start in the same millisecond as these writes; the second pass must still see them.
          const second = await drainChanged(api(), first.checkpoint, caps.listChanged!.maxPageSize);
          expect(second.items.map((r) => r.externalId)).toEqual(expect.arrayContaining([changed.externalId, doomed.externalId]));
          expect(second.items.length).toBeLessThan(total);

          if (caps.update) await api().update!(changed.externalId, of.change(unique()));
          if (caps.delete) await api().delete!(doomed.externalId);
          // Deletion listings may work in whole minutes (Salesforce getDeleted): this pass runs a minute later.
          const minuteLater = def.createClient(await connect(def, fixture, sbx, { now: () => new Date(Date.now() + 61_000) })).objects[spec.name]!;
          const third = await drainChanged(minuteLater, second.checkpoint, caps.listChanged!.maxPageSize);
          expect(third.items.map((r) => r.externalId)).toContain(changed.externalId);
          if (caps.delete) expect(third.items.map((r) => r.externalId)).not.toContain(doomed.externalId);
          if (caps.listChanged!.deletions === "listed") expect(third.deleted).toContain(doomed.externalId);

          if (caps.listChanged!.checkpointTtlMs) {
            const later = await connect(def, fixture, sbx, { now: () => new Date(Date.now() + caps.listChanged!.checkpointTtlMs! + 86_400_000) });
            const err = await caught(def.createClient(later).objects[spec.name]!.listChanged!({ checkpoint: third.checkpoint }));
            expect(err.code).toBe("CHECKPOINT_EXPIRED");
          }
          expect((await caught(api().listChanged!({ checkpoint: "not-a-checkpoint" }))).code).toBe("BAD_REQUEST");
        });
      });
    }

    describe("faults", () => {
      const someRead = (): Promise<unknown> => {
        const spec: ObjectSpec = def.objects[0]!;
        const o = client.objects[spec.name]!;
        if (o.listAll) return o.listAll({ cursor: null, limit: 1 });
        if (o.listChanged) return o.listChanged({ checkpoint: null, limit: 1 });
        return client.verifyCredentials();
      };

      it("answers a forced rate limit with RATE_LIMITED and its retry hint", async () => {
        await updateSandboxFaults(sbx.account.id, { forceRateLimit: true, retryAfterSeconds: 7 });
        try {
          const err = await caught(someRead());
          expect(err.code).toBe("RATE_LIMITED");
          expect(err.details?.retryAfterMs).toBe(fixture.rateLimitHint === "retry-after" ? 7000 : def.rateLimit.defaultRetryAfterMs);
          if (fixture.rateLimitRemainingZero) expect((err.details?.rateLimit as { remaining: number | null } | null)?.remaining).toBe(0);
        } finally {
          await updateSandboxFaults(sbx.account.id, { forceRateLimit: false });
        }
      });

      it("answers a provider outage with PROVIDER_UNAVAILABLE (retryable)", async () => {
        await updateSandboxFaults(sbx.account.id, { errorRate: 1 });
        try {
          const err = await caught(someRead());
          expect(err.code).toBe("PROVIDER_UNAVAILABLE");
          expect(err.details?.retryable).toBe(true);
        } finally {
          await updateSandboxFaults(sbx.account.id, { errorRate: 0 });
        }
      });
    });
  });
}
