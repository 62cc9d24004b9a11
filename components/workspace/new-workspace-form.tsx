"use client";

import { createWorkspaceAction } from "@/app/w/new/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

export function NewWorkspaceForm() {
  const { state, pending, ready, onSubmit } = useActionForm(createWorkspaceAction);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {state?.error && !state.fields?.name ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      <Field label="Workspace name" name="name" placeholder="Acme Sales" error={state?.fields?.name} required />
      <Button type="submit" className="w-full" disabled={pending || !ready}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
