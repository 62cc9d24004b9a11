"use client";

import { useState } from "react";
import { toast } from "sonner";
import type { WebhookActionState } from "@/app/w/[slug]/settings/webhooks/actions";
import { SecretOnce } from "@/components/api/create-endpoint-form";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Truncate } from "@/components/ui/truncate";
import type { EndpointDto } from "@/lib/webhooks/outbound/outbound-endpoints";

type Actions = {
  rotate: (id: string) => Promise<WebhookActionState>;
  toggle: (id: string, enabled: boolean) => Promise<WebhookActionState>;
  remove: (id: string) => Promise<WebhookActionState>;
  test: (id: string) => Promise<WebhookActionState>;
  recover: (id: string, since: string) => Promise<WebhookActionState>;
};

function report(res: WebhookActionState): void {
  if (res?.error) toast.error(res.error, { description: res.code ? `Error code: ${res.code}` : undefined });
  else if (res?.ok) toast.success(res.ok);
}

function EndpointRow({ ep, actions }: { ep: EndpointDto; actions: Actions }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [since, setSince] = useState("");
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<WebhookActionState>) => {
    setBusy(true);
    try {
      const res = await fn();
      if (res?.secret) setSecret(res.secret);
      report(res);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="space-y-3 py-4" data-testid={`endpoint-${ep.id}`}>
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <Truncate text={ep.url} className="min-w-0 flex-1 font-mono text-sm" />
        {ep.enabled ? <Badge variant="success">Enabled</Badge> : <Badge variant="danger">Disabled</Badge>}
        {ep.failingSince && ep.enabled ? <Badge variant="warning">Failing since {new Date(ep.failingSince).toLocaleString()}</Badge> : null}
      </div>
      {ep.disabledReason && !ep.enabled ? <p className="text-destructive text-sm">{ep.disabledReason}</p> : null}
      <p className="text-muted-foreground text-xs">
        {ep.description ? `${ep.description} · ` : ""}Events: {ep.eventTypes.length ? ep.eventTypes.join(", ") : "all"}
        {ep.rotationEndsAt && new Date(ep.rotationEndsAt) > new Date(ep.createdAt)
          ? ` · previous secret signs until ${new Date(ep.rotationEndsAt).toLocaleString()}`
          : ""}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="outline" disabled={busy || !ep.enabled} onClick={() => act(() => actions.test(ep.id))}>
          Send test event
        </Button>
        <ConfirmDialog
          title="Rotate the signing secret?"
          description="A new secret is shown once; the current one keeps signing for 24 hours so you can switch over."
          confirmLabel="Rotate"
          onConfirm={() => act(() => actions.rotate(ep.id))}
        >
          <Button size="sm" variant="outline" disabled={busy}>
            Rotate secret
          </Button>
        </ConfirmDialog>
        <Button size="sm" variant="outline" disabled={busy} onClick={() => act(() => actions.toggle(ep.id, !ep.enabled))}>
          {ep.enabled ? "Disable" : "Enable"}
        </Button>
        <ConfirmDialog
          title="Delete this endpoint?"
          description="No more events are sent to it."
          confirmLabel="Delete"
          destructive
          onConfirm={() => act(() => actions.remove(ep.id))}
        >
          <Button size="sm" variant="danger" disabled={busy}>
            Delete
          </Button>
        </ConfirmDialog>
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (since) void act(() => actions.recover(ep.id, new Date(since).toISOString()));
        }}
      >
        <label className="text-sm">
          <span className="text-muted-foreground block text-xs">Resend every failed delivery since</span>
          <Input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} aria-label="Failed since" />
        </label>
        <Button size="sm" variant="secondary" type="submit" disabled={busy || !since}>
          Recover
        </Button>
      </form>
      {secret ? <SecretOnce secret={secret} /> : null}
    </li>
  );
}

export function WebhookEndpoints({ endpoints, actions }: { endpoints: EndpointDto[]; actions: Actions }) {
  return (
    <ul className="divide-border divide-y">
      {endpoints.map((ep) => (
        <EndpointRow key={ep.id} ep={ep} actions={actions} />
      ))}
    </ul>
  );
}
