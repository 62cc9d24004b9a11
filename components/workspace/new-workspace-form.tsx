"use client";

import { useActionState } from "react";
import { createWorkspaceAction } from "@/app/w/new/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";

export function NewWorkspaceForm() {
  const [state, action, pending] = useActionState(createWorkspaceAction, undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      <Field label="Workspace name" name="name" placeholder="Acme Sales" error={state?.fields?.name} required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
