import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { exampleTemplate } from "./example-template";
import { assertCustomRestTemplate, type CustomRestTemplateInput } from "./template";
import { parseCustomRestEvents as parseCustomRestWebhook, signCustomRestPayload, verifyCustomRestWebhook } from "./webhook";

const secret = "whk_test_secret";
const example = exampleTemplate("https://crm.example.com/api");
const template = assertCustomRestTemplate(example);
const now = Date.UTC(2024, 5, 1, 12, 0, 0);
const ts = String(now / 1000);
const body = JSON.stringify({
  id: "evt_1",
  event: "contact.updated",
  data: { id: 17, email: "ann@example.com", first_name: "Ann", updated_at: "2024-06-01T11:59:00Z" },
});

const request = (headers: Record<string, string>, rawBody = body) => ({
  rawBody,
  headers: new Headers(headers),
});

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? "UNKNOWN";
  }
}

function withSignature(patch: Partial<NonNullable<CustomRestTemplateInput["webhook"]>["signature"]>) {
  return assertCustomRestTemplate({
    ...example,
    webhook: { ...example.webhook!, signature: { ...example.webhook!.signature, ...patch } },
  });
}

describe("verifyCustomRestWebhook", () => {
  it("accepts a hand-computed sha256 hex signature over timestamp.body", () => {
    const sig = "sha256=" + createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
    expect(codeOf(() => verifyCustomRestWebhook(template, request({ "X-Signature": sig, "X-Timestamp": ts }), secret, now))).toBeNull();
    // hex is case-insensitive
    expect(
      codeOf(() => verifyCustomRestWebhook(template, request({ "X-Signature": sig.toUpperCase().replace("SHA256=", "sha256="), "X-Timestamp": ts }), secret, now)),
    ).toBeNull();
  });

  it.each([
    ["sha1", "hex"],
    ["sha512", "base64"],
    ["sha256", "base64"],
  ] as const)("supports %s/%s over the raw body without a timestamp", (algorithm, encoding) => {
    const t = withSignature({ algorithm, encoding, prefix: "", timestampHeader: undefined, signedPayload: "{body}" });
    const sig = createHmac(algorithm, secret).update(body).digest(encoding);
    expect(codeOf(() => verifyCustomRestWebhook(t, request({ "X-Signature": sig }), secret, now))).toBeNull();
    expect(codeOf(() => verifyCustomRestWebhook(t, request({ "X-Signature": sig }, body + " "), secret, now))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
  });

  it("rejects wrong secrets, missing headers and stale timestamps", () => {
    const good = signCustomRestPayload(template.webhook!.signature, secret, body, ts);
    expect(codeOf(() => verifyCustomRestWebhook(template, request({ "X-Signature": good, "X-Timestamp": ts }), "other", now))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
    expect(codeOf(() => verifyCustomRestWebhook(template, request({ "X-Timestamp": ts }), secret, now))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf(() => verifyCustomRestWebhook(template, request({ "X-Signature": good }), secret, now))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf(() => verifyCustomRestWebhook(template, request({ "X-Signature": good, "X-Timestamp": ts }), secret, now + 301_000))).toBe(
      "WEBHOOK_TIMESTAMP_EXPIRED",
    );
    // a signature made for another timestamp does not pass with this one
    expect(codeOf(() => verifyCustomRestWebhook(template, request({ "X-Signature": good, "X-Timestamp": String(Number(ts) + 1) }), secret, now))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
  });

  it("accepts millisecond timestamps", () => {
    const ms = String(now);
    const sig = signCustomRestPayload(template.webhook!.signature, secret, body, ms);
    expect(codeOf(() => verifyCustomRestWebhook(template, request({ "X-Signature": sig, "X-Timestamp": ms }), secret, now))).toBeNull();
  });
});

describe("parseCustomRestEvents", () => {
  it("maps an update with fields and the payload's event id", () => {
    expect(parseCustomRestWebhook(template, body)).toEqual([
      expect.objectContaining({
        providerEventId: "evt_1",
        object: "contacts",
        action: "updated",
        externalId: "17",
        occurredAt: "2024-06-01T11:59:00.000Z",
        fields: expect.objectContaining({ email: "ann@example.com", first_name: "Ann" }),
        record: expect.objectContaining({ externalId: "17", remoteUpdatedAt: "2024-06-01T11:59:00.000Z" }),
      }),
    ]);
  });
  it("maps deletes without fields, ignores unknown types, rejects bad bodies", () => {
    const del = parseCustomRestWebhook(template, JSON.stringify({ id: "e2", event: "contact.deleted", data: { id: 17 } }));
    expect(del[0]).toMatchObject({ action: "deleted", externalId: "17" });
    expect(del[0]?.fields).toBeUndefined();
    expect(parseCustomRestWebhook(template, JSON.stringify({ event: "deal.won", data: { id: 1 } }))).toEqual([]);
    expect(() => parseCustomRestWebhook(template, "{")).toThrow();
    expect(() => parseCustomRestWebhook(template, JSON.stringify({ event: "contact.updated", data: {} }))).toThrow(/no record/);
  });
});
