// Revocable sessions. Auth.js keeps its JWT cookie, but the token carries only the id of a row in
// user_sessions; every request loads that row, so a revoked or expired row ends the session at once
// (sign out, "sign out of all sessions", a password change or reset). See docs/decisions/005-*.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/session-user";

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
/** lastSeenAt is written at most this often, so a busy page does not write on every request */
const TOUCH_EVERY_MS = 5 * 60_000;

export type SessionDto = { createdAt: string; lastSeenAt: string; userAgent: string | null; current: boolean };

export async function createUserSession(userId: string, userAgent: string | null, now = new Date()): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.userSession.create({
    data: { id, userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_S * 1000), userAgent: userAgent?.slice(0, 300) ?? null },
  });
  return id;
}

/** The user behind a live session, or null when the session is unknown, revoked, expired or not theirs. */
export async function loadSessionUser(sessionId: string, userId: string, now = new Date()): Promise<SessionUser | null> {
  const row = await db.userSession.findUnique({
    where: { id: sessionId },
    select: { userId: true, revokedAt: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.userId !== userId || row.revokedAt || row.expiresAt <= now) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return row.user;
}

export async function revokeSession(sessionId: string, now = new Date()): Promise<void> {
  await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/** Ends every session of the user except `keep` (the one making the change, when it should stay). */
export async function revokeAllSessions(userId: string, options: { keep?: string; now?: Date } = {}): Promise<number> {
  const res = await db.userSession.updateMany({
    where: { userId, revokedAt: null, ...(options.keep ? { id: { not: options.keep } } : {}) },
    data: { revokedAt: options.now ?? new Date() },
  });
  return res.count;
}

export async function listActiveSessions(userId: string, currentSessionId: string | null, now = new Date()): Promise<SessionDto[]> {
  const rows = await db.userSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true },
  });
  return rows.map((r) => ({
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    userAgent: r.userAgent,
    current: r.id === currentSessionId,
  }));
}
