"use client";

import { CirclePause, CirclePlay, KeyRound, PlugZap, RefreshCw, Trash2 } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ConnectionActionState } from "@/app/w/[slug]/connections/actions";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { useHydrated } from "@/components/ui/use-hydrated";

type Props = {
  name: string;
  authKind: "oauth2" | "api_key";
  syncEnabled: boolean;
  canManage: boolean;
  testAction: () => Promise<ConnectionActionState>;
  syncAction: (enabled: boolean) => Promise<ConnectionActionState>;
  /** absent when deliveries are not checked with a Switchboard secret (nothing to rotate) */
  rotateAction?: (() => Promise<ConnectionActionState>) | undefined;
  reconnectAction: () => Promise<ConnectionActionState>;
};

/** Every result is a toast; an error keeps its code, small, for support. */
export function toastResult(state: ConnectionActionState) {
  if (state?.error) toast.error(state.error, state.code ? { description: `Error code: ${state.code}` } : undefined);
  else if (state?.ok) toast.success(state.ok);
}

export function ConnectionControls({ name, authKind, syncEnabled, canManage, testAction, syncAction, rotateAction, reconnectAction }: Props) {
  const [pending, start] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  // before hydration a click would do nothing: the buttons wait for it
  const ready = useHydrated();
  const run = (label: string, fn: () => Promise<ConnectionActionState>) => {
    setBusy(label);
    start(async () => {
      toastResult(await fn());
      setBusy(null);
    });
  };
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => run("test", testAction)} disabled={pending || !ready}>
        <PlugZap aria-hidden /> {busy === "test" ? "Testing…" : "Test connection"}
      </Button>
      {canManage ? (
        <>
          <Button variant="secondary" onClick={() => run("sync", () => syncAction(!syncEnabled))} disabled={pending || !ready}>
            {syncEnabled ? <CirclePause aria-hidden /> : <CirclePlay aria-hidden />}
            {syncEnabled ? "Disable sync" : "Enable sync"}
          </Button>
          {authKind === "oauth2" ? (
            <Button variant="secondary" onClick={() => run("reconnect", reconnectAction)} disabled={pending || !ready}>
              <RefreshCw aria-hidden /> Reconnect
            </Button>
          ) : null}
          {rotateAction ? (
            <ConfirmDialog
              title="Rotate the webhook secret?"
              description={`The old secret of “${name}” keeps working for 24 hours, then deliveries using it are refused. Providers Switchboard registered are updated now; paste the new URL at the provider if you pasted it there.`}
              confirmLabel="Rotate secret"
              onConfirm={() => run("rotate", rotateAction)}
            >
              <Button variant="secondary" disabled={pending || !ready}>
                <KeyRound aria-hidden /> Rotate webhook secret
              </Button>
            </ConfirmDialog>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

export function RenameConnectionForm({ name, action }: { name: string; action: (s: ConnectionActionState, fd: FormData) => Promise<ConnectionActionState> }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: toastResult });
  return (
    <form onSubmit={onSubmit} className="flex max-w-lg flex-wrap items-start gap-2" noValidate>
      <div className="min-w-0 flex-1 basis-56">
        <Field label="Name" name="name" id="connection-name" defaultValue={name} error={state?.fields?.name ?? state?.error} required maxLength={80} />
      </div>
      <Button type="submit" variant="secondary" disabled={pending || !ready} className="sm:mt-6">
        {pending ? "Renaming…" : "Rename"}
      </Button>
    </form>
  );
}

/** A dialog that asks for the connection's name before deleting it for good. */
export function DeleteConnectionForm({ name, revokes, action }: { name: string; revokes: boolean; action: (s: ConnectionActionState, fd: FormData) => Promise<ConnectionActionState> }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: toastResult });
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="danger">
          <Trash2 aria-hidden /> Delete connection…
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} className="grid gap-4" data-testid="delete-confirm" noValidate>
          <DialogHeader>
            <DialogTitle>Delete “{name}”?</DialogTitle>
            <DialogDescription>
              This deletes the connection and its stored credentials{revokes ? " and revokes Switchboard's access at the provider" : ""}. Sync stops at once. Type{" "}
              <strong className="break-all text-foreground">{name}</strong> to confirm.
            </DialogDescription>
          </DialogHeader>
          <Field label="Connection name" name="confirm" id="delete-confirm-name" autoComplete="off" error={state?.fields?.confirm ?? state?.error} required />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending || !ready}>
              {pending ? "Deleting…" : "Delete for good"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
