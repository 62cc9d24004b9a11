import { describe, expect, it } from "vitest";
import { parseOutboundMessage, parseSalesforceNotifications, salesforceWebhook, verifySalesforceWebhook } from "@/lib/integrations/salesforce/webhook";
import type { WebhookVerifyInput } from "@/lib/integrations/types";

// Shape per Salesforce's outbound messaging WSDL (namespace http://soap.sforce.com/2005/09/outbound).
const BODY = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>00D000000000062EAA</OrganizationId>
   <ActionId>04k000000000001AAA</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/62.0/00D000000000062</EnterpriseUrl>
   <PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/62.0/00D000000000062</PartnerUrl>
   <Notification>
    <Id>04l000000000001AAA</Id>
    <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>00Q000000000001AAA</sf:Id>
     <sf:Company>Smith &amp; Sons</sf:Company>
     <sf:Email>ann@smith.example</sf:Email>
     <sf:HasOptedOutOfEmail>false</sf:HasOptedOutOfEmail>
     <sf:LastName>Smith</sf:LastName>
     <sf:Phone xsi:nil="true"/>
     <sf:Status>Open - Not Contacted</sf:Status>
     <sf:SystemModstamp>2024-06-01T12:00:00.000Z</sf:SystemModstamp>
    </sObject>
   </Notification>
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;

const input = (o: Partial<WebhookVerifyInput> = {}): WebhookVerifyInput => ({
  method: "POST", url: "https://hub.example/api/webhooks/salesforce/c1?secret=s3cr3t-value", headers: new Headers({ "content-type": "text/xml" }),
  rawBody: BODY, now: new Date(), environment: "live", connectionSecret: "s3cr3t-value", appSecret: null, config: {}, credentials: {},
  metadata: { id: "https://login.salesforce.com/id/00D000000000062EAA/005000000000001AAA" }, ...o,
});

describe("Salesforce outbound messages", () => {
  it("parses notifications", () => {
    const m = parseOutboundMessage(BODY);
    expect(m.organizationId).toBe("00D000000000062EAA");
    expect(m.notifications).toEqual([
      { notificationId: "04l000000000001AAA", objectType: "Lead", fields: expect.objectContaining({ Id: "00Q000000000001AAA", Company: "Smith & Sons", Phone: null }) },
    ]);
    expect(parseSalesforceNotifications(BODY)).toEqual([
      expect.objectContaining({
        providerEventId: "04l000000000001AAA", object: "Lead", action: "updated", externalId: "00Q000000000001AAA", occurredAt: "2024-06-01T12:00:00.000Z",
        fields: expect.objectContaining({ Email: "ann@smith.example", Company: "Smith & Sons", Status: "Open - Not Contacted", HasOptedOutOfEmail: false, Phone: null }),
      }),
    ]);
  });

  it("verifies the URL secret and the org id (15-char prefix)", () => {
    expect(verifySalesforceWebhook(input())).toEqual({ ok: true });
    expect(verifySalesforceWebhook(input({ metadata: { organization_id: "00D000000000062" } }))).toEqual({ ok: true });
    for (const bad of [
      input({ url: "https://hub.example/api/webhooks/salesforce/c1?secret=wrong" }),
      input({ url: "https://hub.example/api/webhooks/salesforce/c1" }),
      input({ connectionSecret: null }),
      input({ metadata: { organization_id: "00D999999999999" } }),
    ]) {
      const r = verifySalesforceWebhook(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
    // the right URL secret but no outbound message: malformed (422), not a forgery
    const malformed = verifySalesforceWebhook(input({ rawBody: "<xml/>" }));
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expect(malformed.error.code).toBe("VALIDATION_FAILED");
  });

  it("acknowledges with a SOAP Ack and rejects non-outbound bodies", () => {
    expect(salesforceWebhook.acknowledge?.().body).toContain("<Ack>true</Ack>");
    expect(() => parseSalesforceNotifications("<foo/>")).toThrowError(expect.objectContaining({ code: "VALIDATION_FAILED" }));
  });
});
