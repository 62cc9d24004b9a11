"use server";

import { AuthError } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { signIn, signOut } from "@/lib/auth/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, mintDeviceToken, verifyDeviceToken } from "@/lib/auth/device-cookie";
import { requestPasswordReset, resetPassword, resetRequestSchema } from "@/lib/auth/password-reset";
import { safeRedirect } from "@/lib/auth/safe-redirect";
import { currentSession } from "@/lib/auth/session";
import { normaliseEmail } from "@/lib/auth/sign-in-attempt";
import { signUp, signUpSchema } from "@/lib/auth/sign-up";
import { revokeAllSessions } from "@/lib/auth/user-sessions";
import { appUrl } from "@/lib/env";
import { isAppError, validationError } from "@/lib/errors/app-error";

export type FormState = { error?: string; ok?: string; fields?: Record<string, string>; values?: Record<string, string> } | undefined;

const text = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === "string" ? v : "";
};

/** After a successful sign-in: remember this browser for the account (see lib/auth/device-cookie.ts). */
async function rememberDevice(email: string): Promise<void> {
  const jar = await cookies();
  const normalised = normaliseEmail(email);
  if (verifyDeviceToken(jar.get(DEVICE_COOKIE)?.value, normalised)) return;
  jar.set(DEVICE_COOKIE, mintDeviceToken(normalised), {
    httpOnly: true,
    sameSite: "lax",
    secure: appUrl().startsWith("https://"),
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  });
}

export async function signInAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const email = text(fd, "email");
  const redirectTo = safeRedirect(text(fd, "callbackUrl"));
  try {
    await signIn("credentials", { email, password: text(fd, "password"), redirectTo });
    return undefined;
  } catch (err) {
    if (isRedirectError(err)) {
      await rememberDevice(email);
      throw err;
    }
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code;
      return {
        error:
          code === "rate_limited"
            ? "Too many sign-in attempts for this account or from your network. Wait 15 minutes, or reset your password by e-mail."
            : "Wrong e-mail or password.",
        values: { email },
      };
    }
    throw err;
  }
}

export async function signUpAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const raw = { name: text(fd, "name"), email: text(fd, "email"), password: text(fd, "password"), workspaceName: text(fd, "workspaceName") };
  const values = { name: raw.name, email: raw.email, workspaceName: raw.workspaceName };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) {
    const e = validationError(parsed.error);
    return { error: "Please fix the highlighted fields.", fields: e.details?.fields as Record<string, string>, values };
  }
  let slug: string;
  try {
    slug = (await signUp(parsed.data, { ip: clientIp(await headers()) })).workspaceSlug;
  } catch (err) {
    if (isAppError(err)) return { error: err.message, fields: (err.details?.fields as Record<string, string> | undefined) ?? {}, values };
    throw err;
  }
  const callbackUrl = text(fd, "callbackUrl");
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: safeRedirect(callbackUrl, `/w/${slug}`) });
  } catch (err) {
    if (isRedirectError(err)) {
      await rememberDevice(parsed.data.email);
      throw err;
    }
    // The account exists; a limit reached in between only delays the first sign-in.
    if (err instanceof AuthError) redirect("/sign-in?created=1");
    throw err;
  }
  return undefined;
}

export async function signOutAction(): Promise<void> {
  // Auth.js's signOut event revokes this session's row (lib/auth/auth.ts), so a copied cookie stops working too.
  await signOut({ redirectTo: "/" });
}

/** Ends every session of the account, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  const current = await currentSession();
  if (current) await revokeAllSessions(current.user.id);
  await signOut({ redirectTo: "/sign-in?signedOut=all" });
}

export async function requestPasswordResetAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const email = text(fd, "email");
  const parsed = resetRequestSchema.safeParse({ email });
  if (!parsed.success) return { error: "Please fix the highlighted field.", fields: { email: parsed.error.issues[0]!.message }, values: { email } };
  try {
    await requestPasswordReset({ email: parsed.data.email, ip: clientIp(await headers()) });
  } catch (err) {
    if (isAppError(err)) return { error: err.message, values: { email } };
    throw err;
  }
  return { ok: `If an account exists for ${parsed.data.email}, a link to reset its password is on its way. It works once, for one hour.`, values: { email } };
}

export async function resetPasswordAction(token: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const password = text(fd, "password");
  if (password !== text(fd, "confirm")) return { error: "Please fix the highlighted field.", fields: { confirm: "The two passwords differ" } };
  try {
    await resetPassword(token, password);
  } catch (err) {
    if (isAppError(err)) return { error: err.message, fields: (err.details?.fields as Record<string, string> | undefined) ?? {} };
    throw err;
  }
  redirect("/sign-in?reset=1");
}
