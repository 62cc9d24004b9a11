import { describe, expect, it } from "vitest";
import { applyTransforms } from "@/lib/integrations/field-mapping";
import { fieldsToHubspotProperties, hubspotContactsMapping, hubspotPropertyToField, hubspotToRaw, newHubspotProperty } from "@/lib/integrations/hubspot/map";

const rule = (providerField: string) => {
  const r = hubspotContactsMapping.rules.find((x) => x.providerField === providerField);
  if (!r) throw new Error(`no rule for ${providerField}`);
  return r;
};

describe("HubSpot map", () => {
  it("reads a contact as a raw record: every property, '' as null, lastmodifieddate as the clock", () => {
    const r = hubspotToRaw({
      id: "501",
      properties: { email: "ann@acme.example", firstname: "Ann", phone: "", favorite_product: "Widgets", lastmodifieddate: "2026-01-02T03:04:05.678Z" },
      updatedAt: "2026-01-02T03:04:05.999Z",
    });
    expect(r).toEqual({
      externalId: "501",
      remoteUpdatedAt: "2026-01-02T03:04:05.678Z",
      fields: { email: "ann@acme.example", firstname: "Ann", phone: null, favorite_product: "Widgets", lastmodifieddate: "2026-01-02T03:04:05.678Z" },
    });
  });

  it("writes every value as HubSpot's string: null clears, lists join with ';', e-mail lower-cased", () => {
    expect(fieldsToHubspotProperties({ email: " Ann@Acme.Example ", firstname: null, n: 3, optin: true, colours: ["red", "blue"] })).toEqual({
      email: "ann@acme.example",
      firstname: "",
      n: "3",
      optin: "true",
      colours: "red;blue",
    });
  });

  it("describes properties: types, read-only, options, custom", () => {
    const f = hubspotPropertyToField({
      name: "lifecyclestage", label: "Lifecycle Stage", type: "enumeration", fieldType: "radio", hubspotDefined: true,
      options: [{ label: "Lead", value: "lead" }, { label: "Hidden", value: "x", hidden: true }],
      modificationMetadata: { readOnlyValue: false },
    });
    expect(f).toEqual({ key: "lifecyclestage", label: "Lifecycle Stage", type: "enum", required: false, readOnly: false, options: [{ value: "lead", label: "Lead" }], custom: false });
    expect(hubspotPropertyToField({ name: "favorite_product", label: "Fav", type: "string", fieldType: "text", options: [] })).toMatchObject({ type: "string", custom: true });
    expect(hubspotPropertyToField({ name: "hs_analytics_source", label: "Source", type: "enumeration", fieldType: "select", options: [], hubspotDefined: true, modificationMetadata: { readOnlyValue: true } }).readOnly).toBe(true);
    expect(newHubspotProperty({ key: "Favourite Colour", label: "Favourite colour", type: "enum", options: [{ value: "red", label: "Red" }] })).toMatchObject({
      name: "favourite_colour", type: "enumeration", fieldType: "select", groupName: "contactinformation",
    });
  });

  it("default mapping: lead status <-> lifecycle stage both ways", () => {
    const t = rule("lifecyclestage").transforms;
    expect(applyTransforms(t, "won", "push")).toBe("customer");
    expect(applyTransforms(t, "in_progress", "push")).toBe("marketingqualifiedlead");
    expect(applyTransforms(t, "opportunity", "pull")).toBe("qualified");
    expect(applyTransforms(t, "evangelist", "pull")).toBe("won");
    expect(applyTransforms(t, "unknown-stage", "pull")).toBeNull();
  });

  it("default mapping: consent is the negated opt-out string, pull only", () => {
    const r = rule("hs_email_optout");
    expect(r.direction).toBe("pull");
    expect(applyTransforms(r.transforms, "true", "pull")).toBe(false);
    expect(applyTransforms(r.transforms, "false", "pull")).toBe(true);
    expect(applyTransforms(r.transforms, true, "push")).toBe("false");
  });

  it("default mapping covers the standard table and maps custom properties", () => {
    expect(hubspotContactsMapping.rules.map((r) => r.hubField).sort()).toEqual(["company", "email", "firstName", "lastName", "leadStatus", "owner", "phone", "source", "subscribed"]);
    expect(hubspotContactsMapping.customFields).toEqual({ direction: "both", conflictPolicy: "last_writer_wins" });
    expect(applyTransforms(rule("email").transforms, " Ann@Acme.Example ", "push")).toBe("ann@acme.example");
  });
});
