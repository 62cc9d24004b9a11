// What only Custom REST has, against the Generic CRM sandbox over real HTTP (the shared contract suite
// runs the example template): every paging style and auth kind, capabilities that follow the template,
// the SSRF guard on tenant base URLs, and webhooks signed as the template says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "@/lib/http/http-client";
import { createCustomRestClient } from "@/lib/integrations/custom-rest/client";
import { customRest } from "@/lib/integrations/custom-rest/definition";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";
import type { CustomRestTemplateInput } from "@/lib/integrations/custom-rest/template";
import { listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, sandboxConnectionContext, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { requiredMethods, type ObjectApi } from "@/lib/integrations/object-contract";
import { connectionObjects, type ProviderDefinition } from "@/lib/integrations/types";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let account: TestSandbox["account"];
let template: CustomRestTemplateInput;

const def: ProviderDefinition = customRest;

function clientFor(t: CustomRestTemplateInput, apiSecret = account.apiKey, extraConfig: Record<string, unknown> = {}) {
  return def.createClient(
    sandboxConnectionContext({ provider: customRest, origin: server.origin, authKind: "api_key", credentials: { apiSecret }, config: { template: t, ...extraConfig } }),
  );
}
const contactsOf = (client: ReturnType<typeof clientFor>): ObjectApi => client.objects.contacts!;

async function listAll(client: ReturnType<typeof clientFor>, limit?: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await contactsOf(client).listAll!({ cursor, ...(limit ? { limit } : {}) });
    ids.push(...page.items.map((i) => i.externalId));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

beforeAll(async () => {
  server = await startSandboxServer();
  account = (await createTestSandbox("custom-rest", { key: "t1", count: 23 })).account;
  template = exampleTemplate(`${server.baseUrl("custom-rest")}/api`);
});

afterAll(async () => {
  await server.close();
});

describe("Custom REST client <-> Generic CRM sandbox", () => {
  it("verifies with the example template and rejects a wrong key", async () => {
    await expect(clientFor(template).verifyCredentials()).resolves.toMatchObject({ accountName: "Generic CRM (sandbox)" });
    const err = await caughtAppError(clientFor(template, "wrong").verifyCredentials());
    expect(err.code).toBe("INVALID_CREDENTIALS");
    expect(err.details?.providerError).toEqual({ error: { code: "unauthorized", message: "The API key is not valid." } });
  });

  it.each([
    ["cursor", { style: "cursor", cursorParam: "cursor", sizeParam: "limit", pageSize: 10, nextCursorPath: "meta.next_cursor" }],
    ["page", { style: "page", pageParam: "page", sizeParam: "per_page", pageSize: 10, firstPage: 1 }],
    ["offset", { style: "offset", offsetParam: "offset", limitParam: "limit", pageSize: 10 }],
    ["link header", { style: "link_header", sizeParam: "limit", pageSize: 10 }],
  ] as const)("pages to the end with %s paging", async (_name, pagination) => {
    const { ids, pages } = await listAll(clientFor({ ...template, pagination }));
    const stored = await listRecords(account.id, "contacts");
    expect(pages).toBe(Math.ceil(stored.length / 10));
    expect(new Set(ids).size).toBe(stored.length);
  });

  it.each([
    ["an API-key header", { kind: "api_key_header", header: "X-API-Key" }, {}],
    ["Basic auth", { kind: "basic" }, { username: "api" }],
  ] as const)("authenticates with %s", async (_name, auth, config) => {
    await expect(contactsOf(clientFor({ ...template, auth }, account.apiKey, config)).listAll!({ cursor: null, limit: 1 })).resolves.toMatchObject({
      items: [expect.objectContaining({ externalId: expect.any(String) })],
    });
  });

  it("declares and implements only what the template has: no delete endpoint, no modified-since", async () => {
    const { delete: _drop, ...endpoints } = template.endpoints;
    const { modifiedSince: _since, ...rest } = template;
    const bare = { ...rest, endpoints };
    const client = clientFor(bare);
    const spec = connectionObjects(def, { template: bare }).find((o) => o.name === "contacts")!;
    expect(spec.capabilities.delete).toBeUndefined();
    expect(spec.capabilities.listChanged).toBeUndefined();
    const present = Object.entries(contactsOf(client)).filter(([, v]) => typeof v === "function").map(([k]) => k).sort();
    expect(present).toEqual(requiredMethods(spec.capabilities).sort());
    // the catalog's view (the example template) has both
    expect(def.objects[0]?.capabilities).toMatchObject({ delete: {}, listChanged: { deletions: "webhook" } });
  });

  it("refuses a tenant base URL on a private or loopback address (SSRF guard)", async () => {
    const ctx = sandboxConnectionContext({ provider: customRest, origin: server.origin, authKind: "api_key", credentials: { apiSecret: "k" }, config: { template } });
    // the product's client: no allow-list (sandboxes off), so the guard applies to every host
    const guarded = { ...ctx, http: createHttpClient({ provider: "custom-rest" }) };
    for (const baseUrl of [`${server.baseUrl("custom-rest")}/api`, "http://169.254.169.254/latest", "http://10.0.0.7/api"]) {
      const client = createCustomRestClient({ ...guarded, config: { template: customRest.configSchema.parse({ template: { ...template, baseUrl } }).template }, credentials: { apiSecret: "k" } });
      const err = await caughtAppError(contactsOf(client).get!("1"));
      expect(err.code).toBe("SSRF_BLOCKED");
    }
  });

  it("delivers webhooks signed as the template says, verified and parsed by our handler", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await createSandboxSubscription({ provider: "custom-rest", accountId: account.id, url: receiver.url("/api/webhooks/custom-rest/c1"), secret: "whk_secret" });
      const made = await contactsOf(clientFor(template)).create!({ email: "hook@example.com", first_name: "Hook" });
      const [delivery] = await receiver.waitFor(1);
      const input = {
        environment: "sandbox" as const, method: "POST", url: delivery!.url, headers: delivery!.headers, rawBody: delivery!.body, now: new Date(),
        connectionSecret: null, appSecret: null, config: customRest.configSchema.parse({ template }), credentials: { apiSecret: "x", webhookSecret: "whk_secret" }, metadata: {},
      };
      expect(await customRest.webhookHandler.verify(input)).toEqual({ ok: true });
      expect((await customRest.webhookHandler.verify({ ...input, credentials: { apiSecret: "x", webhookSecret: "other" } })).ok).toBe(false);
      const parsedConfig = customRest.configSchema.parse({ template });
      expect(await customRest.webhookHandler.parse({ rawBody: delivery!.body, headers: delivery!.headers, config: parsedConfig, metadata: {} })).toMatchObject([
        { object: "contacts", action: "created", externalId: made.externalId, fields: { email: "hook@example.com", first_name: "Hook" } },
      ]);
    } finally {
      await receiver.close();
    }
  });
});
