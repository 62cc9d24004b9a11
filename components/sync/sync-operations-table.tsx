// A run's record operations: outcome and the provider's message with the (redacted) exchange first, so a
// phone shows them without scrolling the table sideways; then action, record, provider id and duration.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SyncOperationRow } from "@/lib/sync/list-sync-runs";

const OUTCOME_VARIANT = { succeeded: "success", failed: "danger", skipped: "secondary" } as const;

export function SyncOperationsTable({ operations, recordHref }: { operations: SyncOperationRow[]; recordHref: (recordId: string) => string }) {
  return (
    <Table data-testid="sync-operations">
      <TableHeader>
        <TableRow>
          <TableHead>Outcome</TableHead>
          <TableHead>Message</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Record</TableHead>
          <TableHead>Provider id</TableHead>
          <TableHead className="text-right">Duration</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {operations.map((o) => (
          <TableRow key={o.id}>
            <TableCell>
              <Badge variant={OUTCOME_VARIANT[o.outcome]}>{o.outcome}</Badge>
            </TableCell>
            <TableCell className="max-w-96 min-w-56 text-xs break-words">
              {o.errorCode ? <span className="font-mono">{o.errorCode}: </span> : null}
              {o.errorMessage ?? ""}
              {o.http ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-muted-foreground">HTTP exchange (secrets redacted)</summary>
                  <pre tabIndex={0} role="region" aria-label="HTTP exchange" className="mt-1 overflow-x-auto rounded bg-muted p-2 focus-visible:outline-2 focus-visible:outline-ring">{JSON.stringify(o.http, null, 2)}</pre>
                </details>
              ) : null}
            </TableCell>
            <TableCell>{o.action}</TableCell>
            <TableCell className="font-mono text-xs">{o.recordId ? <Link href={recordHref(o.recordId)} className="text-primary hover:underline">{o.recordId.slice(0, 10)}…</Link> : "—"}</TableCell>
            <TableCell className="font-mono text-xs">{o.externalId ?? "—"}</TableCell>
            <TableCell className="text-right tabular-nums">{o.durationMs} ms</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
