import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestWorkspace, uniqueSuffix } from "@/lib/testing/factories";
import { createApiKey } from "@/lib/api/api-keys";
import { callApi } from "@/lib/api/api-test-request";
import * as contacts from "@/app/api/v1/contacts/route";
import * as contact from "@/app/api/v1/contacts/[id]/route";

type Written = { result: string; data: { id: string; version: number } };

async function setup() {
  const ws = await createTestWorkspace();
  const { key } = await createApiKey(ws, { name: "idem", scopes: ["contacts:read", "contacts:write"] });
  return { ws, key };
}

describe("Idempotency-Key", () => {
  it("replays the stored response for the same key and body, with no second effect; a different body is a 422", async () => {
    const { ws, key } = await setup();
    const idem = `idem-${uniqueSuffix()}`;
    const body = { fields: { firstName: "Once", lastName: "Only" } };
    const first = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body, headers: { "idempotency-key": idem } });
    expect(first.status).toBe(201);
    // same body with its keys in another order is the same request
    const second = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { lastName: "Only", firstName: "Once" } }, headers: { "idempotency-key": idem } });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await db.hubRecord.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
    expect(await db.recordChange.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);

    const other = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { firstName: "Twice" } }, headers: { "idempotency-key": idem } });
    expect(other.status).toBe(422);
    expect((other.body as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    expect(await db.hubRecord.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);

    // PATCH too, and an error response (4xx) is replayed as well
    const id = (first.body as Written).data.id;
    const p1 = await callApi(contact.PATCH, { method: "PATCH", path: `/api/v1/contacts/${id}`, key, body: { fields: { company: "Acme" } }, params: { id }, headers: { "idempotency-key": `p-${idem}` } });
    const p2 = await callApi(contact.PATCH, { method: "PATCH", path: `/api/v1/contacts/${id}`, key, body: { fields: { company: "Acme" } }, params: { id }, headers: { "idempotency-key": `p-${idem}` } });
    expect(p1.body).toEqual(p2.body);
    expect((p2.body as Written).result).toBe("updated");
    const bad1 = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { email: "nope" } }, headers: { "idempotency-key": `b-${idem}` } });
    const bad2 = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { email: "nope" } }, headers: { "idempotency-key": `b-${idem}` } });
    expect(bad1.status).toBe(422);
    expect(bad2.body).toEqual(bad1.body);
  });

  it("is safe under concurrent retries: one record, one change, every answer the same record or a 409 to retry", async () => {
    const { ws, key } = await setup();
    const idem = `race-${uniqueSuffix()}`;
    const body = { external_id: `ext-${idem}`, fields: { firstName: "Racer", email: `${idem}@example.test` } };
    const send = () => callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body, headers: { "idempotency-key": idem } });
    const results = await Promise.all(Array.from({ length: 8 }, send));
    const ok = results.filter((r) => r.status === 201);
    const busy = results.filter((r) => r.status === 409);
    expect(ok.length + busy.length).toBe(8);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of busy) {
      expect(r.headers.get("retry-after")).toBe("1");
      expect((r.body as { error: { retry_after: number } }).error.retry_after).toBe(1);
    }
    const ids = new Set(ok.map((r) => (r.body as Written).data.id));
    expect(ids.size).toBe(1);
    // the 409s retry and get the stored response
    const retried = await send();
    expect(retried.status).toBe(201);
    expect((retried.body as Written).data.id).toBe([...ids][0]);
    expect(await db.hubRecord.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
    expect(await db.recordChange.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });

  it("without an Idempotency-Key, concurrent upserts of one external_id make one record", async () => {
    const { ws, key } = await setup();
    const ext = `ext-${uniqueSuffix()}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { external_id: ext, fields: { firstName: "Same", company: `C${i}` } } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(await db.hubRecord.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });
});
