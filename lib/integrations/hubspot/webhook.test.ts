import { describe, expect, it } from "vitest";
import {
  hubspotSignatureV1,
  hubspotSignatureV2,
  hubspotSignatureV3,
  hubspotWebhook,
  parseHubspotEvents,
  verifyHubspotWebhook,
} from "@/lib/integrations/hubspot/webhook";
import type { WebhookVerifyInput } from "@/lib/integrations/types";

// Published / recomputed vectors from providers.md §2.5 (clientSecret yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy).
const SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const V1_BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const URI = "https://www.example.com/webhook_uri";
const POST_BODY = '{"example_field":"example_value"}';

describe("HubSpot signatures (test vectors)", () => {
  it("v1", () => {
    expect(hubspotSignatureV1(SECRET, V1_BODY)).toBe("232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de");
  });
  it("v2", () => {
    expect(hubspotSignatureV2(SECRET, "GET", URI, "")).toBe("eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e");
    expect(hubspotSignatureV2(SECRET, "POST", URI, POST_BODY)).toBe("9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900");
  });
  it("v3", () => {
    expect(hubspotSignatureV3({ clientSecret: SECRET, method: "POST", url: URI, body: POST_BODY, timestamp: "1700000000000" })).toBe(
      "rQEKkaNUiu+1qGF//O/pw4BCzstSqO1PyUnGICmf+7o=",
    );
  });
});

function input(overrides: Partial<WebhookVerifyInput> & { signature?: string; timestamp?: string } = {}): WebhookVerifyInput {
  const timestamp = overrides.timestamp ?? "1700000000000";
  const signature = overrides.signature ?? "rQEKkaNUiu+1qGF//O/pw4BCzstSqO1PyUnGICmf+7o=";
  return {
    method: "POST",
    url: URI,
    headers: new Headers({ "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": timestamp }),
    rawBody: POST_BODY,
    now: new Date(1_700_000_000_000 + 60_000),
    environment: "live",
    connectionSecret: null,
    appSecret: SECRET,
    config: {},
    credentials: {},
    metadata: {},
    ...overrides,
  };
}

describe("verifyHubspotWebhook", () => {
  it("accepts the vector within the 5-minute window", () => {
    expect(verifyHubspotWebhook(input())).toEqual({ ok: true });
  });

  it("rejects a stale timestamp", () => {
    const r = verifyHubspotWebhook(input({ now: new Date(1_700_000_000_000 + 300_001) }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("WEBHOOK_TIMESTAMP_EXPIRED");
  });

  it("rejects a tampered body, a wrong secret, a missing header", () => {
    for (const bad of [input({ rawBody: POST_BODY + " " }), input({ appSecret: "other" }), input({ headers: new Headers() }), input({ appSecret: null })]) {
      const r = verifyHubspotWebhook(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
  });

  it("decodes the escapes HubSpot decodes before signing", () => {
    const encoded = "https://www.example.com/webhook_uri%3Fa=b%40c";
    const sig = hubspotSignatureV3({ clientSecret: SECRET, method: "POST", url: "https://www.example.com/webhook_uri?a=b@c", body: POST_BODY, timestamp: "1700000000000" });
    expect(verifyHubspotWebhook(input({ url: encoded, signature: sig }))).toEqual({ ok: true });
  });
});

describe("parseHubspotEvents", () => {
  it("maps contact events to changes with stable ids, keeping the changed property as a raw field", () => {
    const body = JSON.stringify([
      { eventId: 1, subscriptionId: 10, portalId: 62515, occurredAt: 1564113600000, subscriptionType: "contact.creation", attemptNumber: 0, objectId: 123 },
      { eventId: 2, subscriptionId: 11, portalId: 62515, occurredAt: 1564113600001, subscriptionType: "contact.propertyChange", attemptNumber: 1, objectId: 123, propertyName: "firstname", propertyValue: "Ann" },
      { eventId: 3, subscriptionId: 12, portalId: 62515, occurredAt: 1564113600002, subscriptionType: "contact.deletion", objectId: 124 },
      { eventId: 4, subscriptionId: 13, portalId: 62515, occurredAt: 1564113600003, subscriptionType: "deal.creation", objectId: 9 },
      { eventId: 5, subscriptionId: 14, portalId: 62515, occurredAt: 1564113600004, subscriptionType: "contact.merge", objectId: 125, primaryObjectId: 125, mergedObjectIds: [125, 126] },
    ]);
    const events = parseHubspotEvents(body);
    expect(events).toHaveLength(5);
    expect(events[0]).toMatchObject({ providerEventId: "62515:10:1", object: "contacts", action: "created", externalId: "123", occurredAt: "2019-07-26T04:00:00.000Z" });
    expect(events[1]).toMatchObject({ action: "updated", fields: { firstname: "Ann" } });
    expect(events[2]).toMatchObject({ action: "deleted", externalId: "124" });
    expect(events[3]).toMatchObject({ action: "merged", externalId: "126", mergedIntoExternalId: "125" });
    expect(events[4]).toMatchObject({ action: "updated", externalId: "125" });
    expect(hubspotWebhook.routingKey?.({ rawBody: body, headers: new Headers() })).toBe("62515");
  });

  it("throws VALIDATION_FAILED on a malformed body", () => {
    expect(() => parseHubspotEvents("{nope")).toThrowError(expect.objectContaining({ code: "VALIDATION_FAILED" }));
    expect(() => parseHubspotEvents('{"a":1}')).toThrowError(expect.objectContaining({ code: "VALIDATION_FAILED" }));
  });
});
