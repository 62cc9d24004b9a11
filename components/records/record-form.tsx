"use client";

// Create / edit form for any record kind, rendered from the object's field descriptors. A failed save
// keeps every value typed and shows each error next to its field.
import { useActionState, useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { FormField, type FieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { FieldDescriptor } from "@/lib/records/record-object-definition";

export type RecordFormState = {
  ok: false;
  message: string;
  code?: string;
  fieldErrors?: Record<string, string>;
  values: Record<string, string>;
  attempt: number;
} | null;

function toLocalInput(iso: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const off = d.getTimezoneOffset() * 60_000;
  return new Date(d.getTime() - off).toISOString().slice(0, 16);
}

/** A datetime field: the person picks local time; the form submits ISO 8601 in UTC. */
function DateTimeInput({ name, defaultValue, ...rest }: FieldControlProps & { defaultValue: string }) {
  const [iso, setIso] = useState(defaultValue);
  return (
    <>
      <Input
        type="datetime-local"
        defaultValue={toLocalInput(defaultValue)}
        onChange={(e) => setIso(e.target.value ? new Date(e.target.value).toISOString() : "")}
        {...rest}
      />
      <input type="hidden" name={name} value={iso} />
    </>
  );
}

export function RecordForm({
  fields,
  initial,
  action,
  submitLabel,
}: {
  fields: FieldDescriptor[];
  initial: Record<string, string>;
  action: (prev: RecordFormState, fd: FormData) => Promise<RecordFormState>;
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  useEffect(() => {
    if (state && !state.ok) toast.error(state.message, state.code ? { description: `Error code: ${state.code}` } : undefined);
  }, [state]);
  const value = (k: string) => state?.values[k] ?? initial[k] ?? "";
  return (
    <form action={formAction} key={state?.attempt ?? 0} className="space-y-5" data-testid="record-form" noValidate>
      <div className="grid gap-4 md:grid-cols-2">
        {fields.map((f) => (
          <FormField
            key={f.key}
            label={f.requiredOnCreate ? `${f.label} (required)` : f.label}
            name={f.key}
            error={state?.fieldErrors?.[f.key]}
            hint={hintFor(f)}
          >
            {(p) => {
              if (f.kind === "enum" || f.kind === "boolean") {
                const options = f.kind === "enum" ? (f.options ?? []) : f.consent ? [{ value: "true", label: "Subscribed" }, { value: "false", label: "Unsubscribed" }] : [{ value: "true", label: "Yes" }, { value: "false", label: "No" }];
                return (
                  <NativeSelect {...p} defaultValue={value(f.key)}>
                    <option value="">—</option>
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </NativeSelect>
                );
              }
              if (f.kind === "datetime") return <DateTimeInput {...p} defaultValue={value(f.key)} />;
              if (f.key === "description" || f.key === "notes") return <Textarea {...p} defaultValue={value(f.key)} rows={3} />;
              return (
                <Input
                  {...p}
                  defaultValue={value(f.key)}
                  type={f.kind === "email" ? "email" : f.kind === "phone" ? "tel" : "text"}
                  inputMode={f.kind === "money" ? "decimal" : f.kind === "integer" ? "numeric" : undefined}
                  autoComplete="off"
                />
              );
            }}
          </FormField>
        ))}
      </div>
      {state && !state.ok && !state.fieldErrors ? (
        <FormMessage kind="error" code={state.code}>
          {state.message}
        </FormMessage>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}

function hintFor(f: FieldDescriptor): string | undefined {
  switch (f.kind) {
    case "tags":
      return "Separate tags with commas";
    case "money":
      return "Amount in the record's currency, e.g. 12.50";
    case "currency":
      return "3-letter code, e.g. EUR";
    case "datetime":
      return "Your local time; stored in UTC";
    default:
      if (f.key === "country") return "2-letter code, e.g. DE";
      if (f.key === "timezone") return "Leave empty to derive it from country, region and postal code";
      return undefined;
  }
}
