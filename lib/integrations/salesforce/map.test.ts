import { describe, expect, it } from "vitest";
import { applyTransforms } from "@/lib/integrations/field-mapping";
import {
  fieldsToSalesforce,
  NOT_PROVIDED,
  salesforceContactMapping,
  salesforceDateToIso,
  salesforceFieldToDescription,
  salesforceLeadMapping,
  salesforceToRaw,
  soqlDateTime,
} from "@/lib/integrations/salesforce/map";

const rule = (providerField: string) => {
  const r = salesforceLeadMapping.rules.find((x) => x.providerField === providerField);
  if (!r) throw new Error(`no rule for ${providerField}`);
  return r;
};

describe("Salesforce map", () => {
  it("reads an sObject as a raw record: every field but attributes, SystemModstamp as the clock", () => {
    const r = salesforceToRaw({ attributes: { type: "Lead" }, Id: "00Q1", FirstName: "Ann", HasOptedOutOfEmail: true, Score__c: 7, SystemModstamp: "2024-06-01T12:00:00.000+0000" });
    expect(r).toEqual({
      externalId: "00Q1",
      remoteUpdatedAt: "2024-06-01T12:00:00.000Z",
      fields: { Id: "00Q1", FirstName: "Ann", HasOptedOutOfEmail: true, Score__c: 7, SystemModstamp: "2024-06-01T12:00:00.000+0000" },
    });
  });

  it("writes without system fields, '' as null, e-mail lower-cased", () => {
    expect(fieldsToSalesforce({ Id: "x", SystemModstamp: "y", Email: " A@B.example ", Phone: "", Tier__c: "gold" })).toEqual({ Email: "a@b.example", Phone: null, Tier__c: "gold" });
  });

  it("describes fields: required, read-only, picklists, custom", () => {
    const base = { nillable: true, createable: true, updateable: true, defaultedOnCreate: false, custom: false, picklistValues: [] };
    expect(salesforceFieldToDescription({ ...base, name: "LastName", label: "Last Name", type: "string", nillable: false })).toMatchObject({ required: true, readOnly: false, type: "string" });
    expect(salesforceFieldToDescription({ ...base, name: "SystemModstamp", label: "System Modstamp", type: "datetime", nillable: false, createable: false, updateable: false })).toMatchObject({ required: false, readOnly: true });
    expect(
      salesforceFieldToDescription({ ...base, name: "Status", label: "Status", type: "picklist", nillable: false, defaultedOnCreate: true, picklistValues: [{ value: "Open - Not Contacted", label: "Open - Not Contacted", active: true }, { value: "Old", label: "Old", active: false }] }),
    ).toEqual({ key: "Status", label: "Status", type: "enum", required: false, readOnly: false, options: [{ value: "Open - Not Contacted", label: "Open - Not Contacted" }], custom: false });
    expect(salesforceFieldToDescription({ ...base, name: "Tier__c", label: "Tier", type: "string", custom: true }).custom).toBe(true);
  });

  it("default mapping: lead status value map both ways, placeholders for required fields", () => {
    const status = rule("Status").transforms;
    expect(applyTransforms(status, "new", "push")).toBe("Open - Not Contacted");
    expect(applyTransforms(status, "in_progress", "push")).toBe("Working - Contacted");
    expect(applyTransforms(status, "qualified", "push")).toBe("Qualified");
    expect(applyTransforms(status, "won", "push")).toBe("Closed - Converted");
    expect(applyTransforms(status, "Working - Contacted", "pull")).toBe("in_progress");
    expect(applyTransforms(status, "Closed - Converted", "pull")).toBe("won");
    expect(applyTransforms(rule("Company").transforms, null, "push")).toBe(NOT_PROVIDED);
    expect(applyTransforms(rule("Company").transforms, NOT_PROVIDED, "pull")).toBeNull();
    expect(applyTransforms(rule("HasOptedOutOfEmail").transforms, true, "pull")).toBe(false);
  });

  it("Contact has no Company or Status rule", () => {
    expect(salesforceContactMapping.rules.map((r) => r.providerField)).not.toContain("Company");
    expect(salesforceContactMapping.rules.map((r) => r.providerField)).not.toContain("Status");
  });

  it("converts dates both ways", () => {
    expect(salesforceDateToIso("2024-06-01T12:00:00.000-0300")).toBe("2024-06-01T15:00:00.000Z");
    expect(salesforceDateToIso("garbage")).toBeNull();
    expect(soqlDateTime("2024-06-01T12:00:00.123Z")).toBe("2024-06-01T12:00:00Z");
  });
});
