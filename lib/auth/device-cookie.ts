// "Known device" cookies (OWASP's device-cookie defence against account lockout). After a successful
// sign-in the browser gets a signed token bound to the account's e-mail; sign-in attempts that carry it
// are counted per device instead of in the account's shared bucket, so an attacker failing from anywhere
// else cannot lock the owner out of a browser they have used before.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/env";
import { constantTimeEqual } from "@/lib/crypto/constant-time-equal";

export const DEVICE_COOKIE = "sb-device";
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

const emailTag = (email: string) => createHash("sha256").update(email).digest("base64url").slice(0, 22);
const mac = (body: string) => createHmac("sha256", authSecret()).update(`device-cookie:${body}`).digest("base64url");

export function mintDeviceToken(email: string, deviceId = randomBytes(16).toString("base64url")): string {
  const body = `v1.${deviceId}.${emailTag(email)}`;
  return `${body}.${mac(body)}`;
}

/** The device id when the token is genuine and was issued for this (normalised) e-mail, else null. */
export function verifyDeviceToken(token: string | null | undefined, email: string): string | null {
  if (!token || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return null;
  const [, deviceId, tag, signature] = parts as [string, string, string, string];
  const body = `v1.${deviceId}.${tag}`;
  if (!constantTimeEqual(signature, mac(body))) return null;
  return tag === emailTag(email) ? deviceId : null;
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
