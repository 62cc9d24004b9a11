// The workspace's runs: which connection, what ran, how it ended, and a link to the run page (its
// operations with the redacted HTTP exchanges, reused from the connection's runs).
import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RUN_KIND_LABEL, RUN_TRIGGER_LABEL, RunStatusBadge, formatDuration, formatRunTime } from "@/components/sync/sync-runs-table";
import type { WorkspaceRunRow } from "@/lib/dashboard/list-workspace-runs";

export function WorkspaceRunsTable({ runs, slug }: { runs: WorkspaceRunRow[]; slug: string }) {
  return (
    <Table data-testid="workspace-runs">
      <TableHeader>
        <TableRow>
          <TableHead>Started</TableHead>
          <TableHead>Connection</TableHead>
          <TableHead>Object</TableHead>
          <TableHead>Run</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Read</TableHead>
          <TableHead className="text-right">Written</TableHead>
          <TableHead className="text-right">Failed</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead>Error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((r) => (
          <TableRow key={r.id} data-testid="workspace-run-row">
            <TableCell className="whitespace-nowrap">
              <Link href={`/w/${slug}/connections/${r.connectionId}/runs/${r.id}`} className="text-primary hover:underline">
                {formatRunTime(r.startedAt)}
              </Link>
            </TableCell>
            <TableCell className="max-w-48 truncate">{r.connectionName}</TableCell>
            <TableCell>{r.object}</TableCell>
            <TableCell className="whitespace-nowrap">
              {RUN_KIND_LABEL[r.kind]} <span className="text-muted-foreground">({RUN_TRIGGER_LABEL[r.trigger]})</span>
            </TableCell>
            <TableCell>
              <RunStatusBadge status={r.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.read}</TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.created + r.counts.updated + r.counts.deleted}</TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.failed}</TableCell>
            <TableCell className="text-right tabular-nums">{formatDuration(r.durationMs)}</TableCell>
            <TableCell className="max-w-64 truncate text-muted-foreground" title={r.error?.message}>
              {r.error ? `${r.error.code}: ${r.error.message}` : ""}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
