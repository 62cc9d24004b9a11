import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { parseLoopsWebhook, verifyLoopsWebhook } from "./webhook";

// Published Standard Webhooks test vector (providers.md §6.5)
const vector = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

function codeOf(headers: Record<string, string>, opts: { now: number; rawBody?: string; secret?: string }): string | null {
  const result = verifyLoopsWebhook({
    headers: new Headers(headers),
    rawBody: opts.rawBody ?? vector.body,
    now: new Date(opts.now),
    credentials: { webhookSigningSecret: opts.secret ?? vector.secret },
  });
  return result.ok ? null : result.error.code;
}

describe("verifyLoopsWebhook", () => {
  const headers = {
    "webhook-id": vector.id,
    "webhook-timestamp": String(vector.timestamp),
    "webhook-signature": vector.signature,
  };

  it("accepts the published test vector within the window", () => {
    expect(codeOf(headers, { now: vector.timestamp * 1000 + 60_000 })).toBeNull();
    expect(codeOf(headers, { now: vector.timestamp * 1000 - 60_000 })).toBeNull();
  });

  it("accepts when any of several space-separated signatures matches", () => {
    const multi = { ...headers, "webhook-signature": `v1,bm90IGl0 v2,abc ${vector.signature}` };
    expect(codeOf(multi, { now: vector.timestamp * 1000 })).toBeNull();
  });

  it("rejects the vector more than 5 minutes later", () => {
    expect(codeOf(headers, { now: vector.timestamp * 1000 + 6 * 60_000 })).toBe("WEBHOOK_TIMESTAMP_EXPIRED");
    expect(codeOf(headers, { now: vector.timestamp * 1000 - 6 * 60_000 })).toBe("WEBHOOK_TIMESTAMP_EXPIRED");
  });

  it("rejects a tampered body, a wrong secret and missing headers", () => {
    const now = vector.timestamp * 1000;
    expect(codeOf(headers, { now, rawBody: '{"test": 2432232315}' })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf(headers, { now, secret: "whsec_" + Buffer.from("other key").toString("base64") })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf({}, { now })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf(headers, { now, secret: "" })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf({ ...headers, "webhook-id": "msg_other" }, { now })).toBe("WEBHOOK_SIGNATURE_INVALID");
  });

  it("signs the vector exactly as published", () => {
    expect(new Webhook(vector.secret).sign(vector.id, new Date(vector.timestamp * 1000), vector.body)).toBe(vector.signature);
  });
});

describe("parseLoopsWebhook", () => {
  const created = {
    eventName: "contact.created",
    eventTime: 1734425918,
    webhookSchemaVersion: "1.0.0",
    contactIdentity: { id: "cm4itta800003ow9hhekzk94o", email: "test+5@loops.so", userId: null },
    contact: {
      id: "cm4itta800003ow9hhekzk94o",
      email: "test+5@loops.so",
      firstName: null,
      lastName: null,
      source: "API",
      subscribed: true,
      userGroup: "",
      userId: null,
      mailingLists: { cm4ittp2k000l12j3lgrzvlxt: true },
      optInStatus: "accepted",
      favoriteColor: "blue",
      favoriteNumber: 42,
    },
  };
  const parse = (payload: unknown, id = "msg_1") =>
    parseLoopsWebhook(JSON.stringify(payload), { headers: new Headers({ "webhook-id": id }) });

  it("maps contact.created with the contact's fields and the webhook id", () => {
    expect(parse(created)).toEqual([
      expect.objectContaining({
        providerEventId: "msg_1",
        object: "contact",
        action: "created",
        externalId: "cm4itta800003ow9hhekzk94o",
        occurredAt: "2024-12-17T08:58:38.000Z",
        fields: expect.objectContaining({
          email: "test+5@loops.so",
          subscribed: true,
          source: "API",
          customFields: { favoriteColor: "blue", favoriteNumber: 42 },
        }),
      }),
    ]);
  });

  it("maps unsubscribes, deletes and resubscribes from contactIdentity", () => {
    const base = { eventTime: 1734425918, contactIdentity: created.contactIdentity };
    expect(parse({ ...base, eventName: "contact.unsubscribed" })[0]).toMatchObject({
      action: "unsubscribed",
      fields: { subscribed: false, email: "test+5@loops.so" },
    });
    expect(parse({ ...base, eventName: "contact.deleted" })[0]).toMatchObject({ action: "deleted" });
    expect(parse({ ...base, eventName: "contact.deleted" })[0]?.fields).toBeUndefined();
    expect(parse({ ...base, eventName: "email.resubscribed", email: { id: "e1" } })[0]).toMatchObject({
      action: "subscribed",
      fields: { subscribed: true },
    });
  });

  it("ignores sends, opens and the test event", () => {
    expect(parse({ eventName: "email.opened", eventTime: 1, contactIdentity: created.contactIdentity })).toEqual([]);
    expect(parse({ eventName: "testing.testEvent", eventTime: 1 })).toEqual([]);
  });

  it("rejects bodies that are not Loops events", () => {
    expect(() => parseLoopsWebhook("nope")).toThrow(AppError);
    expect(() => parse({ eventName: "contact.created" })).toThrow(AppError);
  });
});
