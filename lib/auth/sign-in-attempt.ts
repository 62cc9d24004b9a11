// Checks e-mail + password for the credentials provider. Failed attempts are rate-limited per e-mail and
// per client IP; a successful sign-in clears the per-e-mail counter.
import { db } from "@/lib/db/client";
import { dummyHash, verifyPassword } from "@/lib/auth/password";
import { consumeRateLimit, isRateLimited, resetRateLimit } from "@/lib/rate-limit/consume";

export const SIGN_IN_LIMITS = {
  perEmail: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 30, windowMs: 15 * 60_000 },
};

export type SignInOutcome =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "rate_limited" };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function attemptSignIn(input: { email: string; password: string; ip: string | null }): Promise<SignInOutcome> {
  const email = normaliseEmail(input.email);
  const emailKey = `signin:email:${email}`;
  const ipKey = input.ip ? `signin:ip:${input.ip}` : null;
  if (
    (await isRateLimited(emailKey, SIGN_IN_LIMITS.perEmail.limit)) ||
    (ipKey && (await isRateLimited(ipKey, SIGN_IN_LIMITS.perIp.limit)))
  ) {
    return { ok: false, reason: "rate_limited" };
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!user || !valid) {
    await consumeRateLimit(emailKey, SIGN_IN_LIMITS.perEmail.limit, SIGN_IN_LIMITS.perEmail.windowMs);
    if (ipKey) await consumeRateLimit(ipKey, SIGN_IN_LIMITS.perIp.limit, SIGN_IN_LIMITS.perIp.windowMs);
    return { ok: false, reason: "invalid" };
  }
  await resetRateLimit(emailKey);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
