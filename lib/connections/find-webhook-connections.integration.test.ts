// App-level webhook routing: a connection made with the product's connect path records the provider
// account id, and a delivery's routing key finds exactly the live connections of that account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { createTestWorkspace } from "@/lib/testing/factories";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { findWebhookConnections } from "@/lib/connections/find-webhook-connections";
import { loadConnection } from "@/lib/connections/load-connection";

let server: Awaited<ReturnType<typeof startAppServer>>;
let access: WorkspaceAccess;
let sbx: TestSandbox;

beforeAll(async () => {
  server = await startAppServer();
  access = await createTestWorkspace();
  sbx = await createTestSandbox("hubspot", { workspaceId: access.workspace.id, userId: access.user.id, key: "routing", count: 1 });
});

afterAll(async () => {
  await server.close();
  resetEnvCache();
});

describe("app-level webhook routing by external account id", () => {
  it("stores the verified account id at connect time and finds the connection from a delivery's routing key", async () => {
    const { id } = await connectApiKey(access, { provider: "hubspot", name: "Routed", environment: "sandbox", credentials: { accessToken: sbx.apiKey } });
    expect((await loadConnection(access.workspace.id, id)).externalAccountId).toBe(sbx.account.externalId);

    const body = JSON.stringify([{ eventId: 1, subscriptionId: 2, portalId: Number(sbx.account.externalId), occurredAt: Date.now(), subscriptionType: "contact.creation", objectId: 5 }]);
    const key = hubspot.webhookHandler.routingKey?.({ rawBody: body, headers: new Headers() });
    expect(key).toBe(sbx.account.externalId);
    const found = await findWebhookConnections({ provider: "hubspot", environment: "sandbox", externalAccountId: key! });
    expect(found.map((c) => c.id)).toEqual([id]);

    // Not for another environment or account, and not once disabled.
    expect(await findWebhookConnections({ provider: "hubspot", environment: "live", externalAccountId: key! })).toEqual([]);
    expect(await findWebhookConnections({ provider: "hubspot", environment: "sandbox", externalAccountId: `${key}0` })).toEqual([]);
    await db.connection.update({ where: { id }, data: { status: "disabled" } });
    expect(await findWebhookConnections({ provider: "hubspot", environment: "sandbox", externalAccountId: key! })).toEqual([]);
  });
});
