"use client";

import { useActionState } from "react";
import { signInAction, type FormState } from "@/app/auth-actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";

export function SignInForm({ callbackUrl }: { callbackUrl?: string | undefined }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required defaultValue={state?.values?.email ?? ""} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
