// Standard Webhooks signing (https://www.standardwebhooks.com): secret "whsec_<base64>", signature
// "v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>", several space-separated during a rotation.
import { createHmac, randomBytes } from "node:crypto";

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function signatureFor(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${msgId}.${timestampSeconds}.${body}`).digest("base64")}`;
}

export function signedHeaders(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": secrets.map((s) => signatureFor(s, msgId, timestampSeconds, body)).join(" "),
  };
}
