"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";

export function DeleteWorkspaceForm({ action, slug }: { action: (s: ActionState, fd: FormData) => Promise<ActionState>; slug: string }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="max-w-md space-y-4" noValidate>
      <p className="text-sm text-slate-600">
        Deletes the workspace for everyone: members, invitations, connections (OAuth grants are revoked at the providers) and the audit log. Its
        encryption key is destroyed, so stored secrets can never be read again. This cannot be undone.
      </p>
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      <Field label={`Type ${slug} to confirm`} name="confirm" autoComplete="off" error={state?.fields?.confirm} required />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : "Delete workspace"}
      </Button>
    </form>
  );
}
