// GoHighLevel's official SDK (@gohighlevel/api-client), used unchanged against the sandbox: only its
// public configuration is set (the axios base URL through getHttpClient(), the token, the client id and
// the webhook public key). Issue 8 section 2: its default `Version` header, its authorize URL
// (/oauth/chooselocation) and its webhook middleware (appId + Ed25519 signature) must work.
import { GHLRateLimitError, HighLevel, LogLevel, type WebhookRequest } from "@gohighlevel/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { getRecord } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription, flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;

function sdk(config: ConstructorParameters<typeof HighLevel>[0]): HighLevel {
  const ghl = new HighLevel({ logLevel: LogLevel.NONE, ...config });
  ghl.getHttpClient().defaults.baseURL = server.baseUrl("gohighlevel");
  return ghl;
}

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("gohighlevel", { key: "sdk", count: 5, redirectUris: ["https://switchboard.example/api/oauth/callback"] });
});

afterAll(async () => {
  await server.close();
});

describe("@gohighlevel/api-client against the sandbox", () => {
  it("creates, reads and searches contacts with a Private Integration Token and its default Version header", async () => {
    const ghl = sdk({ privateIntegrationToken: sbx.apiKey });
    expect(ghl.getConfig().apiVersion).toBe("2023-02-21");
    const created = await ghl.contacts.createContact({ locationId: sbx.account.externalId, firstName: "Sdk", lastName: "User", email: "sdk.user@example.com" });
    const id = created.contact?.id;
    expect(id).toBeTruthy();
    expect((await getRecord(sbx.account.id, "contacts", id!))?.data).toMatchObject({ firstName: "Sdk", email: "sdk.user@example.com" });
    const got = await ghl.contacts.getContact({ contactId: id! });
    expect(got.contact).toMatchObject({ id, lastName: "User" });
    const found = (await ghl.contacts.searchContactsAdvanced({ locationId: sbx.account.externalId, pageLimit: 10, filters: [{ field: "email", operator: "eq", value: "sdk.user@example.com" }] })) as { contacts: { id: string }[]; total: number };
    expect(found.contacts.map((c) => c.id)).toEqual([id]);
  });

  it("gets the sandbox's 429 as a GHLRateLimitError with an exhausted burst window", async () => {
    const ghl = sdk({ privateIntegrationToken: sbx.apiKey });
    await updateSandboxFaults(sbx.account.id, { forceRateLimit: true, retryAfterSeconds: 3 });
    try {
      const err: unknown = await ghl.contacts.getContact({ contactId: "anything000000000000" }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GHLRateLimitError);
      expect((err as GHLRateLimitError).rateLimit).toMatchObject({ scope: "burst", remaining: 0, max: 100 });
    } finally {
      await updateSandboxFaults(sbx.account.id, { forceRateLimit: false });
    }
  });

  it("its authorization URL (/oauth/chooselocation) opens the sandbox's consent screen", async () => {
    const ghl = sdk({ clientId: sbx.app!.clientId, clientSecret: sbx.app!.clientSecret });
    const url = new URL(ghl.oauth.getAuthorizationUrl(sbx.app!.clientId, "https://switchboard.example/api/oauth/callback", "contacts.readonly contacts.write"));
    expect(url.origin + url.pathname).toBe("https://marketplace.gohighlevel.com/oauth/chooselocation");
    const page = await fetch(`${server.baseUrl("gohighlevel")}${url.pathname}${url.search}`, { headers: { [TEST_USER_HEADER]: sbx.userId } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("contacts.write");
  });

  it("its webhook middleware accepts a sandbox delivery (appId and Ed25519 signature) and flags a tampered one", async () => {
    await flushSandboxWebhooks();
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "gohighlevel", accountId: sbx.account.id, url: receiver.url("/hooks") });
      const ghl = sdk({ privateIntegrationToken: sbx.apiKey, clientId: sbx.app!.clientId, webhookPublicKey: sbx.webhookPublicKeys!["ed25519"]! });
      await ghl.contacts.createContact({ locationId: sbx.account.externalId, firstName: "Hooked", email: "hooked@example.com" });
      const [delivery] = await receiver.waitFor(1);
      const run = async (rawBody: string): Promise<WebhookRequest> => {
        const req = { method: "POST", url: "/hooks", headers: Object.fromEntries(delivery!.headers), body: JSON.parse(rawBody) as unknown, rawBody } as unknown as WebhookRequest;
        let nextError: unknown = null;
        await ghl.webhooks.subscribe()(req, {} as never, (e?: unknown) => {
          nextError = e ?? null;
        });
        expect(nextError).toBeNull();
        return req;
      };
      const ok = await run(delivery!.body);
      expect(ok.skippedSignatureVerification).toBe(false);
      expect(ok.isSignatureValid).toBe(true);
      const tampered = await run(delivery!.body.replace("Hooked", "Hacked"));
      expect(tampered.isSignatureValid).toBe(false);
    } finally {
      await receiver.close();
    }
  });
});
