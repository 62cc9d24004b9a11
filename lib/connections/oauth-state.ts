// The OAuth `state` parameter: 32 random bytes sent to the provider; only its sha256 is stored.
import { createHash, randomBytes } from "node:crypto";

export const OAUTH_STATE_TTL_MS = 10 * 60_000;

export function newOAuthState(): string {
  return randomBytes(32).toString("base64url");
}

export function hashOAuthState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}
