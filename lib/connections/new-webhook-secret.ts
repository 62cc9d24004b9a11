// A per-connection webhook secret Switchboard generates (URL secret, basic-auth password, HMAC key).
import { randomBytes } from "node:crypto";

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
