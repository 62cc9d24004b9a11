"use client";

import { toast } from "sonner";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { Field, FormMessage, SelectField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

export function InviteForm({ action, canInviteOwner }: { action: (s: ActionState, fd: FormData) => Promise<ActionState>; canInviteOwner: boolean }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, {
    onResult: (s) => (s?.ok ? toast.success("Invitation created") : s?.error ? toast.error(s.error) : undefined),
    resetOnSuccess: (s) => Boolean(s?.ok),
  });
  const hasFieldErrors = Boolean(state?.fields && Object.keys(state.fields).length > 0);
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_9rem_auto] sm:items-start" noValidate>
        <Field label="E-mail" name="email" type="email" placeholder="teammate@company.com" error={state?.fields?.email} required />
        <SelectField label="Role" name="role" defaultValue="member" error={state?.fields?.role}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
          {canInviteOwner ? <option value="owner">Owner</option> : null}
        </SelectField>
        <Button type="submit" disabled={pending || !ready} className="sm:mt-6">
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      {state?.error && !hasFieldErrors ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      {state?.ok ? (
        <FormMessage kind="success">
          <p>{state.ok}</p>
          {state.inviteUrl ? (
            <div className="mt-2">
              <CopyField value={state.inviteUrl} label="Copy invitation link" testId="invite-url" />
            </div>
          ) : null}
          <p className="mt-1 text-xs text-muted-foreground">The link works once and expires in 7 days. It is shown only now.</p>
        </FormMessage>
      ) : null}
    </div>
  );
}
