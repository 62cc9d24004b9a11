"use client";

// A small form around one server action that answers a FormState: its message on top, field errors
// under each field, and what was typed kept when it fails (useActionForm submits without a reset).
import type { ReactNode } from "react";
import type { FormState } from "@/app/auth-actions";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

export function ActionForm({
  action,
  submitLabel,
  pendingLabel,
  variant = "primary",
  resetOnSuccess = false,
  children,
  testId,
}: {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  submitLabel: string;
  pendingLabel: string;
  variant?: ButtonVariant;
  resetOnSuccess?: boolean;
  children?: (fields: Record<string, string>) => ReactNode;
  testId?: string;
}) {
  const { state, pending, ready, onSubmit } = useActionForm<FormState>(action, { resetOnSuccess: (s) => resetOnSuccess && !!s?.ok });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid={testId}>
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      {state?.ok ? <FormMessage kind="success">{state.ok}</FormMessage> : null}
      {children?.(state?.fields ?? {})}
      <Button type="submit" variant={variant} className="w-full sm:w-auto" disabled={pending || !ready}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
