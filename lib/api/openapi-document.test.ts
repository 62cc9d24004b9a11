import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi-document";
import { GET } from "@/app/api/v1/openapi.json/route";

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document according to an independent validator", async () => {
    const doc = structuredClone(openApiDocument()) as unknown as Parameters<typeof validate>[0];
    const result = await validate(doc);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("describes every /api/v1 endpoint with its request schema", async () => {
    const res = GET();
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    for (const o of ["contacts", "orders", "products", "appointments"]) {
      expect(Object.keys(doc.paths[`/${o}`] ?? {}).sort()).toEqual(["get", "post"]);
      expect(Object.keys(doc.paths[`/${o}/{id}`] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
      expect(doc.paths[`/${o}`]?.post?.requestBody).toBeDefined();
    }
    expect(doc.paths["/contacts/import"]?.post).toBeDefined();
    expect(doc.paths["/contacts/export"]?.get).toBeDefined();
    expect(doc.paths["/connections"]?.get).toBeDefined();
    expect(doc.components.schemas).toHaveProperty("Contact");
    expect(doc.components.schemas).toHaveProperty("ContactFields");
    expect(doc.components.schemas).toHaveProperty("Error");
    // the contact fields come from the hub's definition (the same one the write path validates with)
    expect(JSON.stringify(doc.components.schemas.ContactFields)).toContain("leadStatus");
  });
});
