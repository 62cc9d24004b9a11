// E-mail verification: a link sent to the address; following it marks the address verified, as long as
// the account still has that address. Invitations are accepted only by verified addresses.
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { issueAuthToken, spendAuthToken } from "@/lib/auth/auth-tokens";
import { sendMail, type MailDelivery } from "@/lib/mail/send-mail";
import { simpleMail } from "@/lib/mail/mail-message";
import { consumeRateLimit } from "@/lib/rate-limit/consume";

/** At most this many verification mails per user per hour (the button can be pressed repeatedly). */
const SEND_LIMIT = { limit: 5, windowMs: 60 * 60_000 };

export async function sendVerificationMail(userId: string): Promise<MailDelivery | null> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, emailVerifiedAt: true } });
  if (user.emailVerifiedAt) return null;
  const r = await consumeRateLimit(`mail:verify:${userId}`, SEND_LIMIT.limit, SEND_LIMIT.windowMs);
  if (!r.allowed) throw new AppError("RATE_LIMITED", `Too many verification mails. Try again in ${Math.ceil(r.retryAfterSeconds / 60)} minutes.`);
  const token = await issueAuthToken(userId, user.email, "verify_email");
  return sendMail(
    simpleMail({
      to: user.email,
      subject: "Verify your e-mail address for Switchboard",
      paragraphs: [`Hello ${user.name},`, `Confirm that ${user.email} is your address by opening the link below. It works once, for 24 hours.`],
      action: { label: "Verify my e-mail address", url: `${appUrl()}/verify-email/${token}` },
      footer: "If you did not create a Switchboard account, ignore this mail.",
    }),
  );
}

export async function verifyEmail(token: string, now = new Date()): Promise<{ email: string }> {
  return db.$transaction(async (tx) => {
    const spent = await spendAuthToken(tx, token, "verify_email", now);
    if (!spent) throw new AppError("NOT_FOUND", "This verification link is no longer valid. Send a new one from your account page.");
    // Only the address the link was sent to is verified: an account that changed its address since gets nothing.
    const res = await tx.user.updateMany({ where: { id: spent.userId, email: spent.email }, data: { emailVerifiedAt: now } });
    if (res.count !== 1) throw new AppError("NOT_FOUND", "This verification link was sent to an address the account no longer uses.");
    return { email: spent.email };
  });
}
