import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { deriveEventKey, signBody, verifySignature } from "@/inngest/executor/signing";

describe("signing", () => {
  const key = "signkey-prod-12345678";
  const body = canonicalize({ b: 1, a: [1, 2] }) as string;

  it("signs like Inngest: HMAC-SHA256 over body + t with the prefix-less key as text", () => {
    const now = 1_800_000_000_123;
    const header = signBody(body, key, now);
    const expected = createHmac("sha256", "12345678").update(`${body}1800000000`).digest("hex");
    expect(header).toBe(`t=1800000000&s=${expected}`);
    expect(verifySignature(body, header, key, now + 60_000)).toBe(true);
  });

  it("rejects a tampered body, another key, a stale timestamp and junk", () => {
    const now = Date.now();
    const header = signBody(body, key, now);
    expect(verifySignature(body + " ", header, key, now)).toBe(false);
    expect(verifySignature(body, header, "signkey-prod-87654321", now)).toBe(false);
    expect(verifySignature(body, header, key, now + 6 * 60_000)).toBe(false);
    expect(verifySignature(body, null, key, now)).toBe(false);
    expect(verifySignature(body, "t=abc&s=zz", key, now)).toBe(false);
  });

  it("derives a stable event key that does not reveal the signing key", () => {
    expect(deriveEventKey(key)).toBe(deriveEventKey("signkey-test-12345678"));
    expect(deriveEventKey(key)).not.toContain("12345678");
    expect(deriveEventKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });
});
