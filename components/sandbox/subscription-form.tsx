"use client";

import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { FormField } from "@/components/ui/form-field";
import { CopyField } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import type { SandboxActionState } from "@/components/sandbox/action-state";
import { useSandboxAction } from "@/components/sandbox/use-sandbox-action";

/** Add a webhook target for this sandbox account (as one would in the provider's settings). */
export function SubscriptionForm({
  action,
  generatesSigningSecret,
}: {
  action: (prev: SandboxActionState, fd: FormData) => Promise<SandboxActionState>;
  /** the provider makes the signing secret (Loops): no secret field; the new secret is shown once */
  generatesSigningSecret: boolean;
}) {
  const { state, pending, ready, onSubmit } = useSandboxAction(action, true);
  return (
    <div className="space-y-3">
      {state?.secret ? (
        <div className="border-warning/30 bg-warning/10 min-w-0 space-y-1 rounded-md border p-3" data-testid="new-signing-secret">
          <p className="text-sm font-medium">Signing secret of the new endpoint (shown once)</p>
          <CopyField value={state.secret} label="Copy signing secret" testId="signing-secret" />
        </div>
      ) : null}
      <form
        onSubmit={onSubmit}
        className="grid gap-3 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] md:items-end"
        data-testid="subscription-form"
      >
        <FormField label="Target URL" name="url" error={state?.fields?.url}>
          {(p) => <Input {...p} type="url" required placeholder="https://example.com/hooks" />}
        </FormField>
        <FormField label="Events (comma-separated, empty = all)" name="events" error={state?.fields?.events}>
          {(p) => <Input {...p} placeholder="contact.creation" />}
        </FormField>
        {generatesSigningSecret ? (
          <p className="text-muted-foreground text-sm">The provider generates the signing secret; it is shown once after adding.</p>
        ) : (
          <FormField
            label="Secret (optional)"
            name="secret"
            error={state?.fields?.secret}
            hint="Used as the provider's scheme uses it: a signing key (Custom REST) or a basic-auth password."
          >
            {(p) => <Input {...p} type="password" autoComplete="off" />}
          </FormField>
        )}
        <Button type="submit" disabled={pending || !ready}>
          Add target
        </Button>
      </form>
    </div>
  );
}

export function RemoveSubscriptionButton({ url, action }: { url: string; action: () => Promise<SandboxActionState> }) {
  return (
    <ConfirmDialog
      title="Remove this webhook target?"
      description={url}
      confirmLabel="Remove"
      destructive
      onConfirm={async () => {
        const r = await action();
        if (r?.ok) toast.success(r.ok);
        else if (r?.error) toast.error(r.error, r.code ? { description: `Error code: ${r.code}` } : undefined);
      }}
    >
      <Button type="button" variant="ghost" size="sm">
        Remove
      </Button>
    </ConfirmDialog>
  );
}
