"use client";

import { KeyRound } from "lucide-react";
import { toast } from "sonner";
import type { ConnectState } from "@/app/w/[slug]/integrations/actions";
import type { Environment } from "@/lib/integrations/types";
import type { FormFieldDto } from "@/lib/connections/template-dto";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, SelectField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { SchemaFields } from "@/components/integrations/schema-fields";

export const envLabels: Record<Environment, string> = { sandbox: "Sandbox account (offline fake)", live: "Live account" };

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
  // A failed attempt keeps every typed value (the form is not reset; nothing secret is sent back).
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: (s) => (s?.error ? toast.error("Not connected", { description: s.error }) : undefined) });
  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-4" data-testid="api-key-form">
      {state?.error ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      <Field label="Connection name" name="name" defaultValue={examples?.name ?? templateName} error={state?.fields?.name} required maxLength={80} />
      <SelectField label="Environment" name="environment" defaultValue={examples?.environment ?? environments[0]} error={state?.fields?.environment}>
        {environments.map((e) => (
          <option key={e} value={e}>
            {envLabels[e]}
          </option>
        ))}
      </SelectField>
      <SchemaFields fields={config} errors={state?.fields} values={examples} />
      <SchemaFields fields={credentials} errors={state?.fields} />
      <p className="text-xs text-muted-foreground">
        Switchboard checks the credentials with {templateName} before saving. Secrets are encrypted at rest and never shown again.
      </p>
      <ConnectSubmit canConnect={canConnect} pending={pending} ready={ready} />
    </form>
  );
}

/**
 * The submit button of an API-key connect form, or why this person cannot connect. `ready`: the page has
 * hydrated (useActionForm), so the form submits through its action.
 */
export function ConnectSubmit({ canConnect, pending, ready }: { canConnect: boolean; pending: boolean; ready: boolean }) {
  return canConnect ? (
    <Button type="submit" disabled={pending || !ready}>
      <KeyRound aria-hidden /> {pending ? "Verifying…" : "Connect with API key"}
    </Button>
  ) : (
    <p className="text-sm text-muted-foreground">Only owners and admins can add connections.</p>
  );
}
