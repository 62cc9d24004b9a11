// The API key itself: "sbk_" + 40 base62-ish characters of randomness (32 bytes, base64url). Only its
// sha256 is stored; the first 12 characters (prefix) are kept to tell keys apart.
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "sbk_";
const VISIBLE = API_KEY_PREFIX.length + 8;

export function newApiKeyToken(): { token: string; prefix: string; hash: string } {
  const token = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, VISIBLE), hash: hashApiKey(token) };
}

export function hashApiKey(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX) && token.length > VISIBLE && token.length <= 200 && /^[A-Za-z0-9_-]+$/.test(token);
}
