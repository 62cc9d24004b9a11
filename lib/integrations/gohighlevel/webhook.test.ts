import { createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import {
  GHL_ED25519_PUBLIC_KEY_PEM,
  GHL_RSA_PUBLIC_KEY_PEM,
  gohighlevelWebhook,
  parseGhlWebhook,
  verifyGhlWebhook,
} from "@/lib/integrations/gohighlevel/webhook";

const ed = generateKeyPairSync("ed25519");
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const keys = { ed25519PublicKey: ed.publicKey, rsaPublicKey: rsa.publicKey };

// verbatim ContactCreate example from GHL's docs, plus the anti-replay fields
const contactCreate = {
  type: "ContactCreate",
  locationId: "ve9EPM428h8vShlRW1KT",
  id: "nmFmQEsNgz6AVpgLVUJ0",
  address1: "3535 1st St N",
  city: "ruDolomitebika",
  state: "AL",
  companyName: "Loram ipsum",
  country: "DE",
  source: "xyz form",
  dateAdded: "2021-11-26T12:41:02.193Z",
  dateOfBirth: "2000-01-05T00:00:00.000Z",
  dnd: true,
  email: "JohnDeo@gmail.comm",
  name: "John Deo",
  firstName: "John",
  lastName: "Deo",
  phone: "+919509597501",
  postalCode: "452001",
  tags: ["id magna sed Lorem", "Duis dolor commodo aliqua"],
  website: "https://www.google.com/",
  attachments: [],
  assignedTo: "nmFmQEsNgz6AVpgLVUJ0",
  customFields: [{ id: "BcdmQEsNgz6AVpgLVUJ0", value: "XYZ Corp" }],
  timestamp: "2025-01-28T14:35:00Z",
  webhookId: "abc123xyz",
};
const now = new Date("2025-01-28T14:36:00Z");
const raw = JSON.stringify(contactCreate);
const edSig = sign(null, Buffer.from(raw), ed.privateKey).toString("base64");
const rsaSig = sign("sha256", Buffer.from(raw), rsa.privateKey).toString("base64");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : "not-an-app-error";
  }
  return undefined;
}

describe("GHL published keys", () => {
  it("parse as an Ed25519 key and a 4096-bit RSA key", () => {
    const edKey = createPublicKey(GHL_ED25519_PUBLIC_KEY_PEM);
    expect(edKey.asymmetricKeyType).toBe("ed25519");
    const rsaKey = createPublicKey(GHL_RSA_PUBLIC_KEY_PEM);
    expect(rsaKey.asymmetricKeyType).toBe("rsa");
    expect(rsaKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it("are the defaults: a body signed by any other key fails against them", () => {
    expect(codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: { "X-GHL-Signature": edSig }, now }))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
    expect(codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: { "x-wh-signature": rsaSig }, now }))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
  });
});

