"use client";

import { toast } from "sonner";
import type { ApiKeyActionState } from "@/app/w/[slug]/settings/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { CopyField } from "@/components/ui/copy-button";
import { Field, FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { API_SCOPES, API_SCOPE_LABELS } from "@/lib/api/api-scopes";

export function CreateApiKeyForm({ action }: { action: (s: ApiKeyActionState, fd: FormData) => Promise<ApiKeyActionState> }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, {
    onResult: (s) =>
      s?.ok
        ? toast.success(s.ok)
        : s?.error
          ? toast.error(s.error, { description: s.code ? `Error code: ${s.code}` : undefined })
          : undefined,
    resetOnSuccess: (s) => Boolean(s?.ok),
  });
  const fields = state?.fields ?? {};
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Name" name="name" placeholder="Warehouse app" error={fields.name} required />
          <Field
            label="Expires (optional)"
            name="expiresAt"
            type="date"
            error={fields.expiresAt}
            hint="Leave empty for a key that does not expire"
          />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Scopes</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {API_SCOPES.map((scope) => (
              <label key={scope} className="flex min-w-0 items-start gap-2 text-sm">
                <Checkbox name="scopes" value={scope} className="mt-0.5" aria-label={scope} />
                <span className="min-w-0">
                  <code className="font-mono text-xs">{scope}</code>
                  <span className="text-muted-foreground block text-xs">{API_SCOPE_LABELS[scope]}</span>
                </span>
              </label>
            ))}
          </div>
          {fields.scopes ? <p className="text-destructive text-sm">{fields.scopes}</p> : null}
        </fieldset>
        <Button type="submit" disabled={pending || !ready}>
          {pending ? "Creating…" : "Create API key"}
        </Button>
      </form>
      {state?.error && Object.keys(fields).length === 0 ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      {state?.key ? (
        <FormMessage kind="success">
          <p>
            Copy the key now: it is shown only once. Send it as <code className="font-mono">Authorization: Bearer …</code>.
          </p>
          <div className="mt-2">
            <CopyField value={state.key} label="Copy API key" testId="new-api-key" />
          </div>
        </FormMessage>
      ) : null}
    </div>
  );
}
