import { describe, expect, it } from "vitest";
import { hubToSalesforceFields, NOT_PROVIDED, salesforceDateToIso, salesforceToRemote, soqlDateTime } from "@/lib/integrations/salesforce/map";

describe("Salesforce map", () => {
  it("reads a Lead", () => {
    const r = salesforceToRemote(
      { attributes: { type: "Lead" }, Id: "00Q1", FirstName: "Ann", LastName: "Lee", Email: "Ann@Acme.example", Phone: null, MobilePhone: "+1555", Company: "Acme", Status: "Working - Contacted", OwnerId: "005x", LeadSource: "Web", HasOptedOutOfEmail: true, Score__c: 7, SystemModstamp: "2024-06-01T12:00:00.000+0000" },
      "Lead",
    );
    expect(r).toMatchObject({
      externalId: "00Q1",
      remoteUpdatedAt: "2024-06-01T12:00:00.000Z",
      fields: { firstName: "Ann", lastName: "Lee", email: "ann@acme.example", phone: "+1555", company: "Acme", leadStatus: "in_progress", owner: "005x", source: "Web", subscribed: false, customFields: { Score__c: 7 } },
    });
  });

  it("reads a Contact's company from the Account relationship and hides placeholders", () => {
    const r = salesforceToRemote({ Id: "003", LastName: NOT_PROVIDED, Account: { Name: "Globex" }, SystemModstamp: null }, "Contact");
    expect(r.fields).toMatchObject({ lastName: null, company: "Globex" });
  });

  it("writes fields with placeholders for required ones on create only", () => {
    expect(hubToSalesforceFields({ email: "A@B.example", leadStatus: "won", subscribed: true, customFields: { Tier__c: "gold", ignored: "x" } }, "Lead", "create")).toEqual({
      Email: "a@b.example", Status: "Closed - Converted", HasOptedOutOfEmail: false, Tier__c: "gold", LastName: NOT_PROVIDED, Company: NOT_PROVIDED,
    });
    expect(hubToSalesforceFields({ company: "X", phone: null }, "Contact", "update")).toEqual({ Phone: null });
  });

  it("converts dates both ways", () => {
    expect(salesforceDateToIso("2024-06-01T12:00:00.000-0300")).toBe("2024-06-01T15:00:00.000Z");
    expect(salesforceDateToIso("garbage")).toBeNull();
    expect(soqlDateTime("2024-06-01T12:00:00.123Z")).toBe("2024-06-01T12:00:00Z");
  });
});
