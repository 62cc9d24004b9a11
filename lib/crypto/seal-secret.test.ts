import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptAesGcm, encryptAesGcm, VaultError } from "@/lib/crypto/aes-gcm";
import { openWithKey, sealWithKey, type SealScope } from "@/lib/crypto/seal-secret";
import { unwrapDataKey, wrapDataKey } from "@/lib/crypto/wrap-data-key";

const key = randomBytes(32);
const scope: SealScope = { workspaceId: "ws_a", ownerId: "conn_1", purpose: "credentials" };
const secret = { apiKey: "sk_live_very_secret_value" };

describe("sealing secrets", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = sealWithKey(key, scope, secret);
    expect(sealed.startsWith("sb1.")).toBe(true);
    expect(sealed).not.toContain("very_secret");
    expect(Buffer.from(sealed.slice(4), "base64").toString("latin1")).not.toContain("very_secret");
    expect(openWithKey(key, scope, sealed)).toEqual(secret);
  });

  it("uses a fresh nonce every time", () => {
    expect(sealWithKey(key, scope, secret)).not.toBe(sealWithKey(key, scope, secret));
  });

  it.each([
    ["another workspace", { ...scope, workspaceId: "ws_b" }],
    ["another connection", { ...scope, ownerId: "conn_2" }],
    ["another purpose", { ...scope, purpose: "webhook_secret" as const }],
  ])("refuses a blob moved to %s (wrong associated data)", (_label, other) => {
    const sealed = sealWithKey(key, scope, secret);
    expect(() => openWithKey(key, other, sealed)).toThrow(VaultError);
  });

  it("refuses a tampered ciphertext, nonce or tag", () => {
    const sealed = sealWithKey(key, scope, secret);
    const raw = Buffer.from(sealed.slice(4), "base64");
    for (const index of [0, 14, raw.length - 1]) {
      const copy = Buffer.from(raw);
      copy[index] = copy[index]! ^ 0x01;
      expect(() => openWithKey(key, scope, `sb1.${copy.toString("base64")}`)).toThrow(VaultError);
    }
    expect(() => openWithKey(key, scope, `sb1.${raw.subarray(0, 20).toString("base64")}`)).toThrow(VaultError);
  });

  it("refuses the wrong key and an unknown format", () => {
    const sealed = sealWithKey(key, scope, secret);
    expect(() => openWithKey(randomBytes(32), scope, sealed)).toThrow(VaultError);
    expect(() => openWithKey(key, scope, "plain-text")).toThrow(/format/);
  });

  it("error messages say nothing about the content", () => {
    let caught: unknown;
    try {
      decryptAesGcm(key, encryptAesGcm(key, Buffer.from("hunter2"), "a"), "b");
    } catch (err) {
      caught = err;
    }
    // Outside the catch, so a decrypt that wrongly succeeds fails the test instead of being swallowed.
    expect(caught).toBeInstanceOf(VaultError);
    expect(String(caught)).not.toContain("hunter2");
    expect(JSON.stringify(caught, Object.getOwnPropertyNames(caught))).not.toContain("hunter2");
  });
});

describe("wrapping data keys", () => {
  it("unwraps only for the same workspace and master key", () => {
    const master = randomBytes(32);
    const dataKey = randomBytes(32);
    const wrapped = wrapDataKey(master, dataKey, "ws_a");
    expect(unwrapDataKey(master, wrapped, "ws_a").equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(master, wrapped, "ws_b")).toThrow(VaultError);
    expect(() => unwrapDataKey(randomBytes(32), wrapped, "ws_a")).toThrow(VaultError);
  });
});
