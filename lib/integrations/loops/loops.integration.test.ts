// What only Loops has, against its sandbox over real HTTP (the shared contract suite covers the rest):
// mailing lists written as exact sets, and the account's one webhook endpoint set up as the panel does it,
// its deliveries signed by the sandbox (node:crypto, the documented scheme) and accepted by our verifier.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { loops } from "@/lib/integrations/loops/definition";
import { SANDBOX_MAILING_LISTS, setLoopsWebhookEndpoint } from "@/lib/integrations/loops/sandbox";
import type { ObjectApi } from "@/lib/integrations/object-contract";
import { getRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, type ReceivedRequest } from "@/lib/integrations/sandbox/test-server";
import type { ProviderClient, ProviderDefinition } from "@/lib/integrations/types";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let client: ProviderClient;
const def: ProviderDefinition = loops;
const [news, updates] = SANDBOX_MAILING_LISTS;

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("loops", { key: "t1", count: 5 })).account;
  client = def.createClient(sandboxConnectionContext({ provider: loops, origin: server.origin, authKind: "api_key", credentials: { apiKey: account.apiKey, webhookSigningSecret: "whsec_unused" } }));
});

afterAll(async () => {
  await server.close();
});

const contacts = (): Required<ObjectApi> => client.objects.contacts as Required<ObjectApi>;

describe("Loops adapter <-> sandbox (its own features)", () => {
  it("writes mailing lists as exactly the given lists, and reads them back as ids", async () => {
    const first = await contacts().upsert({ email: "lists@example.com", mailingLists: [news.id, updates.id] });
    expect(first.record.fields.mailingLists).toEqual([news.id, updates.id]);
    const again = await contacts().upsert({ email: "lists@example.com", mailingLists: [updates.id] });
    expect(again.record.fields.mailingLists).toEqual([updates.id]);
    expect((await getRecord(account.id, "contacts", again.record.externalId))?.data.mailingLists).toEqual({ [news.id]: false, [updates.id]: true });
  });

  it("sets the account's one webhook endpoint with a fresh whsec_ secret; deliveries verify with it and parse", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const old = await setLoopsWebhookEndpoint({ accountId: account.id, url: receiver.url("/old") });
      const { signingSecret } = await setLoopsWebhookEndpoint({ accountId: account.id, url: receiver.url("/api/webhooks/loops/c1") });
      expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(signingSecret).not.toBe(old.signingSecret);
      expect(await db.sandboxWebhookSubscription.count({ where: { accountId: account.id } })).toBe(1);

      const made = await contacts().create({ email: "hook@example.com", firstName: "Hook" });
      await contacts().upsert({ email: "hook@example.com", firstName: "Renamed" }); // Loops sends nothing for this
      await contacts().upsert({ email: "hook@example.com", subscribed: false });
      const received = await receiver.waitFor(2);
      expect(received.map((r) => new URL(r.url).pathname)).toEqual(["/api/webhooks/loops/c1", "/api/webhooks/loops/c1"]);
      expect(received.map((r) => (JSON.parse(r.body) as { eventName: string }).eventName)).toEqual(["contact.created", "contact.unsubscribed"]);
      const input = (r: ReceivedRequest, secret: string) => ({
        environment: "sandbox" as const, method: r.method, url: r.url, headers: r.headers, rawBody: r.body, now: new Date(),
        connectionSecret: null, appSecret: null, config: {}, credentials: { apiKey: "unused", webhookSigningSecret: secret }, metadata: {},
      });
      for (const r of received) {
        expect(await loops.webhookHandler.verify(input(r, signingSecret))).toEqual({ ok: true });
        expect((await loops.webhookHandler.verify(input(r, old.signingSecret))).ok).toBe(false);
        expect((await loops.webhookHandler.verify({ ...input(r, signingSecret), rawBody: r.body.replace("hook@", "hack@") })).ok).toBe(false);
      }
      const changes = (await Promise.all(received.map((r) => loops.webhookHandler.parse({ rawBody: r.body, headers: r.headers, config: {}, metadata: {} })))).flat();
      expect(changes).toMatchObject([
        { action: "created", externalId: made.externalId, record: { fields: { email: "hook@example.com", firstName: "Hook" } } },
        { action: "updated", externalId: made.externalId, fields: { subscribed: false, email: "hook@example.com" } },
      ]);
      expect(changes[0]?.providerEventId).toBe(received[0]?.headers.get("webhook-id"));
    } finally {
      await receiver.close();
    }
  });
});
