// The audit log's rows: when, who, what, on which target, from where, and the field changes of records.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUtc } from "@/components/dashboard/dashboard-format";
import type { AuditLogEntry } from "@/lib/dashboard/audit-log";

const ACTOR = { user: "person", api: "API key", connection: "connection", system: "system" } as const;

function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function AuditLogTable({ rows }: { rows: AuditLogEntry[] }) {
  return (
    <Table data-testid="audit-log">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Who</TableHead>
          <TableHead>What</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>IP</TableHead>
          <TableHead>Changes</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-testid="audit-row" className="align-top">
            <TableCell className="whitespace-nowrap">{formatUtc(r.at)}</TableCell>
            <TableCell className="max-w-56">
              <span className="block truncate">{r.actor.label}</span>
              <Badge variant="outline">{ACTOR[r.actor.kind]}</Badge>
            </TableCell>
            <TableCell className="whitespace-nowrap font-mono text-xs">{r.action}</TableCell>
            <TableCell className="max-w-56 truncate">
              {r.target.href ? (
                <Link href={r.target.href} className="text-primary hover:underline">
                  {r.target.label}
                </Link>
              ) : (
                r.target.label
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">{r.ip ?? "—"}</TableCell>
            <TableCell className="min-w-64">
              {r.diff.length === 0 ? (
                <span className="text-muted-foreground">—</span>
              ) : (
                <ul className="space-y-0.5 text-xs">
                  {r.diff.map((d) => (
                    <li key={d.field} className="break-words">
                      <span className="font-medium">{d.field}</span>: <span className="text-muted-foreground line-through">{show(d.old)}</span> → {show(d.new)}
                    </li>
                  ))}
                </ul>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
