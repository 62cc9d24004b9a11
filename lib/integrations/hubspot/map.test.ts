import { describe, expect, it } from "vitest";
import { hubspotToRemote, hubToHubspotProperties, hubspotPropertiesToHub } from "@/lib/integrations/hubspot/map";

describe("HubSpot map", () => {
  it("reads a HubSpot contact into a remote contact", () => {
    const r = hubspotToRemote({
      id: "501",
      properties: {
        email: "Ann.Lee@Acme.example", firstname: "Ann", lastname: "Lee", phone: "", mobilephone: "+14155550123",
        company: "Acme", hs_lead_status: "OPEN_DEAL", lifecyclestage: "lead", hubspot_owner_id: "51234567",
        hs_email_optout: "true", hs_analytics_source: "DIRECT_TRAFFIC", favorite_product: "Widgets",
        lastmodifieddate: "2026-01-02T03:04:05.678Z", createdate: "2025-01-01T00:00:00.000Z", hs_object_id: "501",
      },
      updatedAt: "2026-01-02T03:04:05.999Z",
    });
    expect(r).toMatchObject({
      externalId: "501",
      remoteUpdatedAt: "2026-01-02T03:04:05.678Z",
      fields: {
        email: "ann.lee@acme.example", firstName: "Ann", lastName: "Lee", phone: "+14155550123", company: "Acme",
        leadStatus: "qualified", owner: "51234567", subscribed: false, source: "DIRECT_TRAFFIC", customFields: { favorite_product: "Widgets" },
      },
    });
  });

  it("maps lead statuses both ways, customer lifecycle as won", () => {
    expect(hubspotPropertiesToHub({ hs_lead_status: "ATTEMPTED_TO_CONTACT" }).leadStatus).toBe("in_progress");
    expect(hubspotPropertiesToHub({ hs_lead_status: "", lifecyclestage: "customer" }).leadStatus).toBe("won");
    expect(hubToHubspotProperties({ leadStatus: "won" })).toEqual({ lifecyclestage: "customer" });
    expect(hubToHubspotProperties({ leadStatus: "unqualified" })).toEqual({ hs_lead_status: "UNQUALIFIED" });
    expect(hubToHubspotProperties({ leadStatus: null })).toEqual({ hs_lead_status: "" });
  });

  it("writes only present fields, clears nulls, stringifies custom fields, never writes read-only ones", () => {
    expect(
      hubToHubspotProperties({ email: "X@Y.example", firstName: "X", lastName: null, subscribed: true, source: "web", customFields: { score: 5, vip: true, note: null } }),
    ).toEqual({ email: "x@y.example", firstname: "X", lastname: "", score: "5", vip: "true", note: "" });
  });
});
