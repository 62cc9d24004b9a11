import { describe, expect, it } from "vitest";
import { applyTransforms } from "@/lib/integrations/field-mapping";
import {
  acDateToIso,
  acFieldToDescription,
  acToRaw,
  activecampaignContactsMapping,
  fieldsToAcWrite,
  newAcField,
  perstagFor,
  type AcField,
} from "@/lib/integrations/activecampaign/map";

const defs: AcField[] = [
  { id: "1", title: "Plan", perstag: "PLAN", type: "dropdown" },
  { id: "2", title: "Interests", perstag: "INTERESTS", type: "checkbox" },
  { id: "3", title: "No tag", perstag: null, type: "text" },
];

const rule = (providerField: string) => {
  const r = activecampaignContactsMapping.rules.find((x) => x.providerField === providerField);
  if (!r) throw new Error(`no rule for ${providerField}`);
  return r;
};

describe("ActiveCampaign map", () => {
  it("reads AC's offset dates as UTC", () => {
    expect(acDateToIso("2024-06-01T12:00:00-05:00")).toBe("2024-06-01T17:00:00.000Z");
    expect(acDateToIso("")).toBeNull();
  });

  it("assembles a raw record: contact keys, tag names, consent status, custom fields by perstag or id", () => {
    const r = acToRaw({
      contact: { id: "42", email: "Ann@Example.com", firstName: "Ann", lastName: "", phone: "+1 415", orgname: "Acme", cdate: "2024-06-01T10:00:00-05:00", udate: "2024-06-01T12:00:00-05:00" },
      fieldDefs: defs,
      fieldValues: [{ field: "1", value: "Pro" }, { field: "2", value: "||red||blue||" }],
      tags: ["vip", "lead"],
      consentList: [{ list: "1", status: "2" }],
    });
    expect(r).toEqual({
      externalId: "42",
      remoteUpdatedAt: "2024-06-01T17:00:00.000Z",
      fields: {
        email: "ann@example.com", firstName: "Ann", lastName: null, phone: "+1 415", orgname: "Acme",
        cdate: "2024-06-01T15:00:00.000Z", udate: "2024-06-01T17:00:00.000Z",
        tags: ["lead", "vip"], listStatus: "2", PLAN: "Pro", INTERESTS: ["red", "blue"], "3": null,
      },
    });
    // without a consent list configured there is no listStatus key; without loaded tags no tags key
    expect(acToRaw({ contact: { id: "1" }, fieldDefs: [] }).fields).not.toHaveProperty("listStatus");
    expect(acToRaw({ contact: { id: "1" }, fieldDefs: [] }).fields).not.toHaveProperty("tags");
  });

  it("plans writes: contact keys, field values by perstag/id, multi-values as ||a||b||, tags, consent, unknown and read-only keys", () => {
    const plan = fieldsToAcWrite({ email: " Ann@Example.com ", firstName: null, plan: "Gold", INTERESTS: ["a", "b"], "3": 7, tags: ["vip"], listStatus: "1", orgname: "x", NOPE: 1 }, defs);
    expect(plan.body).toEqual({
      contact: { email: "ann@example.com", firstName: "", fieldValues: [{ field: "3", value: "7" }, { field: "1", value: "Gold" }, { field: "2", value: "||a||b||" }] },
    });
    expect(plan.tags).toEqual(["vip"]);
    expect(plan.listStatus).toBe("1");
    expect(plan.unknownKeys).toEqual(["NOPE"]);
    expect(plan.readOnlyKeys).toEqual(["orgname"]);
    expect(fieldsToAcWrite({ firstName: "A" }, defs)).toMatchObject({ tags: undefined, listStatus: undefined });
  });

  it("describes fields and builds a create-field body", () => {
    expect(acFieldToDescription(defs[0]!, [{ field: "1", label: "Pro plan", value: "Pro" }, { field: "9", label: "x", value: "x" }])).toEqual({
      key: "PLAN", label: "Plan", type: "enum", required: false, readOnly: false, options: [{ value: "Pro", label: "Pro plan" }], custom: true,
    });
    expect(acFieldToDescription(defs[2]!, []).key).toBe("3");
    expect(perstagFor("favourite colour")).toBe("FAVOURITE_COLOUR");
    expect(newAcField({ key: "fav", label: "Fav", type: "enum", options: [{ value: "r", label: "Red" }] })).toEqual({
      body: { field: { type: "dropdown", title: "Fav", descript: "", perstag: "FAV", isrequired: 0, visible: 1 } },
      options: [{ label: "Red", value: "r" }],
    });
    expect(newAcField({ key: "n", label: "N", type: "string" }).options).toEqual([]);
  });

  it("default mapping: consent is the consent list's status, both ways", () => {
    const t = rule("listStatus").transforms;
    expect(applyTransforms(t, true, "push")).toBe("1");
    expect(applyTransforms(t, false, "push")).toBe("2");
    expect(applyTransforms(t, "1", "pull")).toBe(true);
    expect(applyTransforms(t, "2", "pull")).toBe(false);
    expect(applyTransforms(t, null, "pull")).toBeNull();
  });

  it("default mapping covers the standard table AC has, tags and custom fields", () => {
    expect(activecampaignContactsMapping.rules.map((r) => r.hubField).sort()).toEqual(["company", "email", "firstName", "lastName", "phone", "subscribed", "tags"]);
    expect(rule("orgname").direction).toBe("pull");
    expect(activecampaignContactsMapping.customFields).toEqual({ direction: "both", conflictPolicy: "last_writer_wins" });
    expect(applyTransforms(rule("phone").transforms, "+1 (415) 555-2671", "push")).toBe("+14155552671");
  });
});
