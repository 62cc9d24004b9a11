"use client";

import { useActionState } from "react";
import type { ConnectState } from "@/app/w/[slug]/integrations/actions";
import type { Environment } from "@/lib/integrations/types";
import type { FormFieldDto } from "@/lib/connections/template-dto";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
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
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="max-w-xl space-y-4" data-testid="oauth-form">
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      <Field label="Connection name" name="name" id="oauth-name" defaultValue={state?.values?.name ?? `${templateName} (OAuth)`} error={state?.fields?.name} required maxLength={80} />
      <SchemaFields fields={config} errors={state?.fields} values={state?.values} />
      {canConnect ? (
        <div className="flex flex-wrap gap-2">
          {environments.includes("sandbox") ? (
            <Button type="submit" name="environment" value="sandbox" disabled={pending}>
              Connect sandbox account
            </Button>
          ) : null}
          {environments.includes("live") ? (
            <Button type="submit" name="environment" value="live" variant="secondary" disabled={pending}>
              Connect live account
            </Button>
          ) : null}
          {environments.length === 0 ? <p className="text-sm text-slate-500">OAuth is not available on this server.</p> : null}
        </div>
      ) : (
        <p className="text-sm text-slate-500">Only owners and admins can add connections.</p>
      )}
      {!environments.includes("live") ? <p className="text-xs text-slate-500">{liveHint}</p> : null}
    </form>
  );
}
