import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestWorkspace } from "@/lib/testing/factories";
import { createApiKey } from "@/lib/api/api-keys";
import { callApi } from "@/lib/api/api-test-request";
import * as status from "@/app/api/v1/sync/status/route";
import * as runs from "@/app/api/v1/runs/route";
import * as syncOne from "@/app/api/v1/sync/[object]/[id]/route";
import * as contacts from "@/app/api/v1/contacts/route";

async function seedConnection(workspaceId: string, name: string) {
  const c = await db.connection.create({ data: { workspaceId, name, provider: "hubspot", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "x", metadata: {} } });
  const t = new Date("2026-11-30T10:00:00Z");
  await db.syncRun.create({ data: { workspaceId, connectionId: c.id, object: "contact", kind: "pull", trigger: "manual", status: "succeeded", startedAt: t, finishedAt: new Date(t.getTime() + 1000), readCount: 3 } });
  await db.syncRun.create({ data: { workspaceId, connectionId: c.id, object: "contact", kind: "push", trigger: "change", status: "failed", startedAt: new Date(t.getTime() + 5000), errorCode: "PROVIDER_ERROR", errorMessage: "HubSpot said no" } });
  return c;
}

describe("sync through the API", () => {
  it("reports the workspace's sync status and runs (cursor pages), never another workspace's", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const { key } = await createApiKey(a, { name: "s", scopes: ["sync:read", "contacts:write"] });
    const conn = await seedConnection(a.workspace.id, "HubSpot");
    await seedConnection(b.workspace.id, "Theirs");
    const rec = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { firstName: "Linked" } } });
    const recordId = (rec.body as { data: { id: string } }).data.id;
    await db.recordLink.create({ data: { workspaceId: a.workspace.id, connectionId: conn.id, object: "contact", recordId, status: "failed" } });

    const s = await callApi(status.GET, { path: "/api/v1/sync/status", key });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      last_sync_at: "2026-11-30T10:00:01.000Z",
      pending_updates: 0,
      sync_errors: { failed_records: 1, recent: [{ connection_id: conn.id, code: "PROVIDER_ERROR", message: "HubSpot said no" }] },
      connected_integrations: [{ id: conn.id, provider: "hubspot", name: "HubSpot", failed_records: 1 }],
    });

    const p1 = await callApi(runs.GET, { path: "/api/v1/runs?limit=1", key });
    const b1 = p1.body as { data: { kind: string }[]; next_cursor: string | null };
    expect(b1.data.map((r) => r.kind)).toEqual(["push"]);
    const p2 = await callApi(runs.GET, { path: `/api/v1/runs?limit=1&cursor=${b1.next_cursor ?? ""}`, key });
    expect((p2.body as { data: { kind: string }[]; next_cursor: string | null }).data.map((r) => r.kind)).toEqual(["pull"]);
    expect((p2.body as { next_cursor: string | null }).next_cursor).toBeNull();
  });

  it("needs sync scopes; syncing one record is a 404 for another workspace's record", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const { key: noSync } = await createApiKey(a, { name: "n", scopes: ["contacts:read"] });
    const { key: writer } = await createApiKey(a, { name: "w", scopes: ["sync:write"] });
    const { key: bKey } = await createApiKey(b, { name: "b", scopes: ["contacts:write"] });
    expect((await callApi(status.GET, { path: "/api/v1/sync/status", key: noSync })).status).toBe(403);
    expect((await callApi(runs.GET, { path: "/api/v1/runs", key: noSync })).status).toBe(403);
    const theirs = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key: bKey, body: { fields: { firstName: "B" } } });
    const id = (theirs.body as { data: { id: string } }).data.id;
    const res = await callApi(syncOne.POST, { method: "POST", path: `/api/v1/sync/contacts/${id}`, key: writer, params: { object: "contacts", id } });
    expect(res.status).toBe(404);
    expect((await callApi(syncOne.POST, { method: "POST", path: `/api/v1/sync/contacts/${id}`, key: noSync, params: { object: "contacts", id } })).status).toBe(403);
    expect((await callApi(syncOne.POST, { method: "POST", path: `/api/v1/sync/widgets/${id}`, key: writer, params: { object: "widgets", id } })).status).toBe(404);
  });
});
