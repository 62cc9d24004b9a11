"use client";

// The connection's settings (its template's config fields, e.g. KeyCRM's warehouse id), editable after
// it was made; the server validates them with the template's schema and verifies the account again.
import { Button } from "@/components/ui/button";
import { SchemaFields } from "@/components/integrations/schema-fields";
import { FormMessage } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { toastResult } from "@/components/connections/connection-controls";
import type { ConnectionActionState } from "@/app/w/[slug]/connections/actions";
import type { FormFieldDto } from "@/lib/connections/template-dto";

export function ConnectionConfigForm({
  fields,
  values,
  action,
}: {
  fields: readonly FormFieldDto[];
  values: Record<string, string>;
  action: (s: ConnectionActionState, fd: FormData) => Promise<ConnectionActionState>;
}) {
  const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: toastResult });
  return (
    <form onSubmit={onSubmit} className="grid max-w-lg gap-4" noValidate data-testid="connection-config-form">
      <SchemaFields fields={fields} errors={state?.fields} values={values} />
      {state?.error && !Object.keys(state.fields ?? {}).length ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
        </FormMessage>
      ) : null}
      <div>
        <Button type="submit" variant="secondary" disabled={pending || !ready}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}
