"use server";

import { AuthError } from "next-auth";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { signIn, signOut } from "@/lib/auth/auth";
import { signUp, signUpSchema } from "@/lib/auth/sign-up";
import { safeRedirect } from "@/lib/auth/safe-redirect";
import { isAppError, validationError } from "@/lib/errors/app-error";

export type FormState = { error?: string; fields?: Record<string, string>; values?: Record<string, string> } | undefined;

const text = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === "string" ? v : "";
};

export async function signInAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const email = text(fd, "email");
  const redirectTo = safeRedirect(text(fd, "callbackUrl"));
  try {
    await signIn("credentials", { email, password: text(fd, "password"), redirectTo });
    return undefined;
  } catch (err) {
    if (isRedirectError(err)) throw err;
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code;
      return {
        error: code === "rate_limited" ? "Too many failed sign-in attempts. Wait 15 minutes and try again." : "Wrong e-mail or password.",
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
    slug = (await signUp(parsed.data)).workspaceSlug;
  } catch (err) {
    if (isAppError(err)) return { error: err.message, fields: (err.details?.fields as Record<string, string> | undefined) ?? {}, values };
    throw err;
  }
  const callbackUrl = text(fd, "callbackUrl");
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: safeRedirect(callbackUrl, `/w/${slug}`) });
  return undefined;
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
