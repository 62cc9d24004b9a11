// What only ActiveCampaign has, against its sandbox over real HTTP (the shared contract suite covers the
// rest): the Bulk Contact Importer behind upsertMany, and URL-secret webhooks registered through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activecampaign } from "@/lib/integrations/activecampaign/definition";
import type { ActiveCampaignConfig } from "@/lib/integrations/activecampaign/settings";
import { getRecord, listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, type ReceivedRequest } from "@/lib/integrations/sandbox/test-server";
import type { ObjectApi } from "@/lib/integrations/object-contract";
import type { ProviderClient, ProviderDefinition } from "@/lib/integrations/types";

const config: ActiveCampaignConfig = { accountUrl: "https://sandbox.api-us1.com", listId: "1" };

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let client: ProviderClient;
// the definition as the registry holds it: its createClient takes the context the connections layer builds
const def: ProviderDefinition = activecampaign;

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("activecampaign", { key: "t1", count: 5 })).account;
  const ctx = sandboxConnectionContext({ provider: activecampaign, origin: server.origin, authKind: "api_key", credentials: { apiToken: account.apiKey }, config });
  client = def.createClient(ctx);
});

afterAll(async () => {
  await server.close();
});

const contacts = (): Required<ObjectApi> => client.objects.contacts as Required<ObjectApi>;

describe("ActiveCampaign adapter <-> sandbox (its own features)", () => {
  it("upserts in bulk through the importer: 250 per request, one result per input, created vs updated, exact tags", async () => {
    const existing = await contacts().create({ email: "bulk.0@example.com", firstName: "Old", tags: ["vip", "lead"] });
    const inputs = Array.from({ length: 251 }, (_, i) => ({ email: `bulk.${i}@example.com`, firstName: `Bulk ${i}`, PLAN: "Starter", tags: ["trial"], listStatus: "1" }));
    inputs.push({ email: "not-an-email", firstName: "Bad", PLAN: "Starter", tags: [], listStatus: "1" });
    const results = await contacts().upsertMany!(inputs);
    expect(results.map((r) => r.index)).toEqual(inputs.map((_, i) => i));
    expect(results[0]).toMatchObject({ ok: true, created: false, record: { externalId: existing.externalId, fields: { firstName: "Bulk 0", tags: ["trial"] } } });
    expect(results.slice(1, 251).every((r) => r.ok && r.created === true)).toBe(true);
    expect(results[251]).toMatchObject({ ok: false, error: { code: "PROVIDER_VALIDATION" } });
    const last = results[250]!;
    expect(last.ok && last.record.fields).toMatchObject({ email: "bulk.250@example.com", PLAN: "Starter", tags: ["trial"], listStatus: "1" });
    // the sandbox holds what the importer wrote (two requests: 250 + 1)
    const stored = await getRecord(account.id, "contacts", existing.externalId);
    expect(stored?.data).toMatchObject({ firstName: "Bulk 0", __tags: [expect.objectContaining({ name: "trial" })] });
    const batches = await listRecords(account.id, "importBatches");
    expect(batches.map((b) => (b.data.success as string[]).length).sort((a, b) => a - b)).toEqual([1, 249]);
  }, 120_000); // 500 contacts through the importer: 15 s on a quiet 2-core machine, twice that under load

  it("registers a webhook and delivers form-encoded events that our verifier accepts; parse fetches the full record", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const secret = "conn-secret-123";
      const { externalId } = await client.webhooks!.register({ targetUrl: receiver.url("/api/webhooks/activecampaign/c1"), secret });
      expect(externalId).toMatch(/^\d+$/);
      const created = await contacts().create({ email: "hook@example.com", firstName: "Hook" });
      await contacts().update!(created.externalId, { firstName: "Hooked", tags: ["lead"], PLAN: "Pro" });
      const received = await receiver.waitFor(3);
      const types = received.map((r) => new URLSearchParams(r.body).get("type"));
      expect(types).toEqual(expect.arrayContaining(["subscribe", "update", "contact_tag_added"]));
      const input = (r: ReceivedRequest, connectionSecret: string) => ({
        environment: "sandbox" as const, method: r.method, url: r.url, headers: r.headers, rawBody: r.body, now: new Date(),
        connectionSecret, appSecret: null, config, credentials: { apiToken: "unused" }, metadata: {},
      });
      for (const r of received) {
        expect(r.headers.get("content-type")).toContain("application/x-www-form-urlencoded");
        expect(await activecampaign.webhookHandler.verify(input(r, secret))).toEqual({ ok: true });
        expect((await activecampaign.webhookHandler.verify(input(r, "other"))).ok).toBe(false);
      }
      const update = received.find((r) => new URLSearchParams(r.body).get("type") === "update")!;
      const [change] = await activecampaign.webhookHandler.parse({ rawBody: update.body, headers: update.headers, config, metadata: {}, client });
      expect(change).toMatchObject({
        object: "contacts",
        action: "updated",
        externalId: created.externalId,
        fields: { firstName: "Hooked", email: "hook@example.com", PLAN: "Pro" },
        record: { externalId: created.externalId, fields: { firstName: "Hooked", tags: ["lead"], PLAN: "Pro" } },
      });
      await client.webhooks!.unregister(externalId);
    } finally {
      await receiver.close();
    }
  });
});
