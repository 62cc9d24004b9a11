import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** What a control needs to be tied to its label, hint and error (spread it onto the control). */
export type FieldControlProps = {
  id: string;
  name: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

/**
 * A labelled form control with its hint and its error, in words, right under it.
 *   <FormField label="Workspace name" name="name" error={state.fieldErrors?.name}>
 *     {(p) => <Input {...p} defaultValue={state.values?.name ?? current} required />}
 *   </FormField>
 */
export function FormField({
  label,
  name,
  id,
  error,
  hint,
  className,
  children,
}: {
  label: ReactNode;
  name: string;
  id?: string | undefined;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string | undefined;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const controlId = id ?? name;
  const errId = `${controlId}-error`;
  const hintId = `${controlId}-hint`;
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={controlId} className="block text-sm font-medium text-foreground">
        {label}
      </label>
      {children({ id: controlId, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? <FieldError id={errId}>{error}</FieldError> : null}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} data-testid="field-error" className="text-sm font-medium text-destructive">
      {children}
    </p>
  );
}
