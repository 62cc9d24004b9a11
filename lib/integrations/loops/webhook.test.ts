import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { parseLoopsEvents, verifyLoopsWebhook } from "./webhook";

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

  it("accepts a delivery signed by hand per Loops' documented scheme (not by the library it verifies with)", () => {
    const secret = "whsec_" + Buffer.from("an independent thirty-two byte key").toString("base64");
    const id = "msg_hand_signed";
    const timestamp = 1_734_425_918;
    const body = JSON.stringify({ eventName: "contact.created", eventTime: timestamp });
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const signature = `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
    const hand = { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature };
    expect(codeOf(hand, { now: timestamp * 1000, rawBody: body, secret })).toBeNull();
    // the HMAC over anything else than "id.timestamp.body" does not verify
    const wrong = `v1,${createHmac("sha256", key).update(body).digest("base64")}`;
    expect(codeOf({ ...hand, "webhook-signature": wrong }, { now: timestamp * 1000, rawBody: body, secret })).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
  });
});

describe("verifyLoopsWebhook against the standardwebhooks package", () => {
  it("accepts what the package signs, for secrets with and without the whsec_ prefix and of several lengths", () => {
    for (const raw of ["k", "sixteen byte key", "a thirty-two byte key for tests!!", "x".repeat(64)]) {
      for (const secret of [`whsec_${Buffer.from(raw).toString("base64")}`, Buffer.from(raw).toString("base64")]) {
        const id = `msg_${raw.length}`;
        const t = 1_734_425_918;
        const body = JSON.stringify({ eventName: "contact.created", n: raw.length, text: "é ✓" });
        const signature = new Webhook(secret).sign(id, new Date(t * 1000), body);
        const headers = { "webhook-id": id, "webhook-timestamp": String(t), "webhook-signature": signature };
        expect(codeOf(headers, { now: t * 1000, rawBody: body, secret })).toBeNull();
        expect(codeOf(headers, { now: t * 1000, rawBody: body + " ", secret })).toBe("WEBHOOK_SIGNATURE_INVALID");
      }
    }
  });

  it("refuses a secret that is not base64, as the package does, without echoing it", () => {
    const headers = { "webhook-id": vector.id, "webhook-timestamp": String(vector.timestamp), "webhook-signature": vector.signature };
    for (const secret of ["whsec_not base64!", "whsec_", "whsec_abc"]) {
      expect(() => new Webhook(secret).sign("m", new Date(), "x")).toThrow();
      const result = verifyLoopsWebhook({
        headers: new Headers(headers),
        rawBody: vector.body,
        now: new Date(vector.timestamp * 1000),
        credentials: { webhookSigningSecret: secret },
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toBe("The Loops signing secret of this connection is not a valid whsec_ secret.");
    }
  });
});

describe("parseLoopsEvents", () => {
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
  const parse = (payload: unknown, id = "msg_1") => parseLoopsEvents(JSON.stringify(payload), new Headers({ "webhook-id": id }));

  it("maps contact.created to a change with the whole record and the webhook id", () => {
    const [change] = parse(created);
    expect(change).toMatchObject({
      providerEventId: "msg_1",
      object: "contacts",
      action: "created",
      externalId: "cm4itta800003ow9hhekzk94o",
      occurredAt: "2024-12-17T08:58:38.000Z",
      record: {
        externalId: "cm4itta800003ow9hhekzk94o",
        fields: {
          email: "test+5@loops.so",
          subscribed: true,
          mailingLists: ["cm4ittp2k000l12j3lgrzvlxt"],
          favoriteColor: "blue",
          favoriteNumber: 42,
        },
      },
    });
    expect(change?.fields).toEqual(change?.record?.fields);
  });

  it("maps unsubscribes, deletes, resubscribes and list changes from contactIdentity", () => {
    const base = { eventTime: 1734425918, contactIdentity: created.contactIdentity };
    expect(parse({ ...base, eventName: "contact.unsubscribed" })[0]).toMatchObject({
      action: "updated",
      fields: { subscribed: false, email: "test+5@loops.so" },
    });
    expect(parse({ ...base, eventName: "contact.deleted" })[0]).toMatchObject({ action: "deleted" });
    expect(parse({ ...base, eventName: "contact.deleted" })[0]?.fields).toBeUndefined();
    expect(parse({ ...base, eventName: "email.resubscribed", email: { id: "e1" } })[0]).toMatchObject({
      action: "updated",
      fields: { subscribed: true },
    });
    const list = parse({ ...base, eventName: "contact.mailingList.subscribed", mailingList: { id: "l1" } })[0];
    expect(list).toMatchObject({ action: "updated", externalId: "cm4itta800003ow9hhekzk94o" });
    expect(list?.fields).toBeUndefined();
  });

  it("ignores sends, opens and the test event", () => {
    expect(parse({ eventName: "email.opened", eventTime: 1, contactIdentity: created.contactIdentity })).toEqual([]);
    expect(parse({ eventName: "testing.testEvent", eventTime: 1 })).toEqual([]);
  });

  it("rejects bodies that are not Loops events", () => {
    expect(() => parseLoopsEvents("nope")).toThrow(AppError);
    expect(() => parse({ eventName: "contact.created" })).toThrow(AppError);
  });
});
