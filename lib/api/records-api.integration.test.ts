import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestWorkspace, uniqueSuffix } from "@/lib/testing/factories";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { createApiKey } from "@/lib/api/api-keys";
import type { ApiScope } from "@/lib/api/api-scopes";
import { API_RATE_LIMIT, apiRateLimitKey } from "@/lib/api/api-route";
import { callApi, type ApiCall } from "@/lib/api/api-test-request";
import * as contacts from "@/app/api/v1/contacts/route";
import * as contact from "@/app/api/v1/contacts/[id]/route";
import * as orders from "@/app/api/v1/orders/route";
import * as order from "@/app/api/v1/orders/[id]/route";
import * as products from "@/app/api/v1/products/route";
import * as product from "@/app/api/v1/products/[id]/route";
import * as appointments from "@/app/api/v1/appointments/route";
import * as appointment from "@/app/api/v1/appointments/[id]/route";

type Rec = { id: string; external_id: string | null; version: number; fields: Record<string, unknown> };
type Written = { result: string; data: Rec };
type ErrorOut = { error: { code: string; message: string; details?: { fields?: Record<string, string> }; retry_after?: number } };

const ALL: ApiScope[] = ["contacts:read", "contacts:write", "orders:read", "orders:write", "products:read", "products:write", "appointments:read", "appointments:write"];

async function keyFor(access: WorkspaceAccess, scopes: ApiScope[] = ALL) {
  const { key, apiKey } = await createApiKey(access, { name: `k-${uniqueSuffix()}`, scopes });
  return { key, id: apiKey.id };
}

const objects = [
  { path: "contacts", col: contacts, item: contact, fields: () => ({ firstName: "Ada", email: `ada.${uniqueSuffix()}@example.test` }), patch: { lastName: "Lovelace" } },
  { path: "orders", col: orders, item: order, fields: () => ({ number: `SO-${uniqueSuffix()}`, status: "pending" }), patch: { status: "completed" } },
  { path: "products", col: products, item: product, fields: () => ({ name: "Badge", sku: `SKU-${uniqueSuffix()}`, stock: 5 }), patch: { stock: 7 } },
  { path: "appointments", col: appointments, item: appointment, fields: () => ({ title: "Fitting", startAt: "2026-12-24T10:00:00Z" }), patch: { title: "Fitting (moved)" } },
] as const;

