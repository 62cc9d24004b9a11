"use client";

import { toast } from "sonner";
import type { WebhookActionState } from "@/app/w/[slug]/settings/webhooks/actions";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { CopyField } from "@/components/ui/copy-button";
import { Field, FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { OUTBOUND_EVENT_TYPES } from "@/lib/webhooks/outbound/outbound-event-types";

export function SecretOnce({ secret }: { secret: string }) {
  return (
    <FormMessage kind="success">
      <p>Copy the signing secret now: it is shown only once. Verify deliveries with any Standard Webhooks library.</p>
      <div className="mt-2">
        <CopyField value={secret} label="Copy signing secret" testId="webhook-secret" />
      </div>
    </FormMessage>
  );
}

export function CreateEndpointForm({ action }: { action: (s: WebhookActionState, fd: FormData) => Promise<WebhookActionState> }) {
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
          <Field label="URL" name="url" type="url" placeholder="https://app.example.com/webhooks/switchboard" error={fields.url} required />
          <Field label="Description (optional)" name="description" error={fields.description} />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Events (none chosen: all)</legend>
          <div className="grid gap-2 sm:grid-cols-3">
            {OUTBOUND_EVENT_TYPES.filter((t) => t !== "test.event").map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm">
                <Checkbox name="eventTypes" value={t} aria-label={t} />
                <code className="font-mono text-xs">{t}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" disabled={pending || !ready}>
          {pending ? "Adding…" : "Add endpoint"}
        </Button>
      </form>
      {state?.error && Object.keys(fields).length === 0 ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      {state?.secret ? <SecretOnce secret={state.secret} /> : null}
    </div>
  );
}
