import type { DeliveryDto } from "@/lib/integrations/sandbox/panel";

const badge: Record<string, string> = {
  sent: "bg-emerald-50 text-emerald-700",
  failed: "bg-red-50 text-red-700",
  dropped: "bg-amber-50 text-amber-700",
};

/** Webhook deliveries a sandbox sent (or dropped), newest first. */
export function DeliveryList({ deliveries }: { deliveries: DeliveryDto[] }) {
  if (deliveries.length === 0) return <p className="text-sm text-slate-500">No deliveries yet. Change a record to send one.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {deliveries.map((d) => (
        <li key={d.id} className="py-3">
          <details>
            <summary className="flex cursor-pointer flex-wrap items-center gap-3 text-sm">
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${badge[d.status] ?? "bg-slate-100 text-slate-700"}`}>{d.status}</span>
              {d.responseStatus !== null && <span className="text-slate-600">HTTP {d.responseStatus}</span>}
              {d.fault && <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">fault: {d.fault}</span>}
              <span className="truncate text-slate-500">{d.url}</span>
              <span className="ml-auto text-xs text-slate-400">{new Date(d.createdAt).toLocaleString()}</span>
            </summary>
            <div className="mt-2 grid gap-2 text-xs">
              <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 text-slate-700">{Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>
              <pre className="max-h-80 overflow-auto rounded-md bg-slate-50 p-3 text-slate-700">{d.body}</pre>
              {(d.responseBody || d.error) && <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 text-slate-500">{d.error ?? d.responseBody}</pre>}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
