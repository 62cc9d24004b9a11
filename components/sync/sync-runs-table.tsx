// Sync runs (of a connection, or workspace-wide with the connection named): what ran, why, how it ended
// and what it did.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SyncRunRow } from "@/lib/sync/list-sync-runs";

export const RUN_KIND_LABEL = { push: "Push", pull: "Pull", full_resync: "Full resync", backfill: "Initial backfill" } as const;
export const RUN_TRIGGER_LABEL = { schedule: "schedule", manual: "Sync now", webhook: "webhook", change: "hub change", initial: "new connection" } as const;
const STATUS_VARIANT = { running: "info", succeeded: "success", partial: "warning", failed: "danger", cancelled: "secondary" } as const;

export function RunStatusBadge({ status }: { status: SyncRunRow["status"] }) {
  return <Badge variant={STATUS_VARIANT[status]}>{status}</Badge>;
}

export function formatRunTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Runs of one connection, or of the workspace (rows with a connection name get a Connection and an Error column). */
export function SyncRunsTable({ runs, runHref }: { runs: (SyncRunRow & { connectionName?: string })[]; runHref: (id: string) => string }) {
  const workspaceWide = runs.some((r) => r.connectionName !== undefined);
  return (
    <Table data-testid="sync-runs">
      <TableHeader>
        <TableRow>
          <TableHead>Started</TableHead>
          {workspaceWide ? <TableHead>Connection</TableHead> : null}
          <TableHead>Object</TableHead>
          <TableHead>Run</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Read</TableHead>
          <TableHead className="text-right">Created</TableHead>
          <TableHead className="text-right">Updated</TableHead>
          <TableHead className="text-right">Deleted</TableHead>
          <TableHead className="text-right">Failed</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead className="text-right">Mapping</TableHead>
          {workspaceWide ? <TableHead>Error</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((r) => (
          <TableRow key={r.id} data-testid="sync-run-row">
            <TableCell className="whitespace-nowrap">
              <Link href={runHref(r.id)} className="text-primary hover:underline">
                {formatRunTime(r.startedAt)}
              </Link>
            </TableCell>
            {workspaceWide ? <TableCell className="max-w-48 truncate">{r.connectionName}</TableCell> : null}
            <TableCell>{r.object}</TableCell>
            <TableCell className="whitespace-nowrap">
              {RUN_KIND_LABEL[r.kind]} <span className="text-muted-foreground">({RUN_TRIGGER_LABEL[r.trigger]})</span>
            </TableCell>
            <TableCell>
              <RunStatusBadge status={r.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.read}</TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.created}</TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.updated}</TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.deleted}</TableCell>
            <TableCell className="text-right tabular-nums">{r.counts.failed}</TableCell>
            <TableCell className="text-right tabular-nums">{formatDuration(r.durationMs)}</TableCell>
            <TableCell className="text-right tabular-nums">{r.mappingVersion === null ? "—" : `v${r.mappingVersion}`}</TableCell>
            {workspaceWide ? (
              <TableCell className="max-w-64 truncate text-muted-foreground" title={r.error?.message}>
                {r.error ? `${r.error.code}: ${r.error.message}` : ""}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
