"use client";

import { useActionState, useState, useTransition } from "react";
import type { ConnectionActionState } from "@/app/w/[slug]/connections/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";

type Props = {
  name: string;
  authKind: "oauth2" | "api_key";
  syncEnabled: boolean;
  canManage: boolean;
  testAction: () => Promise<ConnectionActionState>;
  syncAction: (enabled: boolean) => Promise<ConnectionActionState>;
  rotateAction: () => Promise<ConnectionActionState>;
  reconnectAction: () => Promise<ConnectionActionState>;
};

export function ConnectionControls({ name, authKind, syncEnabled, canManage, testAction, syncAction, rotateAction, reconnectAction }: Props) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ConnectionActionState>(undefined);
  const run = (fn: () => Promise<ConnectionActionState>) => start(async () => setResult(await fn()));
  return (
    <div className="space-y-3">
      {result?.error ? <FormMessage kind="error">{result.error}</FormMessage> : null}
      {result?.ok ? <FormMessage kind="success">{result.ok}</FormMessage> : null}
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => run(testAction)} disabled={pending}>
          {pending ? "Working…" : "Test connection"}
        </Button>
        {canManage ? (
          <>
            <Button variant="secondary" onClick={() => run(() => syncAction(!syncEnabled))} disabled={pending}>
              {syncEnabled ? "Disable sync" : "Enable sync"}
            </Button>
            {authKind === "oauth2" ? (
              <Button variant="secondary" onClick={() => run(reconnectAction)} disabled={pending}>
                Reconnect
              </Button>
            ) : null}
            <Button
              variant="secondary"
              onClick={() => {
                if (window.confirm(`Rotate the webhook secret of “${name}”? Deliveries signed with the old secret will be refused.`)) run(rotateAction);
              }}
              disabled={pending}
            >
              Rotate webhook secret
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}

export function RenameConnectionForm({ name, action }: { name: string; action: (s: ConnectionActionState, fd: FormData) => Promise<ConnectionActionState> }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="flex max-w-lg items-end gap-2">
      <div className="flex-1">
        <Field label="Name" name="name" id="connection-name" defaultValue={name} error={state?.fields?.name ?? state?.error} required maxLength={80} />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Rename
      </Button>
      {state?.ok ? <span className="pb-2 text-sm text-emerald-700">{state.ok}</span> : null}
    </form>
  );
}

export function DeleteConnectionForm({ name, revokes, action }: { name: string; revokes: boolean; action: (s: ConnectionActionState, fd: FormData) => Promise<ConnectionActionState> }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete connection…
      </Button>
    );
  }
  return (
    <form action={formAction} className="max-w-lg space-y-3 rounded-md bg-red-50 p-4 ring-1 ring-red-200" data-testid="delete-confirm">
      <p className="text-sm text-red-800">
        This deletes the connection and its stored credentials{revokes ? " and revokes Switchboard's access at the provider" : ""}. Sync stops at once. Type <strong>{name}</strong> to confirm.
      </p>
      <Field label="Connection name" name="confirm" id="delete-confirm-name" autoComplete="off" error={state?.fields?.confirm ?? state?.error} required />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Deleting…" : "Delete for good"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
