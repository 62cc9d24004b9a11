import type { ConnectionStatus } from "@/lib/connections/connection-dto";

const styles: Record<ConnectionStatus, string> = {
  active: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  pending: "bg-slate-50 text-slate-600 ring-slate-200",
  error: "bg-red-50 text-red-700 ring-red-200",
  needs_reauth: "bg-amber-50 text-amber-800 ring-amber-200",
  disabled: "bg-slate-100 text-slate-500 ring-slate-200",
};

const labels: Record<ConnectionStatus, string> = { active: "Active", pending: "Pending", error: "Error", needs_reauth: "Needs reconnect", disabled: "Disabled" };

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span data-testid="connection-status" className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status]}`}>
      {labels[status]}
    </span>
  );
}

export function EnvironmentBadge({ environment }: { environment: "live" | "sandbox" }) {
  return environment === "sandbox" ? (
    <span className="inline-flex items-center rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-700 ring-1 ring-violet-200 ring-inset">Sandbox</span>
  ) : (
    <span className="inline-flex items-center rounded-full bg-sky-50 px-2 py-0.5 text-xs font-medium text-sky-700 ring-1 ring-sky-200 ring-inset">Live</span>
  );
}
