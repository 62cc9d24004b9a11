import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";
import { loadSessionUser } from "@/lib/auth/user-sessions";

import type { SessionUser } from "@/lib/auth/session-user";

export type { SessionUser };

/** The signed-in user and session id, re-read from the database: a revoked session or a deleted user stops working at once. */
export const currentSession = cache(async (): Promise<{ user: SessionUser; sessionId: string } | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!userId || !sessionId) return null;
  const user = await loadSessionUser(sessionId, userId);
  return user ? { user, sessionId } : null;
});

export async function currentUser(): Promise<SessionUser | null> {
  return (await currentSession())?.user ?? null;
}

export async function requireUser(callbackUrl?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
  return user;
}
