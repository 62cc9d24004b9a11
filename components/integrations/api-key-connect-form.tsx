"use client";

import { useActionState } from "react";
import type { ConnectState } from "@/app/w/[slug]/integrations/actions";
import type { Environment } from "@/lib/integrations/types";
import type { FormFieldDto } from "@/lib/connections/template-dto";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, SelectField } from "@/components/ui/field";
import { SchemaFields } from "@/components/integrations/schema-fields";

const envLabels: Record<Environment, string> = { sandbox: "Sandbox account (offline fake)", live: "Live account" };

type Props = {
  action: (s: ConnectState, fd: FormData) => Promise<ConnectState>;
  templateName: string;
  environments: Environment[];
  config: FormFieldDto[];
  credentials: FormFieldDto[];
  canConnect: boolean;
  /** prefill for non-secret fields (the Custom REST example template) */
  examples?: Record<string, string>;
};

export function ApiKeyConnectForm({ action, templateName, environments, config, credentials, canConnect, examples }: Props) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const values = state?.values ?? examples;
  return (
    <form action={formAction} className="max-w-xl space-y-4" data-testid="api-key-form">
      {state?.error ? (
        <FormMessage kind="error">
          {state.code ? <span className="font-mono text-xs">{state.code} · </span> : null}
          {state.error}
        </FormMessage>
      ) : null}
      <Field label="Connection name" name="name" defaultValue={values?.name ?? `${templateName}`} error={state?.fields?.name} required maxLength={80} />
      <SelectField label="Environment" name="environment" defaultValue={values?.environment ?? environments[0]} error={state?.fields?.environment}>
        {environments.map((e) => (
          <option key={e} value={e}>
            {envLabels[e]}
          </option>
        ))}
      </SelectField>
      <SchemaFields fields={config} errors={state?.fields} values={values} />
      <SchemaFields fields={credentials} errors={state?.fields} />
      <p className="text-xs text-slate-500">
        Switchboard checks the credentials with {templateName} before saving. Secrets are encrypted at rest and never shown again.
      </p>
      {canConnect ? (
        <Button type="submit" disabled={pending}>
          {pending ? "Verifying…" : "Connect with API key"}
        </Button>
      ) : (
        <p className="text-sm text-slate-500">Only owners and admins can add connections.</p>
      )}
    </form>
  );
}
