import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { ConnectionStatus } from "@/lib/connections/connection-dto";

const variants: Record<ConnectionStatus, BadgeVariant> = { active: "success", pending: "secondary", error: "danger", needs_reauth: "warning", disabled: "secondary" };

export const statusLabels: Record<ConnectionStatus, string> = { active: "Active", pending: "Pending", error: "Error", needs_reauth: "Needs reconnect", disabled: "Disabled" };

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <Badge data-testid="connection-status" variant={variants[status]}>
      {statusLabels[status]}
    </Badge>
  );
}

export function EnvironmentBadge({ environment }: { environment: "live" | "sandbox" }) {
  return environment === "sandbox" ? <Badge variant="outline">Sandbox</Badge> : <Badge variant="info">Live</Badge>;
}
