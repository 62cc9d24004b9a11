"use client";

import { LogIn } from "lucide-react";
import { toast } from "sonner";
import type { ConnectState } from "@/app/w/[slug]/integrations/actions";
import type { Environment } from "@/lib/integrations/types";
import type { FormFieldDto } from "@/lib/connections/template-dto";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { SchemaFields } from "@/components/integrations/schema-fields";

type Props = {
  action: (s: ConnectState, fd: FormData) => Promise<ConnectState>;
  templateName: string;
  environments: Environment[];
  config: FormFieldDto[];
  canConnect: boolean;
  liveHint: string;
};

export function OAuthConnectForm({ action, templateName, environments, config, canConnect, liveHint }: Props) {
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: (s) => (s?.error ? toast.error("Could not start the connection", { description: s.error }) : undefined) });
  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-4" data-testid="oauth-form">
      {state?.error ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      <Field label="Connection name" name="name" id="oauth-name" defaultValue={`${templateName} (OAuth)`} error={state?.fields?.name} required maxLength={80} />
      <SchemaFields fields={config} errors={state?.fields} />
      {canConnect ? (
        <div className="flex flex-wrap gap-2">
          {environments.includes("sandbox") ? (
            <Button type="submit" name="environment" value="sandbox" disabled={pending || !ready}>
              <LogIn aria-hidden /> Connect sandbox account
            </Button>
          ) : null}
          {environments.includes("live") ? (
            <Button type="submit" name="environment" value="live" variant="secondary" disabled={pending || !ready}>
              <LogIn aria-hidden /> Connect live account
            </Button>
          ) : null}
          {environments.length === 0 ? <p className="text-sm text-muted-foreground">OAuth is not available on this server.</p> : null}
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">Only owners and admins can add connections.</p>
      )}
      {!environments.includes("live") ? <p className="text-xs text-muted-foreground">{liveHint}</p> : null}
    </form>
  );
}
