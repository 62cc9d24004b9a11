"use client";

import { requestPasswordResetAction, resetPasswordAction } from "@/app/auth-actions";
import { changePasswordAction } from "@/app/account/actions";
import { ActionForm } from "@/components/auth/action-form";
import { Field } from "@/components/ui/field";

const STRENGTH_HINT = "At least 10 characters and hard to guess: a few unrelated words work well. Common passwords and your own name are refused.";

export function ForgotPasswordForm() {
  return (
    <ActionForm action={requestPasswordResetAction} submitLabel="Send me a reset link" pendingLabel="Sending…" testId="forgot-password-form">
      {(f) => <Field label="E-mail" name="email" type="email" autoComplete="email" required error={f.email} />}
    </ActionForm>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  return (
    <ActionForm action={resetPasswordAction.bind(null, token)} submitLabel="Set the new password" pendingLabel="Saving…">
      {(f) => (
        <>
          <Field label="New password" name="password" type="password" autoComplete="new-password" required error={f.password} hint={STRENGTH_HINT} />
          <Field label="New password again" name="confirm" type="password" autoComplete="new-password" required error={f.confirm} />
        </>
      )}
    </ActionForm>
  );
}

export function ChangePasswordForm() {
  return (
    <ActionForm action={changePasswordAction} submitLabel="Change password" pendingLabel="Changing…" resetOnSuccess testId="change-password-form">
      {(f) => (
        <>
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={f.currentPassword} />
          <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required error={f.newPassword} hint={STRENGTH_HINT} />
        </>
      )}
    </ActionForm>
  );
}
