"use client";

// Creates a custom field at the provider (shown only where the provider declares createField); the new
// field is added to the field list and a rule mapping it to the same-named Switchboard custom field.
import { Plus } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormMessage, SelectField } from "@/components/ui/field";

type Input = { key: string; label: string; type: string; options: string };
type Failure = { message: string; fields: Record<string, string> } | null;

const TYPES = [
  ["string", "Text"],
  ["text", "Long text"],
  ["number", "Number"],
  ["boolean", "Yes / no"],
  ["date", "Date"],
  ["datetime", "Date and time"],
  ["enum", "Choice"],
  ["multi_enum", "Several choices"],
] as const;

export function CreateFieldDialog({ providerName, onCreate }: { providerName: string; onCreate: (input: Input) => Promise<Failure> }) {
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<Failure>(null);
  const [pending, start] = useTransition();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm">
          <Plus aria-hidden className="size-4" /> Create field
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create a custom field in {providerName}</DialogTitle>
          <DialogDescription>The field is created at {providerName} now; a rule mapping it is added to your draft (save to use it).</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const input = { key: String(f.get("key") ?? ""), label: String(f.get("label") ?? ""), type: String(f.get("type") ?? "string"), options: String(f.get("options") ?? "") };
            start(async () => {
              const res = await onCreate(input);
              setFailure(res);
              if (!res) setOpen(false);
            });
          }}
        >
          {failure && Object.keys(failure.fields).length === 0 ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
          <Field label="Key" name="key" hint="Letters, digits and underscores, e.g. member_type" error={failure?.fields.key} />
          <Field label="Label" name="label" error={failure?.fields.label} />
          <SelectField label="Type" name="type" defaultValue="string">
            {TYPES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <Field label="Options (for choices, comma separated)" name="options" error={failure?.fields.options} />
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create field"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
