"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { SandboxActionState } from "@/components/sandbox/action-state";
import { useSandboxAction } from "@/components/sandbox/use-sandbox-action";
import type { RecordFormDto } from "@/lib/integrations/sandbox/panel";
import { toast } from "sonner";

type Props = {
  form: RecordFormDto;
  canEdit: boolean;
  save: (prev: SandboxActionState, fd: FormData) => Promise<SandboxActionState>;
  remove: () => Promise<SandboxActionState>;
};

/** Create or edit one sandbox record as a person in the provider's UI would (read-only below admin). */
export function RecordForm({ form, canEdit, save, remove }: Props) {
  const { state, pending, ready, onSubmit } = useSandboxAction(save);
  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" data-testid="record-form">
        {form.fields.map((f) => (
          <FormField key={f.name} label={f.label} name={`f:${f.name}`} id={`f-${f.name}`} error={state?.fields?.[f.name]}>
            {(p) =>
              f.type === "select" ? (
                <NativeSelect {...p} defaultValue={form.values[f.name] ?? ""} disabled={!canEdit}>
                  {(f.options ?? []).map((o) => (
                    <option key={o} value={o}>
                      {o || "—"}
                    </option>
                  ))}
                </NativeSelect>
              ) : (
                <Input {...p} type={f.type === "checkbox" ? "text" : (f.type ?? "text")} defaultValue={form.values[f.name] ?? ""} disabled={!canEdit} />
              )
            }
          </FormField>
        ))}
        <div className="flex flex-wrap gap-2 md:col-span-2">
          {canEdit ? (
            <Button type="submit" disabled={pending || !ready}>
              {form.externalId ? "Save changes" : "Create record"}
            </Button>
          ) : (
            <p className="text-sm text-muted-foreground">Only admins and owners can change sandbox records.</p>
          )}
          {canEdit && form.externalId ? (
            <ConfirmDialog
              title="Delete this record?"
              description="The sandbox deletes it as the provider would and sends the provider's deletion webhook."
              confirmLabel="Delete"
              destructive
              onConfirm={async () => {
                const r = await remove();
                if (r?.error) toast.error(r.error, r.code ? { description: `Error code: ${r.code}` } : undefined);
              }}
            >
              <Button type="button" variant="danger">
                Delete record
              </Button>
            </ConfirmDialog>
          ) : null}
        </div>
      </form>
      {form.raw ? (
        <details>
          <summary className="cursor-pointer text-sm text-muted-foreground">Stored JSON (as the provider returns it)</summary>
          <pre className="mt-2 overflow-x-auto rounded-md bg-muted p-3 text-xs">{form.raw}</pre>
        </details>
      ) : null}
    </div>
  );
}
