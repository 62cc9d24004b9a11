// Creates a user and their first workspace (the user as owner) in one transaction, after the limits
// that would otherwise stop the sign-in right after it (so an account is never created and then refused),
// and sends the e-mail verification mail.
import { z } from "zod";
import { db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { normaliseEmail, SIGN_IN_LIMITS, signInKeys } from "@/lib/auth/sign-in-attempt";
import { sendVerificationMail } from "@/lib/auth/email-verification";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { consumeRateLimit } from "@/lib/rate-limit/consume";

// Generous enough for a team signing up together behind one office address; stops scripted mass sign-ups.
export const SIGN_UP_LIMITS = { perIp: { limit: 60, windowMs: 60 * 60_000 } };

export const signUpSchema = z
  .object({
    name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
    email: z
      .string()
      .trim()
      .max(254, "That e-mail address is too long")
      .pipe(z.email("Enter a valid e-mail address, like you@company.com")),
    password: passwordSchema,
    workspaceName: z.string().trim().max(80, "Use at most 80 characters").optional(),
  })
  .superRefine((v, ctx) => {
    const weak = weakPasswordReason(v.password, [v.email, v.name, v.workspaceName ?? ""]);
    if (weak) ctx.addIssue({ code: "custom", path: ["password"], message: weak });
  });
export type SignUpInput = z.infer<typeof signUpSchema>;

const emailTaken = () =>
  new AppError("EMAIL_TAKEN", "An account with this e-mail already exists. Sign in instead.", {
    fields: { email: "An account with this e-mail already exists. Sign in instead." },
  });

export async function signUp(input: SignUpInput, context: { ip: string | null } = { ip: null }): Promise<{ userId: string; workspaceSlug: string }> {
  const email = normaliseEmail(input.email);
  if (context.ip) {
    const r = await consumeRateLimit(`signup:ip:${context.ip}`, SIGN_UP_LIMITS.perIp.limit, SIGN_UP_LIMITS.perIp.windowMs);
    // The sign-in that follows a sign-up counts against the same per-IP budget: refuse now, before creating anything.
    const signIn = await db.rateLimitBucket.findUnique({ where: { key: signInKeys.ip(context.ip) } });
    const signInBlocked = !!signIn && signIn.resetAt > new Date() && signIn.count >= SIGN_IN_LIMITS.perIp.limit;
    if (!r.allowed || signInBlocked) {
      throw new AppError("RATE_LIMITED", "Too many sign-ups or sign-in attempts from your network. Try again in an hour.");
    }
  }
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  let created: { userId: string; workspaceSlug: string };
  try {
    created = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: input.name, passwordHash }, select: { id: true } });
      const workspaceName = input.workspaceName?.trim() || `${input.name.split(/\s+/)[0] ?? input.name}'s workspace`;
      const ws = await createWorkspace({ name: workspaceName, ownerUserId: user.id }, tx);
      return { userId: user.id, workspaceSlug: ws.slug };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw emailTaken();
    throw err;
  }
  try {
    await sendVerificationMail(created.userId);
  } catch (err) {
    // The account stays usable; the account page offers to send the mail again.
    console.error("[switchboard] could not send the verification mail after sign-up", err instanceof AppError ? err.code : err instanceof Error ? err.name : "unknown");
  }
  return created;
}
