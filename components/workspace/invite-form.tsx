"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, SelectField } from "@/components/ui/field";

export function InviteForm({ action, canInviteOwner }: { action: (s: ActionState, fd: FormData) => Promise<ActionState>; canInviteOwner: boolean }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <form action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field label="E-mail" name="email" type="email" placeholder="teammate@company.com" error={state?.fields?.email} required />
        </div>
        <div className="w-36">
          <SelectField label="Role" name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
            {canInviteOwner ? <option value="owner">Owner</option> : null}
          </SelectField>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      {state?.ok ? (
        <FormMessage kind="success">
          <p>{state.ok}</p>
          {state.inviteUrl ? (
            <div className="mt-2 flex items-center gap-2">
              <code data-testid="invite-url" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs text-slate-800 ring-1 ring-emerald-200">
                {state.inviteUrl}
              </code>
              <button
                type="button"
                className="text-xs font-semibold text-emerald-800 hover:underline"
                onClick={() => {
                  void navigator.clipboard?.writeText(state.inviteUrl ?? "").then(() => setCopied(true));
                }}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
          ) : null}
          <p className="mt-1 text-xs text-emerald-800/80">The link works once and expires in 7 days. It is shown only now.</p>
        </FormMessage>
      ) : null}
    </div>
  );
}
