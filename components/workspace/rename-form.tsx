"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";

export function RenameForm({ action, name, slug, canEdit }: { action: (s: ActionState, fd: FormData) => Promise<ActionState>; name: string; slug: string; canEdit: boolean }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="max-w-md space-y-4" noValidate>
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      {state?.ok ? <FormMessage kind="success">{state.ok}</FormMessage> : null}
      <Field label="Workspace name" name="name" defaultValue={name} disabled={!canEdit} error={state?.fields?.name} required />
      <Field label="URL" name="slug" defaultValue={slug} disabled={!canEdit} error={state?.fields?.slug} hint="Lowercase letters, digits and dashes; the workspace lives at /w/<url>." required />
      {canEdit ? (
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      ) : (
        <p className="text-sm text-slate-500">Only owners and admins can change these.</p>
      )}
    </form>
  );
}
