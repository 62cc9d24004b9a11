"use client";

import { useActionState } from "react";
import { signUpAction, type FormState } from "@/app/auth-actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";

export function SignUpForm({ callbackUrl }: { callbackUrl?: string | undefined }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, undefined);
  const f = state?.fields ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Field label="Your name" name="name" autoComplete="name" required defaultValue={state?.values?.name ?? ""} error={f.name} />
      <Field label="Work e-mail" name="email" type="email" autoComplete="email" required defaultValue={state?.values?.email ?? ""} error={f.email} />
      <Field
        label="Workspace name (optional)"
        name="workspaceName"
        placeholder="Acme Sales"
        defaultValue={state?.values?.workspaceName ?? ""}
        error={f.workspaceName}
        hint="Defaults to “<your first name>'s workspace”; you can rename it later."
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={f.password}
        hint="At least 10 characters and hard to guess: a few unrelated words work well. Common passwords and your own name are refused."
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your workspace…" : "Create account"}
      </Button>
    </form>
  );
}
