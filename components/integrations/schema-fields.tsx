// Inputs rendered from a template's schema fields: labels and help from the schema's metadata, secret
// fields masked (type=password, never prefilled), required/format/pattern as browser validation.
import type { FormFieldDto } from "@/lib/connections/template-dto";
import { inputClass } from "@/components/ui/field";

export function SchemaFields({ fields, errors, values }: { fields: readonly FormFieldDto[]; errors?: Record<string, string> | undefined; values?: Record<string, string> | undefined }) {
  return (
    <>
      {fields.map((f) => {
        // A JSON field (the Custom REST template) collects the errors of every path inside it.
        const nested = f.kind === "json" ? Object.entries(errors ?? {}).filter(([k]) => k.startsWith(`${f.name}.`)) : [];
        const error = errors?.[f.name] ?? (nested.length ? nested.map(([k, m]) => `${k.slice(f.name.length + 1)}: ${m}`).join("\n") : undefined);
        const id = `field-${f.name.replace(/\./g, "-")}`;
        const value = f.secret ? undefined : (values?.[f.name] ?? f.defaultValue ?? undefined);
        const common = {
          id,
          name: f.name,
          required: f.required,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": error ? `${id}-error` : f.description ? `${id}-help` : undefined,
        } as const;
        const label = (
          <label htmlFor={id} className="block text-sm font-medium text-slate-700">
            {f.title}
            {f.required ? null : <span className="ml-1 font-normal text-slate-400">(optional)</span>}
            {f.secret ? <span className="ml-2 rounded bg-slate-100 px-1 py-0.5 text-[10px] font-semibold tracking-wide text-slate-500 uppercase">secret</span> : null}
          </label>
        );
        let input;
        if (f.kind === "boolean") {
          return (
            <div key={f.name} className="flex items-start gap-2">
              <input type="checkbox" {...common} required={false} defaultChecked={value === "true" || value === "on"} className="mt-1 h-4 w-4 rounded border-slate-300" />
              <div>
                {label}
                {f.description ? <p id={`${id}-help`} className="text-xs text-slate-500">{f.description}</p> : null}
              </div>
            </div>
          );
        } else if (f.kind === "select") {
          input = (
            <select {...common} defaultValue={value ?? ""} className={`mt-1 ${inputClass}`}>
              {f.required ? null : <option value="">—</option>}
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          );
        } else if (f.kind === "json") {
          input = <textarea {...common} defaultValue={value} rows={16} spellCheck={false} className={`mt-1 font-mono text-xs ${inputClass}`} />;
        } else {
          input = (
            <input
              {...common}
              type={f.secret ? "password" : f.kind === "url" ? "url" : f.kind === "email" ? "email" : f.kind === "number" ? "number" : "text"}
              autoComplete={f.secret ? "new-password" : "off"}
              defaultValue={value}
              placeholder={f.placeholder ?? undefined}
              minLength={f.minLength ?? undefined}
              pattern={f.pattern ?? undefined}
              className={`mt-1 ${inputClass}`}
            />
          );
        }
        return (
          <div key={f.name}>
            {label}
            {input}
            {error ? (
              <p id={`${id}-error`} className="mt-1 text-sm whitespace-pre-line text-red-600" data-testid="field-error">
                {error}
              </p>
            ) : f.description ? (
              <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
                {f.description}
              </p>
            ) : null}
          </div>
        );
      })}
    </>
  );
}
