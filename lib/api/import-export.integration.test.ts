import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestWorkspace, uniqueSuffix } from "@/lib/testing/factories";
import { createApiKey } from "@/lib/api/api-keys";
import { callApi, type ApiCall } from "@/lib/api/api-test-request";
import * as importRoute from "@/app/api/v1/contacts/import/route";
import * as exportRoute from "@/app/api/v1/contacts/export/route";
import * as contacts from "@/app/api/v1/contacts/route";

type ImportOut = { summary: Record<string, number>; results: { index: number; external_id: string | null; result: string; id: string | null; errors?: { field: string; reason: string }[] }[] };

async function setup(scopes: ("contacts:read" | "contacts:write")[] = ["contacts:read", "contacts:write"]) {
  const ws = await createTestWorkspace();
  const { key } = await createApiKey(ws, { name: "io", scopes });
  return { ws, key };
}

describe("contacts import", () => {
  it("imports the leads shape with per-item results; one bad item never rejects the batch; a re-import is unchanged", async () => {
    const { ws, key } = await setup();
    const s = uniqueSuffix();
    const body = {
      source: "agent-portal",
      leads: [
        { external_id: `L1-${s}`, first_name: "Ann", last_name: "Lee", email: `ann.${s}@example.test`, phone: "+14155550101", custom_fields: { plan: "gold", age: 41 } },
        { external_id: `L2-${s}`, first_name: "Bob", email: "not-an-email" },
        { external_id: 12345, first_name: "Cid" },
        "garbage",
      ],
    };
    const first = await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key, body });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const out = first.body as ImportOut;
    expect(out.summary).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 2 });
    expect(out.results.map((r) => r.result)).toEqual(["created", "rejected", "created", "rejected"]);
    expect(out.results[1]?.errors).toEqual([{ field: "email", reason: expect.stringMatching(/e-mail/i) as unknown as string }]);
    expect(out.results[2]?.external_id).toBe("12345");
    const ann = await db.hubRecord.findUniqueOrThrow({ where: { id: out.results[0]!.id! } });
    expect(ann.data).toMatchObject({ firstName: "Ann", lastName: "Lee", source: "agent-portal", "customFields.plan": "gold", "customFields.age": 41 });

    const again = await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key, body });
    expect((again.body as ImportOut).summary).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 2 });
    const changed = await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key, body: { items: [{ external_id: `L1-${s}`, fields: { company: "Acme" } }, { fields: {} }] } });
    expect((changed.body as ImportOut).results.map((r) => r.result)).toEqual(["updated", "rejected"]);
    expect(await db.hubRecord.count({ where: { workspaceId: ws.workspace.id } })).toBe(2);
  });

  it("refuses more than 1,000 items, an empty batch and a key without contacts:write", async () => {
    const { key } = await setup();
    const tooMany = await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key, body: { items: Array.from({ length: 1001 }, () => ({ fields: { firstName: "x" } })) } });
    expect(tooMany.status).toBe(422);
    expect((await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key, body: { leads: [] } })).status).toBe(422);
    const { key: reader } = await setup(["contacts:read"]);
    expect((await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key: reader, body: { leads: [{ first_name: "x" }] } })).status).toBe(403);
  });
});

describe("contacts export", () => {
  it("streams json, ndjson and csv with filters and cursor pages, only the key's workspace", async () => {
    const { ws, key } = await setup();
    const other = await setup();
    await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key: other.key, body: { leads: [{ first_name: "Other" }] } });
    const leads = Array.from({ length: 7 }, (_, i) => ({ external_id: `E${i}`, first_name: `N${i}`, last_name: i === 3 ? 'Quote "and", comma' : "Plain", source: i % 2 === 0 ? "web" : "fair" }));
    await callApi(importRoute.POST, { method: "POST", path: "/api/v1/contacts/import", key, body: { leads } });
    const qualified = (await db.hubRecord.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, title: "N0 Plain" } })).id;
    await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { external_id: "E0", fields: { leadStatus: "qualified" } } });

    const json = await callApi(exportRoute.GET, { path: "/api/v1/contacts/export", key });
    expect(json.headers.get("content-type")).toContain("application/json");
    const all = json.body as { data: { id: string; external_id: string; fields: Record<string, unknown> }[]; next_cursor: string | null };
    expect(all.data).toHaveLength(7);
    expect(all.next_cursor).toBeNull();
    expect(all.data.at(-1)?.id).toBe(qualified); // ordered by last change

    const web = await callApi(exportRoute.GET, { path: "/api/v1/contacts/export?format=ndjson&source=web", key });
    const lines = (web.body as string).trim().split("\n").map((l) => JSON.parse(l) as { external_id: string });
    expect(lines.map((l) => l.external_id).sort()).toEqual(["E0", "E2", "E4", "E6"]);
    const status = await callApi(exportRoute.GET, { path: "/api/v1/contacts/export?format=ndjson&status=qualified", key });
    expect((status.body as string).trim().split("\n")).toHaveLength(1);

    const csv = await callApi(exportRoute.GET, { path: "/api/v1/contacts/export?format=csv", key });
    const rows = (csv.body as string).trim().split("\r\n");
    expect(rows[0]).toMatch(/^id,external_id,version,created_at,updated_at,firstName,lastName,/);
    expect(rows).toHaveLength(8);
    expect(csv.body as string).toContain('"Quote ""and"", comma"');

    // pages of 3 by cursor; the next link is known before the body
    const seen: string[] = [];
    let path: string | null = "/api/v1/contacts/export?format=ndjson&limit=3";
    for (let guard = 0; path && guard < 5; guard++) {
      const page: ApiCall = await callApi(exportRoute.GET, { path, key });
      seen.push(...(page.body as string).trim().split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id));
      const cursor: string | null = page.headers.get("x-next-cursor");
      path = cursor ? `/api/v1/contacts/export?format=ndjson&limit=3&cursor=${encodeURIComponent(cursor)}` : null;
    }
    expect(seen).toEqual(all.data.map((r) => r.id));
    const jsonPage = await callApi(exportRoute.GET, { path: "/api/v1/contacts/export?limit=5", key });
    expect((jsonPage.body as { data: unknown[]; next_cursor: string | null }).data).toHaveLength(5);
    expect((jsonPage.body as { next_cursor: string | null }).next_cursor).toBe(jsonPage.headers.get("x-next-cursor"));
    expect((await callApi(exportRoute.GET, { path: "/api/v1/contacts/export?format=xml", key })).status).toBe(422);
  });
});
