// Changing the password of a signed-in user: the current password is required, the new one must be
// hard to guess, and every other session of the account ends (the one making the change stays).
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword, passwordSchema, verifyPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { revokeAllSessions } from "@/lib/auth/user-sessions";
import type { SessionUser } from "@/lib/auth/session-user";
import { consumeRateLimit, resetRateLimit } from "@/lib/rate-limit/consume";

const WRONG_CURRENT_LIMIT = { limit: 5, windowMs: 15 * 60_000 };

export async function changePassword(
  current: { user: SessionUser; sessionId: string },
  input: { currentPassword: string; newPassword: string },
): Promise<{ endedSessions: number }> {
  const key = `password-change:${current.user.id}`;
  // Consumed before verifying, like sign-in: a stolen session cannot guess the password quickly here either.
  const r = await consumeRateLimit(key, WRONG_CURRENT_LIMIT.limit, WRONG_CURRENT_LIMIT.windowMs);
  if (!r.allowed) throw new AppError("RATE_LIMITED", `Too many wrong passwords. Try again in ${Math.ceil(r.retryAfterSeconds / 60)} minutes.`);
  const user = await db.user.findUniqueOrThrow({ where: { id: current.user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_CREDENTIALS", "Your current password is not right.", { fields: { currentPassword: "This is not your current password" } });
  }
  await resetRateLimit(key);
  const parsed = passwordSchema.safeParse(input.newPassword);
  const problem = parsed.success ? weakPasswordReason(input.newPassword, [current.user.email, current.user.name]) : parsed.error.issues[0]!.message;
  if (problem) throw new AppError("WEAK_PASSWORD", problem, { fields: { newPassword: problem } });
  if (input.newPassword === input.currentPassword) {
    throw new AppError("WEAK_PASSWORD", "Choose a password different from the current one.", { fields: { newPassword: "Choose a password different from the current one" } });
  }
  await db.user.update({ where: { id: current.user.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
  return { endedSessions: await revokeAllSessions(current.user.id, { keep: current.sessionId }) };
}
