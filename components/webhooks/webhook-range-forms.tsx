"use client";

import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useActionForm } from "@/components/ui/use-action-form";
import type { WebhookActionState } from "@/app/w/[slug]/webhooks/actions";

type FormAction = (prev: WebhookActionState, fd: FormData) => Promise<WebhookActionState>;

const toastResult = (s: WebhookActionState) => {
  if (s?.error) toast.error(s.error, s.code ? { description: `Error code: ${s.code}` } : undefined);
  else if (s?.ok) toast.success(s.ok);
};

/** Replay every failed delivery received in a range (UTC). */
export function ReplayFailedForm({ action, defaultFrom, defaultTo }: { action: FormAction; defaultFrom: string; defaultTo: string }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: toastResult });
  return (
    <form onSubmit={onSubmit} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]" aria-label="Replay failed deliveries">
      <FormField label="From (UTC)" name="from" error={state?.fields?.from}>
        {(p) => <Input {...p} type="datetime-local" defaultValue={defaultFrom} required />}
      </FormField>
      <FormField label="To (UTC)" name="to" error={state?.fields?.to}>
        {(p) => <Input {...p} type="datetime-local" defaultValue={defaultTo} required />}
      </FormField>
      <Button type="submit" disabled={pending || !ready}>
        {pending ? "Replaying…" : "Replay failed"}
      </Button>
    </form>
  );
}

/** The connection's sender allow-list (one CIDR or address per line). */
export function AllowedSendersForm({ action, current }: { action: FormAction; current: string[] }) {
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: toastResult });
  return (
    <form onSubmit={onSubmit} className="space-y-2" aria-label="Allowed senders">
      <FormField
        label="Allowed senders"
        name="cidrs"
        error={state?.fields?.cidrs}
        hint="One IP address or CIDR per line (e.g. 203.0.113.0/24). Empty: any sender with a valid signature. Others get 403."
      >
        {(p) => <Textarea {...p} rows={3} defaultValue={current.join("\n")} className="font-mono text-xs" />}
      </FormField>
      <Button type="submit" variant="secondary" disabled={pending || !ready}>
        {pending ? "Saving…" : "Save senders"}
      </Button>
    </form>
  );
}
