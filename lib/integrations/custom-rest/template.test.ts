import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { exampleTemplate } from "./example-template";
import { assertCustomRestTemplate, parseCustomRestTemplate } from "./template";

const base = exampleTemplate("https://crm.example.com/api/v1/");

describe("custom REST template", () => {
  it("accepts the example template and fills defaults", () => {
    const r = parseCustomRestTemplate(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template.baseUrl).toBe("https://crm.example.com/api/v1");
    expect(r.template.endpoints.update.method).toBe("PATCH");
    expect(r.template.webhook?.signature.algorithm).toBe("sha256");
  });

  it("fills pagination defaults per style", () => {
    const t = assertCustomRestTemplate({ ...base, pagination: { style: "page" } });
    expect(t.pagination).toEqual({ style: "page", pageParam: "page", sizeParam: "per_page", pageSize: 100, firstPage: 1 });
  });

  it.each([
    [{ baseUrl: "ftp://crm.example.com" }, "baseUrl"],
    [{ baseUrl: "https://crm.example.com/api?key=1" }, "baseUrl: The base URL cannot carry a query"],
    // z.url lets these through but `new URL` throws: a field error, not a 500
    [{ baseUrl: "http://" }, "baseUrl: The base URL is not a valid address"],
    [{ baseUrl: "http://crm example.com" }, "baseUrl: The base URL is not a valid address"],
    [{ auth: { kind: "api_key_header" } }, "auth.header"],
    [{ auth: { kind: "oauth" } }, "auth.kind"],
    [{ endpoints: { ...base.endpoints, get: { method: "GET", path: "/contacts" } } }, 'endpoints.get.path: this endpoint path must contain "{id}"'],
    [{ endpoints: { ...base.endpoints, create: { path: "contacts" } } }, "endpoints.create.path"],
    [{ pagination: { style: "cursor" } }, "pagination.nextCursorPath"],
    [{ pagination: { style: "scroll" } }, "pagination.style"],
    [{ fields: { firstName: "first_name" } }, "fields.email: fields.email is required"],
    [{ fields: { email: "contact..email" } }, "fields.email: a field path is dot-separated"],
    [{ updatedAtField: undefined }, "updatedAtField: updatedAtField is required when modifiedSince is set"],
    [{ leadStatusMap: { x: "warm" } }, "leadStatusMap.x"],
    [{ webhook: { signature: { header: "X-Sig", algorithm: "md5" } } }, "webhook.signature.algorithm"],
    [{ webhook: { signature: { header: "X-Sig", signedPayload: "{timestamp}" } } }, "signedPayload must contain {body}"],
  ])("names the bad field: %j", (patch, message) => {
    const r = parseCustomRestTemplate({ ...base, ...patch });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join("\n")).toContain(message);
  });

  it("throws CONFIG_SCHEMA_INVALID with the list of errors", () => {
    try {
      assertCustomRestTemplate({ name: "x" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("CONFIG_SCHEMA_INVALID");
      expect((e as AppError).details?.errors).toEqual(expect.arrayContaining([expect.stringContaining("baseUrl")]));
    }
  });
});
