import type { FaultsDto } from "@/lib/integrations/sandbox/panel";

type Props = { accountId: string; faults: FaultsDto; action: (formData: FormData) => Promise<void> };

const input = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none";

/** Fault injection settings of one sandbox account. */
export function FaultForm({ accountId, faults, action }: Props) {
  const num = (name: keyof FaultsDto, label: string, step: string, max: string) => (
    <label className="block text-sm text-slate-600">
      {label}
      <input className={input} type="number" name={name} step={step} min="0" max={max} defaultValue={String(faults[name])} />
    </label>
  );
  const check = (name: keyof FaultsDto, label: string) => (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <input type="checkbox" name={name} defaultChecked={Boolean(faults[name])} className="accent-indigo-600" />
      {label}
    </label>
  );
  return (
    <form action={action} className="grid grid-cols-2 gap-4 md:grid-cols-4">
      <input type="hidden" name="accountId" value={accountId} />
      {num("latencyMs", "Latency (ms)", "1", "60000")}
      {num("errorRate", "5xx error rate (0–1)", "0.05", "1")}
      {num("timeoutRate", "Timeout rate (0–1)", "0.05", "1")}
      {num("retryAfterSeconds", "Retry-After (s)", "1", "3600")}
      {num("webhookDropRate", "Drop webhooks (0–1)", "0.05", "1")}
      {num("webhookDuplicateRate", "Duplicate webhooks (0–1)", "0.05", "1")}
      <div className="flex flex-col justify-end gap-2">
        {check("forceRateLimit", "Force rate limit")}
        {check("webhookOutOfOrder", "Out-of-order webhooks")}
      </div>
      <div className="flex items-end">
        <button className="rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">Save faults</button>
      </div>
    </form>
  );
}
