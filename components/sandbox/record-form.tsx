import type { RecordFormDto } from "@/lib/integrations/sandbox/panel";

type Props = {
  accountId: string;
  form: RecordFormDto;
  save: (formData: FormData) => Promise<void>;
  remove: (formData: FormData) => Promise<void>;
};

const input = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none";

/** Create or edit one sandbox record as a person in the provider's UI would. */
export function RecordForm({ accountId, form, save, remove }: Props) {
  return (
    <div>
      <form action={save} className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <input type="hidden" name="accountId" value={accountId} />
        <input type="hidden" name="objectType" value={form.objectType} />
        <input type="hidden" name="externalId" value={form.externalId ?? ""} />
        {form.fields.map((f) => (
          <label key={f.name} className="block text-sm text-slate-600">
            {f.label}
            {f.type === "select" ? (
              <select name={`f:${f.name}`} defaultValue={form.values[f.name] ?? ""} className={input}>
                {(f.options ?? []).map((o) => (
                  <option key={o} value={o}>{o || "—"}</option>
                ))}
              </select>
            ) : (
              <input name={`f:${f.name}`} type={f.type ?? "text"} defaultValue={form.values[f.name] ?? ""} className={input} />
            )}
          </label>
        ))}
        <div className="md:col-span-2">
          <button className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
            {form.externalId ? "Save changes" : "Create record"}
          </button>
        </div>
      </form>
      {form.externalId && (
        <form action={remove} className="mt-4">
          <input type="hidden" name="accountId" value={accountId} />
          <input type="hidden" name="objectType" value={form.objectType} />
          <input type="hidden" name="externalId" value={form.externalId} />
          <button className="rounded-md border border-red-300 px-4 py-2 text-sm text-red-700 hover:bg-red-50">Delete record</button>
        </form>
      )}
      {form.raw && (
        <details className="mt-6">
          <summary className="cursor-pointer text-sm text-slate-500">Stored JSON (as the provider returns it)</summary>
          <pre className="mt-2 overflow-x-auto rounded-md bg-slate-50 p-3 text-xs text-slate-700">{form.raw}</pre>
        </details>
      )}
    </div>
  );
}
