import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { DeliveryDto } from "@/lib/integrations/sandbox/panel";

const badge: Record<string, BadgeVariant> = { sent: "success", failed: "danger", dropped: "warning" };

/** Webhook deliveries a sandbox sent (or dropped), newest first; credentials are already redacted by the panel DTO. */
export function DeliveryList({ deliveries }: { deliveries: DeliveryDto[] }) {
  if (deliveries.length === 0) return <p className="text-sm text-muted-foreground">No deliveries yet. Change a record to send one.</p>;
  return (
    <ul className="divide-y divide-border" data-testid="deliveries">
      {deliveries.map((d) => (
        <li key={d.id} className="py-3">
          <details>
            <summary className="flex min-w-0 cursor-pointer flex-wrap items-center gap-3 text-sm">
              <Badge variant={badge[d.status] ?? "secondary"}>{d.status}</Badge>
              {d.responseStatus !== null ? <span className="text-muted-foreground">HTTP {d.responseStatus}</span> : null}
              {d.fault ? <Badge variant="outline">fault: {d.fault}</Badge> : null}
              <span className="min-w-0 flex-1 truncate text-muted-foreground">{d.url}</span>
              <span className="text-xs text-muted-foreground">{new Date(d.createdAt).toLocaleString()}</span>
            </summary>
            <div className="mt-2 grid gap-2 text-xs">
              <pre className="overflow-x-auto rounded-md bg-muted p-3" data-testid="delivery-headers">
                {Object.entries(d.headers)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join("\n")}
              </pre>
              <pre className="max-h-80 overflow-auto rounded-md bg-muted p-3">{d.body}</pre>
              {d.responseBody || d.error ? <pre className="overflow-x-auto rounded-md bg-muted p-3 text-muted-foreground">{d.error ?? d.responseBody}</pre> : null}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
