"use client";

import { resendVerificationAction, signOutOtherSessionsAction, verifyEmailAction } from "@/app/account/actions";
import { ActionForm } from "@/components/auth/action-form";

export function SignOutOtherSessionsForm() {
  return <ActionForm action={() => signOutOtherSessionsAction()} submitLabel="Sign out of all other sessions" pendingLabel="Signing out…" variant="secondary" />;
}

export function ResendVerificationForm() {
  return <ActionForm action={() => resendVerificationAction()} submitLabel="Send the verification mail again" pendingLabel="Sending…" variant="secondary" />;
}

export function VerifyEmailForm({ token }: { token: string }) {
  return <ActionForm action={verifyEmailAction.bind(null, token)} submitLabel="Verify my e-mail address" pendingLabel="Verifying…" />;
}
