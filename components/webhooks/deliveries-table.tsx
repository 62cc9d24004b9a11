import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { DeliveryStatusBadge } from "@/components/webhooks/delivery-status-badge";
import type { DeliveryRow } from "@/lib/webhooks/list-deliveries";

const time = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "—");

export function latencyLabel(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Deliveries, newest first; each row opens the delivery page. */
export function DeliveriesTable({ slug, rows, showConnection = true }: { slug: string; rows: DeliveryRow[]; showConnection?: boolean }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Received</TableHead>
          {showConnection ? <TableHead>Connection</TableHead> : null}
          <TableHead>Type</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Processed</TableHead>
          <TableHead>Latency</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-testid="delivery-row">
            <TableCell className="whitespace-nowrap">
              <Link href={`/w/${slug}/webhooks/${r.id}`} className="text-primary hover:underline">
                {time(r.receivedAt)}
              </Link>
            </TableCell>
            {showConnection ? (
              <TableCell className="max-w-48 min-w-0">
                <Truncate text={`${r.connectionName} (${r.provider})`} />
              </TableCell>
            ) : null}
            <TableCell className="max-w-56 min-w-0">
              <Truncate text={r.eventType} />
              {r.duplicateCount > 0 ? (
                <span className="text-muted-foreground text-xs">
                  {" "}
                  +{r.duplicateCount} duplicate{r.duplicateCount === 1 ? "" : "s"}
                </span>
              ) : null}
            </TableCell>
            <TableCell>
              <DeliveryStatusBadge status={r.status} />
            </TableCell>
            <TableCell className="whitespace-nowrap">{time(r.processedAt)}</TableCell>
            <TableCell className="whitespace-nowrap">{latencyLabel(r.latencyMs)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
