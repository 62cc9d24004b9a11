import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestWorkspace } from "@/lib/testing/factories";
import { createApiKey } from "@/lib/api/api-keys";
import { callApi } from "@/lib/api/api-test-request";
import * as connections from "@/app/api/v1/connections/route";

describe("GET /api/v1/connections", () => {
  it("lists the key's workspace's connections without secrets, with connections:read only", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const { key } = await createApiKey(a, { name: "c", scopes: ["connections:read"] });
    const { key: noScope } = await createApiKey(a, { name: "n", scopes: ["contacts:read"] });
    const base = { provider: "hubspot", environment: "sandbox" as const, authKind: "api_key" as const, credentialsSealed: "sealed-secret-value", metadata: {} };
    const mine = await db.connection.create({ data: { ...base, workspaceId: a.workspace.id, name: "Mine" } });
    await db.connection.create({ data: { ...base, workspaceId: b.workspace.id, name: "Theirs" } });
    const res = await callApi(connections.GET, { path: "/api/v1/connections", key });
    expect(res.status).toBe(200);
    expect((res.body as { data: { id: string; name: string }[] }).data.map((c) => c.id)).toEqual([mine.id]);
    expect(JSON.stringify(res.body)).not.toContain("sealed-secret-value");
    expect((await callApi(connections.GET, { path: "/api/v1/connections", key: noScope })).status).toBe(403);
  });
});