describe("verifyGhlWebhook", () => {
  it("accepts an Ed25519 X-GHL-Signature over the raw bytes", () => {
    const result = verifyGhlWebhook({ rawBody: raw, headers: new Headers({ "X-GHL-Signature": edSig }), keys, now });
    expect(result.scheme).toBe("ed25519");
    expect(result.payload.type).toBe("ContactCreate");
  });

  it("accepts the legacy RSA-SHA256 x-wh-signature", () => {
    const result = verifyGhlWebhook({ rawBody: Buffer.from(raw), headers: { "x-wh-signature": rsaSig }, keys, now });
    expect(result.scheme).toBe("rsa-sha256");
  });

  it("prefers Ed25519 when both headers are present and does not fall back on failure", () => {
    expect(verifyGhlWebhook({ rawBody: raw, headers: { "x-ghl-signature": edSig, "x-wh-signature": "bad" }, keys, now }).scheme).toBe(
      "ed25519",
    );
    expect(
      codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: { "x-ghl-signature": rsaSig, "x-wh-signature": rsaSig }, keys, now })),
    ).toBe("WEBHOOK_SIGNATURE_INVALID");
  });

  it("rejects a body changed by one byte, a re-serialised body, garbage and a missing header", () => {
    const tampered = raw.replace("John", "Jahn");
    expect(codeOf(() => verifyGhlWebhook({ rawBody: tampered, headers: { "x-ghl-signature": edSig }, keys, now }))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
    const pretty = JSON.stringify(contactCreate, null, 2);
    expect(codeOf(() => verifyGhlWebhook({ rawBody: pretty, headers: { "x-ghl-signature": edSig }, keys, now }))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
    expect(codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: { "x-ghl-signature": "%%%" }, keys, now }))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
    expect(codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: { "x-wh-signature": "AAAA" }, keys, now }))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
    expect(codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: {}, keys, now }))).toBe("WEBHOOK_SIGNATURE_INVALID");
  });

  it("rejects a timestamp outside the 5-minute window, both ways", () => {
    expect(codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: { "x-ghl-signature": edSig }, keys, now: new Date("2025-01-28T14:41:01Z") }))).toBe(
      "WEBHOOK_TIMESTAMP_EXPIRED",
    );
    expect(codeOf(() => verifyGhlWebhook({ rawBody: raw, headers: { "x-ghl-signature": edSig }, keys, now: new Date("2025-01-28T14:29:00Z") }))).toBe(
      "WEBHOOK_TIMESTAMP_EXPIRED",
    );
  });

  it("accepts a PEM string key as well as a KeyObject", () => {
    const pem = ed.publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(verifyGhlWebhook({ rawBody: raw, headers: { "x-ghl-signature": edSig }, keys: { ed25519PublicKey: pem }, now }).scheme).toBe(
      "ed25519",
    );
  });
});

