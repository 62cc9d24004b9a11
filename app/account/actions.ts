"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { changePassword } from "@/lib/auth/change-password";
import { sendVerificationMail, verifyEmail } from "@/lib/auth/email-verification";
import { currentSession } from "@/lib/auth/session";
import { revokeAllSessions } from "@/lib/auth/user-sessions";
import { isAppError } from "@/lib/errors/app-error";
import type { FormState } from "@/app/auth-actions";

async function requireSession() {
  const current = await currentSession();
  if (!current) redirect("/sign-in?callbackUrl=%2Faccount");
  return current;
}

const text = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === "string" ? v : "";
};

export async function changePasswordAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const current = await requireSession();
  try {
    const { endedSessions } = await changePassword(current, { currentPassword: text(fd, "currentPassword"), newPassword: text(fd, "newPassword") });
    revalidatePath("/account");
    return { ok: `Password changed. ${endedSessions === 1 ? "1 other session was" : `${endedSessions} other sessions were`} signed out.` };
  } catch (err) {
    if (isAppError(err)) return { error: err.message, fields: (err.details?.fields as Record<string, string> | undefined) ?? {} };
    throw err;
  }
}

export async function signOutOtherSessionsAction(): Promise<FormState> {
  const current = await requireSession();
  const ended = await revokeAllSessions(current.user.id, { keep: current.sessionId });
  revalidatePath("/account");
  return { ok: `${ended === 1 ? "1 other session was" : `${ended} other sessions were`} signed out.` };
}

export async function resendVerificationAction(): Promise<FormState> {
  const current = await requireSession();
  try {
    const delivery = await sendVerificationMail(current.user.id);
    if (!delivery) return { ok: "Your address is already verified." };
    return {
      ok: delivery.via === "local-mailbox" ? `Sent. This instance has no mail server: open your mailbox on this site to find it.` : `Sent to ${current.user.email}.`,
    };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}

/** The verify page's button: a POST, so mail scanners that prefetch links do not spend the token. */
export async function verifyEmailAction(token: string, _prev: FormState): Promise<FormState> {
  try {
    const { email } = await verifyEmail(token);
    return { ok: `${email} is verified.` };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}
