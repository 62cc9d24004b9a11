// Password reset by e-mail. Asking never says whether the address has an account; the link works once,
// for an hour; setting the new password ends every session of the account and clears its sign-in
// limits, and proves the address (the person read mail sent to it).
import { z } from "zod";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { issueAuthToken, spendAuthToken } from "@/lib/auth/auth-tokens";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { normaliseEmail, signInKeys } from "@/lib/auth/sign-in-attempt";
import { revokeAllSessions } from "@/lib/auth/user-sessions";
import { simpleMail } from "@/lib/mail/mail-message";
import { sendMail } from "@/lib/mail/send-mail";
import { consumeRateLimit, resetRateLimit } from "@/lib/rate-limit/consume";

/** Per address and per client IP, so the form cannot be used to flood someone's inbox. */
export const RESET_REQUEST_LIMITS = { perEmail: { limit: 3, windowMs: 60 * 60_000 }, perIp: { limit: 20, windowMs: 60 * 60_000 } };

export const resetRequestSchema = z.object({ email: z.string().trim().max(254).pipe(z.email("Enter a valid e-mail address, like you@company.com")) });

export async function requestPasswordReset(input: { email: string; ip: string | null }): Promise<void> {
  const email = normaliseEmail(input.email);
  if (input.ip) {
    const r = await consumeRateLimit(`reset:ip:${input.ip}`, RESET_REQUEST_LIMITS.perIp.limit, RESET_REQUEST_LIMITS.perIp.windowMs);
    if (!r.allowed) throw new AppError("RATE_LIMITED", "Too many reset requests from your network. Try again later.");
  }
  const perEmail = await consumeRateLimit(`reset:email:${email}`, RESET_REQUEST_LIMITS.perEmail.limit, RESET_REQUEST_LIMITS.perEmail.windowMs);
  // Over the per-address limit the answer stays the same as for any address: nothing says whether it exists.
  if (!perEmail.allowed) return;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (!user) return;
  const token = await issueAuthToken(user.id, user.email, "reset_password");
  await sendMail(
    simpleMail({
      to: user.email,
      subject: "Reset your Switchboard password",
      paragraphs: [`Hello ${user.name},`, "Someone (hopefully you) asked to reset the password of your Switchboard account. The link below works once, for one hour."],
      action: { label: "Choose a new password", url: `${appUrl()}/reset-password/${token}` },
      footer: "If you did not ask for this, ignore this mail: your password stays as it is.",
    }),
  );
}

export async function resetPassword(token: string, newPassword: string, now = new Date()): Promise<{ email: string }> {
  const parsed = passwordSchema.safeParse(newPassword);
  if (!parsed.success) throw new AppError("WEAK_PASSWORD", parsed.error.issues[0]!.message, { fields: { password: parsed.error.issues[0]!.message } });
  const passwordHash = await hashPassword(newPassword);
  const email = await db.$transaction(async (tx) => {
    const spent = await spendAuthToken(tx, token, "reset_password", now);
    if (!spent) throw new AppError("NOT_FOUND", "This reset link is no longer valid. Ask for a new one.");
    const user = await tx.user.findUniqueOrThrow({ where: { id: spent.userId }, select: { email: true, name: true } });
    if (user.email !== spent.email) throw new AppError("NOT_FOUND", "This reset link was sent to an address the account no longer uses.");
    const weak = weakPasswordReason(newPassword, [user.email, user.name]);
    if (weak) throw new AppError("WEAK_PASSWORD", weak, { fields: { password: weak } });
    await tx.user.update({ where: { id: spent.userId }, data: { passwordHash, emailVerifiedAt: now } });
    return user.email;
  });
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  await revokeAllSessions(user.id, { now });
  await resetRateLimit(signInKeys.email(email));
  return { email };
}
