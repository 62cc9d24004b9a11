// Checks e-mail + password for the credentials provider, under three limits that are CONSUMED before the
// password is verified (one atomic upsert each), so parallel attempts cannot all pass a check and then
// all try a password:
// - per client IP (from the trusted proxy hops, lib/auth/client-ip.ts): one address spraying accounts;
// - per account, for attempts from browsers this account never signed in from: slows a distributed
//   guesser to a handful of tries per window;
// - per known device (lib/auth/device-cookie.ts): the owner's own browsers have their own budget, so
//   the attacker exhausting the account bucket does not lock the owner out.
// A successful sign-in clears the bucket it used and gives its IP attempt back.
import { db } from "@/lib/db/client";
import { dummyHash, verifyPassword } from "@/lib/auth/password";
import { verifyDeviceToken } from "@/lib/auth/device-cookie";
import { consumeRateLimit, refundRateLimit, resetRateLimit } from "@/lib/rate-limit/consume";

export const SIGN_IN_LIMITS = {
  perIp: { limit: 30, windowMs: 15 * 60_000 },
  perEmail: { limit: 5, windowMs: 15 * 60_000 },
  perDevice: { limit: 10, windowMs: 15 * 60_000 },
};

export type SignInOutcome =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const signInKeys = {
  ip: (ip: string) => `signin:ip:${ip}`,
  email: (email: string) => `signin:email:${normaliseEmail(email)}`,
  device: (deviceId: string) => `signin:device:${deviceId}`,
};

export async function attemptSignIn(input: { email: string; password: string; ip: string | null; deviceToken?: string | null }): Promise<SignInOutcome> {
  const email = normaliseEmail(input.email);
  const ipKey = input.ip ? signInKeys.ip(input.ip) : null;
  if (ipKey) {
    const r = await consumeRateLimit(ipKey, SIGN_IN_LIMITS.perIp.limit, SIGN_IN_LIMITS.perIp.windowMs);
    if (!r.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: r.retryAfterSeconds };
  }
  const deviceId = verifyDeviceToken(input.deviceToken, email);
  const [accountKey, limit] = deviceId
    ? [signInKeys.device(deviceId), SIGN_IN_LIMITS.perDevice]
    : [signInKeys.email(email), SIGN_IN_LIMITS.perEmail];
  const r = await consumeRateLimit(accountKey, limit.limit, limit.windowMs);
  if (!r.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: r.retryAfterSeconds };

  const user = await db.user.findUnique({ where: { email } });
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  await resetRateLimit(accountKey);
  if (ipKey) await refundRateLimit(ipKey);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
