"use client";

import { toast } from "sonner";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

export function RenameForm({ action, name, slug, canEdit }: { action: (s: ActionState, fd: FormData) => Promise<ActionState>; name: string; slug: string; canEdit: boolean }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, {
    onResult: (s) => (s?.ok ? toast.success(s.ok) : s?.error ? toast.error(s.error) : undefined),
  });
  const hasFieldErrors = Boolean(state?.fields && Object.keys(state.fields).length > 0);
  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate data-testid="rename-workspace-form">
      {state?.error && !hasFieldErrors ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      <Field label="Workspace name" name="name" defaultValue={name} disabled={!canEdit} error={state?.fields?.name} required />
      <Field label="URL" name="slug" defaultValue={slug} disabled={!canEdit} error={state?.fields?.slug} hint="Lowercase letters, digits and dashes; the workspace lives at /w/<url>." required />
      {canEdit ? (
        <Button type="submit" disabled={pending || !ready}>
          {pending ? "Saving…" : "Save"}
        </Button>
      ) : (
        <p className="text-sm text-muted-foreground">Only owners and admins can change these.</p>
      )}
    </form>
  );
}
