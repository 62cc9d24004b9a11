// Provider traffic on the dashboard: calls through a connection's HTTP client (the HubSpot sandbox over
// real HTTP, with its rate-limit headers and a 5xx fault) become the card's rate-limit headroom and the
// provider availability figure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import { flushProviderTraffic, providerTrafficHooks } from "@/lib/dashboard/provider-traffic";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { createTestSandbox, sandboxConnectionContext } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

describe("provider traffic", () => {
  it("records the newest rate-limit budget and the calls that got no answer, per connection, and the dashboard shows them", async () => {
    const sbx = await createTestSandbox("hubspot", { count: 5 });
    const connection = await db.connection.create({
      data: { workspaceId: sbx.workspaceId, provider: "hubspot", name: "HubSpot", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused-in-this-test" },
    });
    const ctx = sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: sbx.apiKey }, ...providerTrafficHooks(connection.id) });
    const contacts = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts!;
    for (let i = 0; i < 3; i++) await contacts.listAll!({ cursor: null, limit: 2 });
    const budget = ctx.http.lastRateLimit();
    expect(budget?.remaining).not.toBeNull();
    await updateSandboxFaults(sbx.account.id, { errorRate: 1 });
    await expect(contacts.listAll!({ cursor: null, limit: 2 })).rejects.toThrow();
    await updateSandboxFaults(sbx.account.id, { errorRate: 0 });
    await flushProviderTraffic();

    const stats = await db.providerCallStat.findMany({ where: { connectionId: connection.id } });
    const calls = stats.reduce((a, s) => a + s.calls, 0);
    const unavailable = stats.reduce((a, s) => a + s.unavailable, 0);
    expect(unavailable).toBeGreaterThanOrEqual(1);
    expect(calls).toBeGreaterThan(unavailable);
    const rl = await db.connectionRateLimit.findUniqueOrThrow({ where: { connectionId: connection.id } });
    expect(rl.workspaceId).toBe(sbx.workspaceId);
    expect(rl.limit).toBe(budget?.limit ?? null);

    const owner = { user: { id: sbx.userId, email: "o@example.test", name: "O" }, workspace: { id: sbx.workspaceId, slug: sbx.workspaceSlug, name: "W" }, role: "owner" } as WorkspaceAccess;
    const data = await loadDashboard(owner);
    const card = data.connections.find((c) => c.id === connection.id)!;
    expect(card.parts.providerCalls24h).toBe(calls);
    expect(card.parts.providerUnavailable24h).toBe(unavailable);
    expect(card.parts.rateLimit?.limit).toBe(rl.limit);
    expect(card.health.providerAvailability24h).toBeCloseTo((calls - unavailable) / calls);
    expect(data.totals.providerAvailability24h).toBeCloseTo((calls - unavailable) / calls);
  });
});
