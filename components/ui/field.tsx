import { CircleAlert, CircleCheck } from "lucide-react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input, inputClass } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";

export { inputClass };

type FieldProps = { label: ReactNode; name: string; error?: string | undefined; hint?: ReactNode };

/** A labelled text input with its error under it (shorthand for FormField + Input). */
export function Field({ label, name, error, hint, id, ...input }: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  return (
    <FormField label={label} name={name} id={id} error={error} hint={hint}>
      {(p) => <Input {...p} {...input} />}
    </FormField>
  );
}

/** A labelled native <select> (keeps `selectOption` in tests and works without JavaScript). */
export function SelectField({ label, name, error, hint, id, children, ...select }: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  return (
    <FormField label={label} name={name} id={id} error={error} hint={hint}>
      {(p) => (
        <NativeSelect {...p} {...select}>
          {children}
        </NativeSelect>
      )}
    </FormField>
  );
}

/** The result of a form as a whole. `code` (an error code from lib/errors) is shown small and copyable, for support. */
export function FormMessage({ kind, children, code, className }: { kind: "error" | "success"; children: ReactNode; code?: string | undefined; className?: string }) {
  const Icon = kind === "error" ? CircleAlert : CircleCheck;
  return (
    <div
      role={kind === "error" ? "alert" : "status"}
      data-testid={kind === "error" ? "form-error" : "form-success"}
      className={cn(
        "flex items-start gap-2 rounded-md border px-3 py-2 text-sm",
        kind === "error" ? "border-destructive/30 bg-destructive/10 text-destructive" : "border-success/30 bg-success/10 text-success",
        className,
      )}
    >
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1 break-words">
        {children}
        {code ? (
          <span className="mt-1 flex items-center gap-1 text-xs text-muted-foreground">
            Error code <code className="font-mono" data-testid="error-code">{code}</code>
            <CopyButton value={code} label="Copy error code" size="icon-xs" />
          </span>
        ) : null}
      </div>
    </div>
  );
}
