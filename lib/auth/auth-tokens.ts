// Single-use tokens sent by e-mail. Only the sha256 is stored; a token is spent by one atomic update,
// so two uses racing each other cannot both succeed.
import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/db/client";
import { db } from "@/lib/db/client";

export type AuthTokenPurpose = "verify_email" | "reset_password";

export const AUTH_TOKEN_TTL_MS: Record<AuthTokenPurpose, number> = {
  verify_email: 24 * 60 * 60_000,
  reset_password: 60 * 60_000,
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new token for the user; earlier unused tokens of the same purpose stop working. */
export async function issueAuthToken(userId: string, email: string, purpose: AuthTokenPurpose, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.$transaction([
    db.authToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } }),
    db.authToken.create({ data: { userId, email, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + AUTH_TOKEN_TTL_MS[purpose]) } }),
  ]);
  return token;
}

/** Spends the token inside `tx`; null when it is unknown, used, expired or of another purpose. */
export async function spendAuthToken(
  tx: Prisma.TransactionClient,
  token: string,
  purpose: AuthTokenPurpose,
  now = new Date(),
): Promise<{ userId: string; email: string } | null> {
  const row = await tx.authToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true, email: true, purpose: true, usedAt: true, expiresAt: true } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now) return null;
  const spent = await tx.authToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  return spent.count === 1 ? { userId: row.userId, email: row.email } : null;
}

/** Whether a token is currently usable (for showing the form before it is submitted). */
export async function peekAuthToken(token: string, purpose: AuthTokenPurpose, now = new Date()): Promise<boolean> {
  const row = await db.authToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { purpose: true, usedAt: true, expiresAt: true } });
  return !!row && row.purpose === purpose && !row.usedAt && row.expiresAt > now;
}
