"use client";

import { toast } from "sonner";
import type { WebhookActionState } from "@/app/w/[slug]/settings/webhooks/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DeliveryDto } from "@/lib/webhooks/outbound/list-deliveries";

const VARIANT = { succeeded: "success", failed: "danger", pending: "warning" } as const;

export function WebhookDeliveries({
  deliveries,
  urls,
  resend,
}: {
  deliveries: DeliveryDto[];
  urls: Record<string, string>;
  resend: (id: string) => Promise<WebhookActionState>;
}) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Event</TableHead>
          <TableHead>Endpoint</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Attempts</TableHead>
          <TableHead className="sr-only">Actions</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {deliveries.map((d) => (
          <TableRow key={d.id} data-testid={`delivery-${d.id}`}>
            <TableCell>
              <code className="font-mono text-xs">{d.eventType}</code>
              <span className="text-muted-foreground block text-xs">{new Date(d.createdAt).toLocaleString()}</span>
            </TableCell>
            <TableCell className="max-w-56 truncate font-mono text-xs">{urls[d.endpointId] ?? "a deleted endpoint"}</TableCell>
            <TableCell>
              <Badge variant={VARIANT[d.status]}>{d.status}</Badge>
            </TableCell>
            <TableCell className="text-xs">
              <ul className="space-y-0.5">
                {d.attempts.map((a) => (
                  <li key={a.attempt} className="max-w-80 truncate" title={a.error ?? a.excerpt}>
                    #{a.attempt} {a.status ?? "no answer"} · {a.latencyMs} ms
                    {a.error ? ` · ${a.error}` : a.excerpt ? ` · ${a.excerpt}` : ""}
                  </li>
                ))}
              </ul>
            </TableCell>
            <TableCell className="text-right">
              {d.status !== "pending" && urls[d.endpointId] ? (
                <Button
                  size="sm"
                  variant="outline"
                  onClick={async () => {
                    const res = await resend(d.id);
                    if (res?.error) toast.error(res.error);
                    else if (res?.ok) toast.success(res.ok);
                  }}
                >
                  Resend
                </Button>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
