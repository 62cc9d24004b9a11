// Request and response signatures exactly as Inngest computes them (Go httpdriver Sign; SDK
// helpers/net.ts): X-Inngest-Signature: t=<unix s>&s=<hex HMAC-SHA256(key, body + t)>, where the key is
// the signing key text with its "signkey-<env>-" prefix removed, used as UTF-8 (not hex-decoded).
import { createHmac, timingSafeEqual } from "node:crypto";

const MAX_SKEW_S = 5 * 60;

function rawKey(signingKey: string): string {
  return signingKey.replace(/^signkey-\w+-/, "");
}

export function signBody(body: string, signingKey: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const s = createHmac("sha256", rawKey(signingKey))
    .update(body + String(t))
    .digest("hex");
  return `t=${t}&s=${s}`;
}

/** True when `header` is a valid signature of `body` made within ±5 minutes of `nowMs`. */
export function verifySignature(body: string, header: string | null, signingKey: string, nowMs: number): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const t = params.get("t");
  const s = params.get("s");
  if (!t || !s || !/^\d+$/.test(t) || !/^[0-9a-f]+$/i.test(s)) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(t)) > MAX_SKEW_S) return false;
  const expected = createHmac("sha256", rawKey(signingKey))
    .update(body + t)
    .digest();
  const given = Buffer.from(s, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A key for the executor's HTTP Event API, derived from the signing key so no second secret is needed. */
export function deriveEventKey(signingKey: string): string {
  return createHmac("sha256", rawKey(signingKey)).update("switchboard-embedded-event-key").digest("hex");
}