describe("parseGhlWebhook", () => {
  it("turns ContactCreate into a created contacts change keyed by webhookId, with the whole record", () => {
    const [change, ...rest] = parseGhlWebhook({ ...contactCreate, appId: "66b1c0ffee5a1d0012345678" });
    expect(rest).toHaveLength(0);
    expect(change).toMatchObject({
      providerEventId: "abc123xyz",
      object: "contacts",
      action: "created",
      externalId: "nmFmQEsNgz6AVpgLVUJ0",
      occurredAt: "2025-01-28T14:35:00Z",
      fields: {
        firstName: "John",
        email: "JohnDeo@gmail.comm",
        companyName: "Loram ipsum",
        assignedTo: "nmFmQEsNgz6AVpgLVUJ0",
        dnd: true,
        locationId: "ve9EPM428h8vShlRW1KT",
        BcdmQEsNgz6AVpgLVUJ0: "XYZ Corp",
      },
      record: { externalId: "nmFmQEsNgz6AVpgLVUJ0", remoteUpdatedAt: "2021-11-26T12:41:02.193Z" },
    });
    // envelope keys are not contact fields
    for (const k of ["type", "webhookId", "timestamp", "appId", "customFields"]) expect(change?.fields).not.toHaveProperty(k);
  });

  it("ContactDelete carries no fields; DND and tag updates are updates with the record", () => {
    const [del] = parseGhlWebhook({ type: "ContactDelete", id: "c1", locationId: "l1", webhookId: "w1" });
    expect(del).toMatchObject({ object: "contacts", action: "deleted", externalId: "c1" });
    expect(del).not.toHaveProperty("fields");
    expect(parseGhlWebhook({ type: "ContactDndUpdate", id: "c1", dnd: true, webhookId: "w2" })[0]).toMatchObject({ action: "updated", fields: { dnd: true } });
    expect(parseGhlWebhook({ type: "ContactTagUpdate", id: "c1", tags: ["a"], webhookId: "w4" })[0]?.fields).toEqual({ tags: ["a"] });
  });

  it("derives a stable id from the payload when webhookId is missing", () => {
    const payload = { type: "ContactUpdate", id: "c1", email: "a@example.com" };
    const a = parseGhlWebhook(payload)[0]?.providerEventId;
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parseGhlWebhook({ ...payload })[0]?.providerEventId).toBe(a);
    expect(parseGhlWebhook({ ...payload, email: "b@example.com" })[0]?.providerEventId).not.toBe(a);
  });

  it("maps AppointmentCreate, and OpportunityStatusUpdate also to the contact's opportunityStatus", () => {
    const [appt] = parseGhlWebhook({
      type: "AppointmentCreate",
      locationId: "0007BWpSzSwfiuSl0tR2",
      appointment: { id: "ap1", calendarId: "cal", contactId: "c1", appointmentStatus: "confirmed", startTime: "2023-09-25T16:00:00+05:30", dateUpdated: "2023-09-25T10:00:00Z" },
    });
    expect(appt).toMatchObject({ object: "appointments", action: "created", externalId: "ap1", occurredAt: "2023-09-25T10:00:00.000Z", fields: { calendarId: "cal", appointmentStatus: "confirmed" } });
    const [opp] = parseGhlWebhook({
      type: "OpportunityStatusUpdate",
      locationId: "l",
      id: "o1",
      assignedTo: "u",
      contactId: "c1",
      monetaryValue: 40,
      name: "Deal",
      pipelineId: "p",
      pipelineStageId: "e93ba61a-1",
      source: "s",
      status: "won",
      dateAdded: "2021-11-26T12:41:02.193Z",
    });
    expect(opp).toMatchObject({ object: "opportunities", action: "updated", externalId: "o1", fields: { status: "won", monetaryValue: 40, pipelineStageId: "e93ba61a-1" } });
    const changes = parseGhlWebhook({ type: "OpportunityStatusUpdate", id: "o1", contactId: "c1", status: "lost", webhookId: "w9" });
    expect(changes.map((e) => [e.object, e.action, e.externalId, e.providerEventId, e.fields?.["status"] ?? e.fields?.["opportunityStatus"]])).toEqual([
      ["opportunities", "updated", "o1", "w9", "lost"],
      ["contacts", "updated", "c1", "w9:contact", "lost"],
    ]);
    expect(parseGhlWebhook({ type: "OpportunityStageUpdate", id: "o1", contactId: "c1", status: "open" })).toHaveLength(1);
    expect(parseGhlWebhook({ type: "OpportunityDelete", id: "o1", webhookId: "w10" })[0]).toEqual({ providerEventId: "w10", object: "opportunities", action: "deleted", externalId: "o1", occurredAt: null });
  });

  it("ignores event types Switchboard does not sync, and rejects a contact event without an id", () => {
    expect(parseGhlWebhook({ type: "INSTALL", appId: "a", locationId: "l" })).toEqual([]);
    expect(parseGhlWebhook({ type: "NoteCreate", id: "n" })).toEqual([]);
    expect(() => parseGhlWebhook({ type: "ContactCreate" })).toThrow(AppError);
  });

  it("routes app-level deliveries by location id", () => {
    expect(gohighlevelWebhook.routingKey!({ rawBody: raw, headers: new Headers() })).toBe("ve9EPM428h8vShlRW1KT");
    expect(gohighlevelWebhook.routingKey!({ rawBody: "{}", headers: new Headers() })).toBeNull();
    expect(gohighlevelWebhook.routingKey!({ rawBody: "not json", headers: new Headers() })).toBeNull();
  });

  it("parse (the handler) reads the raw body", async () => {
    const changes = await gohighlevelWebhook.parse({ rawBody: raw, headers: new Headers(), config: {}, metadata: {} });
    expect(changes.map((c) => [c.object, c.action])).toEqual([["contacts", "created"]]);
    await expect(gohighlevelWebhook.parse({ rawBody: "{", headers: new Headers(), config: {}, metadata: {} })).rejects.toThrow(AppError);
  });
});