describe("public API v1 records", () => {
  it("creates, reads, lists, patches and deletes every object kind with the key as the change's source", async () => {
    const ws = await createTestWorkspace();
    const { key, id: keyId } = await keyFor(ws);
    for (const o of objects) {
      const created = await callApi(o.col.POST, { method: "POST", path: `/api/v1/${o.path}`, key, body: { fields: o.fields() } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const rec = (created.body as Written).data;
      expect((created.body as Written).result).toBe("created");
      const change = await db.recordChange.findFirstOrThrow({ where: { recordId: rec.id } });
      expect(change.source).toBe(`api:${keyId}`);

      const got = await callApi(o.item.GET, { path: `/api/v1/${o.path}/${rec.id}`, key, params: { id: rec.id } });
      expect(got.status).toBe(200);
      expect((got.body as { data: Rec }).data.id).toBe(rec.id);

      const patched = await callApi(o.item.PATCH, { method: "PATCH", path: `/api/v1/${o.path}/${rec.id}`, key, body: { fields: o.patch }, params: { id: rec.id } });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect((patched.body as Written).data.version).toBe(2);
      for (const [k, v] of Object.entries(o.patch)) expect((patched.body as Written).data.fields[k]).toBe(v);

      const listed = await callApi(o.col.GET, { path: `/api/v1/${o.path}`, key });
      expect((listed.body as { data: Rec[] }).data.map((r) => r.id)).toEqual([rec.id]);

      const deleted = await callApi(o.item.DELETE, { method: "DELETE", path: `/api/v1/${o.path}/${rec.id}`, key, params: { id: rec.id } });
      expect(deleted.status).toBe(204);
      const gone = await callApi(o.item.GET, { path: `/api/v1/${o.path}/${rec.id}`, key, params: { id: rec.id } });
      expect(gone.status).toBe(404);
      expect((gone.body as ErrorOut).error.code).toBe("NOT_FOUND");
    }
  });

  it("upserts by external_id, then by e-mail; an identical write is unchanged; custom fields round-trip", async () => {
    const ws = await createTestWorkspace();
    const { key } = await keyFor(ws);
    const s = uniqueSuffix();
    const first = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { external_id: `crm-${s}`, fields: { firstName: "Grace", email: `g.${s}@example.test`, customFields: { plan: "pro" } } } });
    expect(first.status).toBe(201);
    const id = (first.body as Written).data.id;
    expect((first.body as Written).data.external_id).toBe(`crm-${s}`);
    expect((first.body as Written).data.fields.customFields).toEqual({ plan: "pro" });

    const again = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { external_id: `crm-${s}`, fields: { lastName: "Hopper" } } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ result: "updated", data: { id, version: 2, fields: { firstName: "Grace", lastName: "Hopper" } } });

    const same = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { external_id: `crm-${s}`, fields: { lastName: "Hopper" } } });
    expect(same.body).toMatchObject({ result: "unchanged", data: { id, version: 2 } });

    const byEmail = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { email: `G.${s}@EXAMPLE.test`, company: "Navy" } } });
    expect(byEmail.body).toMatchObject({ result: "updated", data: { id, external_id: `crm-${s}`, fields: { company: "Navy" } } });

    const filtered = await callApi(contacts.GET, { path: `/api/v1/contacts?external_id=crm-${s}`, key });
    expect((filtered.body as { data: Rec[] }).data.map((r) => r.id)).toEqual([id]);
    expect(await db.hubRecord.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });

  it("names the bad field in a 422, refuses a missing required field, a non-JSON body and an oversized body", async () => {
    const ws = await createTestWorkspace();
    const { key } = await keyFor(ws);
    const bad = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { email: "not-an-email" } } });
    expect(bad.status).toBe(422);
    expect((bad.body as ErrorOut).error.details?.fields?.email).toMatch(/e-mail/i);
    const unknown = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { shoeSize: 44 } } });
    expect((unknown.body as ErrorOut).error.details?.fields?.shoeSize).toMatch(/no field/);
    const noNumber = await callApi(orders.POST, { method: "POST", path: "/api/v1/orders", key, body: { fields: { status: "pending" } } });
    expect(noNumber.status).toBe(422);
    expect((noNumber.body as ErrorOut).error.details?.fields?.number).toMatch(/required/);
    const envelope = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { firstName: "flat" } });
    expect(envelope.status).toBe(422);
    const notJson = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, rawBody: "{nope" });
    expect(notJson.status).toBe(400);
    const huge = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, rawBody: JSON.stringify({ fields: { company: "x".repeat(1_100_000) } }) });
    expect(huge.status).toBe(413);
    expect((huge.body as ErrorOut).error.code).toBe("PAYLOAD_TOO_LARGE");
    const badCursor = await callApi(contacts.GET, { path: "/api/v1/contacts?cursor=garbage", key });
    expect(badCursor.status).toBe(400);
  });

  it("pages with cursors and links", async () => {
    const ws = await createTestWorkspace();
    const { key } = await keyFor(ws);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { fields: { firstName: `P${i}` } } });
      ids.push((r.body as Written).data.id);
    }
    const seen: string[] = [];
    let path: string | null = "/api/v1/contacts?limit=2";
    for (let guard = 0; path && guard < 10; guard++) {
      const page: ApiCall = await callApi(contacts.GET, { path, key });
      const body = page.body as { data: Rec[]; next_cursor: string | null; links: { next: string | null } };
      seen.push(...body.data.map((r) => r.id));
      if (body.links.next) expect(page.headers.get("link")).toContain('rel="next"');
      path = body.links.next ? new URL(body.links.next).pathname + new URL(body.links.next).search : null;
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen).toHaveLength(5);
  });

  it("authenticates: missing, malformed, unknown, revoked and expired keys are 401; the request id is echoed", async () => {
    const ws = await createTestWorkspace();
    const { key, id } = await keyFor(ws);
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key: null })).status).toBe(401);
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key: "nope" })).status).toBe(401);
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key: `${key.slice(0, -2)}xx` })).status).toBe(401);
    const ok = await callApi(contacts.GET, { path: "/api/v1/contacts", key, headers: { "x-request-id": "trace-123" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe("trace-123");
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key })).headers.get("x-request-id")).toMatch(/^req_/);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
    await db.apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callApi(contacts.GET, { path: "/api/v1/contacts", key });
    expect(expired.status).toBe(401);
    expect((expired.body as ErrorOut).error.code).toBe("UNAUTHENTICATED");
    await db.apiKey.update({ where: { id }, data: { expiresAt: null, revokedAt: new Date() } });
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key })).status).toBe(401);
  });

  it("enforces scopes per object and per mode", async () => {
    const ws = await createTestWorkspace();
    const { key: writer } = await keyFor(ws, ["contacts:write"]);
    const { key: reader } = await keyFor(ws, ["contacts:read"]);
    const { key: ordersOnly } = await keyFor(ws, ["orders:read", "orders:write"]);
    const created = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key: writer, body: { fields: { firstName: "Scoped" } } });
    expect(created.status).toBe(201);
    const id = (created.body as Written).data.id;
    const denied = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key: reader, body: { fields: { firstName: "No" } } });
    expect(denied.status).toBe(403);
    expect((denied.body as ErrorOut).error).toMatchObject({ code: "FORBIDDEN", details: { requiredScope: "contacts:write" } });
    expect((await callApi(contact.PATCH, { method: "PATCH", path: `/api/v1/contacts/${id}`, key: reader, body: { fields: { lastName: "x" } }, params: { id } })).status).toBe(403);
    expect((await callApi(contact.DELETE, { method: "DELETE", path: `/api/v1/contacts/${id}`, key: reader, params: { id } })).status).toBe(403);
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key: writer })).status).toBe(403);
    expect((await callApi(contact.GET, { path: `/api/v1/contacts/${id}`, key: writer, params: { id } })).status).toBe(403);
    expect((await callApi(contact.GET, { path: `/api/v1/contacts/${id}`, key: reader, params: { id } })).status).toBe(200);
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key: ordersOnly })).status).toBe(403);
    expect((await callApi(orders.GET, { path: "/api/v1/orders", key: ordersOnly })).status).toBe(200);
    expect((await callApi(products.GET, { path: "/api/v1/products", key: ordersOnly })).status).toBe(403);
    expect((await callApi(appointments.GET, { path: "/api/v1/appointments", key: ordersOnly })).status).toBe(403);
  });

  it("a key of workspace A gets 404 for every record id of workspace B on every endpoint, and never lists B's records", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const { key: keyA } = await keyFor(a);
    const { key: keyB } = await keyFor(b);
    for (const o of objects) {
      const made = await callApi(o.col.POST, { method: "POST", path: `/api/v1/${o.path}`, key: keyB, body: { external_id: "shared-ext", fields: o.fields() } });
      const id = (made.body as Written).data.id;
      const params = { id };
      for (const res of [
        await callApi(o.item.GET, { path: `/api/v1/${o.path}/${id}`, key: keyA, params }),
        await callApi(o.item.PATCH, { method: "PATCH", path: `/api/v1/${o.path}/${id}`, key: keyA, body: { fields: o.patch }, params }),
        await callApi(o.item.DELETE, { method: "DELETE", path: `/api/v1/${o.path}/${id}`, key: keyA, params }),
      ]) {
        expect(res.status, `${o.path} ${JSON.stringify(res.body)}`).toBe(404);
      }
      const list = await callApi(o.col.GET, { path: `/api/v1/${o.path}?external_id=shared-ext`, key: keyA });
      expect((list.body as { data: Rec[] }).data).toEqual([]);
      // the same external_id in A creates A's own record, never touches B's
      const mine = await callApi(o.col.POST, { method: "POST", path: `/api/v1/${o.path}`, key: keyA, body: { external_id: "shared-ext", fields: o.fields() } });
      expect(mine.status).toBe(201);
      expect((mine.body as Written).data.id).not.toBe(id);
      const still = await db.hubRecord.findUniqueOrThrow({ where: { id } });
      expect(still.version).toBe(1);
      expect(still.deletedAt).toBeNull();
    }
  });

  it("rate-limits per key with headers and Retry-After", async () => {
    const ws = await createTestWorkspace();
    const { key, id } = await keyFor(ws);
    const { key: other } = await keyFor(ws);
    const first = await callApi(contacts.GET, { path: "/api/v1/contacts", key });
    expect(first.headers.get("x-ratelimit-limit")).toBe(String(API_RATE_LIMIT.limit));
    expect(first.headers.get("x-ratelimit-remaining")).toBe(String(API_RATE_LIMIT.limit - 1));
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    await db.rateLimitBucket.update({ where: { key: apiRateLimitKey(id) }, data: { count: API_RATE_LIMIT.limit } });
    const limited = await callApi(contacts.GET, { path: "/api/v1/contacts", key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((limited.body as ErrorOut).error).toMatchObject({ code: "RATE_LIMITED" });
    expect((limited.body as ErrorOut).error.retry_after).toBeGreaterThan(0);
    expect((await callApi(contacts.GET, { path: "/api/v1/contacts", key: other })).status).toBe(200);
  });
});
