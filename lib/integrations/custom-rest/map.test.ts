import { describe, expect, it } from "vitest";
import { applyTransforms } from "@/lib/integrations/field-mapping";
import { requiredMethods } from "@/lib/integrations/object-contract";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";
import { customRestFieldDescriptions, customRestMapping, customRestObjects, customRestToRaw, fieldsToCustomRest, toIso } from "@/lib/integrations/custom-rest/map";
import { assertCustomRestTemplate, type CustomRestTemplateInput } from "@/lib/integrations/custom-rest/template";

const example = exampleTemplate("https://crm.example.com/api");
const template = assertCustomRestTemplate(example);
const variant = (patch: Partial<CustomRestTemplateInput>) => assertCustomRestTemplate({ ...example, ...patch });

describe("Custom REST map", () => {
  it("reads times given as ISO, unix seconds or milliseconds", () => {
    expect(toIso("2024-06-01T12:00:00+02:00")).toBe("2024-06-01T10:00:00.000Z");
    expect(toIso(1717243200)).toBe("2024-06-01T12:00:00.000Z");
    expect(toIso("1717243200000")).toBe("2024-06-01T12:00:00.000Z");
    expect(toIso("")).toBeNull();
  });

  it("reads a record as dot paths (nested objects flattened, arrays kept), the template's paths included", () => {
    const r = customRestToRaw(variant({ fields: { ...example.fields, phone: "phones.0" } }), {
      id: 17, email: "Ann@Example.com", company: { name: "Acme" }, tags: ["vip"], phones: ["+1 415"], custom: { plan: "Pro" }, updated_at: "2024-06-01T11:59:00Z",
    });
    expect(r).toEqual({
      externalId: "17",
      remoteUpdatedAt: "2024-06-01T11:59:00.000Z",
      fields: expect.objectContaining({ id: 17, email: "Ann@Example.com", "company.name": "Acme", tags: ["vip"], phones: ["+1 415"], "phones.0": "+1 415", "custom.plan": "Pro" }),
    });
    expect(() => customRestToRaw(template, { email: "x" })).toThrow(/no id/);
  });

  it("writes each key at its path, wrapped under requestBodyPath; id and updated-at are not written", () => {
    expect(fieldsToCustomRest(template, { id: 1, updated_at: "x", "company.name": "Acme", "custom.plan": "Pro", email: "a@b.co" })).toEqual({ company: { name: "Acme" }, custom: { plan: "Pro" }, email: "a@b.co" });
    expect(fieldsToCustomRest(variant({ requestBodyPath: "contact" }), { first_name: "A" })).toEqual({ contact: { first_name: "A" } });
  });

  it("default mapping from the template's paths, lead statuses through its map both ways", () => {
    const mapping = customRestMapping(template);
    expect(mapping.rules.map((r) => [r.hubField, r.providerField])).toEqual(expect.arrayContaining([["firstName", "first_name"], ["company", "company.name"], ["leadStatus", "status"]]));
    const status = mapping.rules.find((r) => r.hubField === "leadStatus")!;
    expect(applyTransforms(status.transforms, "customer", "pull")).toBe("won");
    expect(applyTransforms(status.transforms, "won", "push")).toBe("customer");
    expect(mapping.customFields).toBeDefined();
    expect(customRestMapping(variant({ fields: { email: "email" } })).customFields).toBeUndefined();
  });

  it("describes the template's fields and the paths a sample shows; custom-field paths are custom", () => {
    const sample = customRestToRaw(template, { id: 1, email: "a@b.co", custom: { plan: "Pro", seats: 3 }, extra: true });
    const fields = customRestFieldDescriptions(template, [sample]);
    expect(fields.find((f) => f.key === "email")).toMatchObject({ type: "email", required: true, custom: false });
    expect(fields.find((f) => f.key === "id")).toMatchObject({ readOnly: true });
    expect(fields.find((f) => f.key === "custom.seats")).toMatchObject({ label: "seats", type: "number", custom: true });
    expect(fields.find((f) => f.key === "extra")).toMatchObject({ type: "boolean", custom: false });
    expect(new Set(fields.map((f) => f.key)).size).toBe(fields.length);
  });

  it("capabilities follow the template: delete only with a delete endpoint, listChanged only with modified-since", () => {
    const full = customRestObjects(template)[0]!.capabilities;
    expect(requiredMethods(full).sort()).toEqual(["create", "delete", "describeFields", "get", "listAll", "listChanged", "update", "upsert"]);
    expect(full.listChanged).toEqual({ maxPageSize: 50, deletions: "webhook" });
    const { delete: _drop, ...endpoints } = template.endpoints;
    const bare = customRestObjects(variant({ endpoints, modifiedSince: undefined, webhook: undefined }))[0]!;
    expect(requiredMethods(bare.capabilities).sort()).toEqual(["create", "describeFields", "get", "listAll", "update", "upsert"]);
    expect(bare.limitations).toEqual(expect.arrayContaining([expect.stringMatching(/no delete endpoint/), expect.stringMatching(/no modified-since/)]));
  });
});
