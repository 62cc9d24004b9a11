import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-invalid:ring-red-500";

type FieldProps = { label: string; name: string; error?: string | undefined; hint?: ReactNode };

export function Field({ label, name, error, hint, ...input }: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  const errId = `${name}-error`;
  return (
    <div>
      <label htmlFor={input.id ?? name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">
        <input id={input.id ?? name} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? errId : undefined} className={inputClass} {...input} />
      </div>
      {error ? (
        <p id={errId} className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p className="mt-1 text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

export function SelectField({ label, name, error, children, ...select }: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  return (
    <div>
      <label htmlFor={select.id ?? name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={select.id ?? name} name={name} className={`mt-1 ${inputClass}`} {...select}>
        {children}
      </select>
      {error ? <p className="mt-1 text-sm text-red-600">{error}</p> : null}
    </div>
  );
}

export function FormMessage({ kind, children }: { kind: "error" | "success"; children: ReactNode }) {
  return (
    <div
      data-testid={kind === "error" ? "form-error" : "form-success"}
      className={`rounded-md px-3 py-2 text-sm ${kind === "error" ? "bg-red-50 text-red-700 ring-1 ring-red-200" : "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200"}`}
    >
      {children}
    </div>
  );
}
