"use client";

import { toast } from "sonner";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

export function DeleteWorkspaceForm({ action, slug }: { action: (s: ActionState, fd: FormData) => Promise<ActionState>; slug: string }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: (s) => (s?.error ? toast.error(s.error) : undefined) });
  const hasFieldErrors = Boolean(state?.fields && Object.keys(state.fields).length > 0);
  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      <p className="text-sm text-muted-foreground">
        Deletes the workspace for everyone: members, invitations, connections (OAuth grants are revoked at the providers) and the audit log. Its
        encryption key is destroyed, so stored secrets can never be read again. This cannot be undone.
      </p>
      {state?.error && !hasFieldErrors ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      <Field label={`Type ${slug} to confirm`} name="confirm" autoComplete="off" error={state?.fields?.confirm} required />
      <Button type="submit" variant="danger" disabled={pending || !ready}>
        {pending ? "Deleting…" : "Delete workspace"}
      </Button>
    </form>
  );
}
