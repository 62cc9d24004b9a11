// Inputs rendered from a template's schema fields: labels and help from the schema's metadata, secret
// fields masked (type=password, never prefilled), required/type/minLength as browser validation.
// The schema's regular expressions are NOT copied into `pattern`: JSON Schema drops zod's flags (e.g. /i)
// and the browser compiles `pattern` with the `v` flag, where classes like [a-z0-9.-] are invalid — so the
// browser silently skipped them or, worse, would refuse values the server accepts. The server validates
// with the zod schema itself and its message appears next to the field.
import type { FormFieldDto } from "@/lib/connections/template-dto";
import { cn } from "@/components/ui/cn";
import { FieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";

export function SchemaFields({ fields, errors, values }: { fields: readonly FormFieldDto[]; errors?: Record<string, string> | undefined; values?: Record<string, string> | undefined }) {
  return (
    <>
      {fields.map((f) => {
        // A JSON field (the Custom REST template) collects the errors of every path inside it.
        const nested = f.kind === "json" ? Object.entries(errors ?? {}).filter(([k]) => k.startsWith(`${f.name}.`)) : [];
        const error = errors?.[f.name] ?? (nested.length ? nested.map(([k, m]) => `${k.slice(f.name.length + 1)}: ${m}`).join("\n") : undefined);
        const id = `field-${f.name.replace(/\./g, "-")}`;
        const value = f.secret ? undefined : (values?.[f.name] ?? f.defaultValue ?? undefined);
        const describedBy = [error ? `${id}-error` : null, f.description ? `${id}-help` : null].filter(Boolean).join(" ") || undefined;
        const common = { id, name: f.name, required: f.required, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy } as const;
        const label = (
          <label htmlFor={id} className="block text-sm font-medium">
            {f.title}
            {f.required ? null : <span className="ml-1 font-normal text-muted-foreground">(optional)</span>}
            {f.secret ? <span className="ml-2 rounded bg-muted px-1 py-0.5 text-[10px] font-semibold tracking-wide text-muted-foreground uppercase">secret</span> : null}
          </label>
        );
        const help = f.description ? (
          <p id={`${id}-help`} className="text-xs text-muted-foreground">
            {f.description}
          </p>
        ) : null;
        const err = error ? (
          <div className="whitespace-pre-line">
            <FieldError id={`${id}-error`}>{error}</FieldError>
          </div>
        ) : null;
        if (f.kind === "boolean") {
          return (
            <div key={f.name} className="flex items-start gap-2">
              <input type="checkbox" {...common} required={false} defaultChecked={value === "true" || value === "on"} className="mt-0.5 size-4 rounded border-input accent-primary" />
              <div className="space-y-1">
                {label}
                {err}
                {help}
              </div>
            </div>
          );
        }
        let input;
        if (f.kind === "select") {
          input = (
            <NativeSelect {...common} defaultValue={value ?? ""}>
              {f.required ? null : <option value="">—</option>}
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </NativeSelect>
          );
        } else if (f.kind === "json") {
          input = <Textarea {...common} defaultValue={value} rows={16} spellCheck={false} className="font-mono text-xs" />;
        } else {
          input = (
            <Input
              {...common}
              type={f.secret ? "password" : f.kind === "url" ? "url" : f.kind === "email" ? "email" : f.kind === "number" ? "number" : "text"}
              autoComplete={f.secret ? "new-password" : "off"}
              defaultValue={value}
              placeholder={f.placeholder ?? undefined}
              minLength={f.minLength ?? undefined}
              className={cn(f.secret && "font-mono")}
            />
          );
        }
        return (
          <div key={f.name} className="space-y-1.5">
            {label}
            {input}
            {err}
            {help}
          </div>
        );
      })}
    </>
  );
}
