"use client";

// The record's connections: where it lives in each connected system and how its sync went, with
// "Sync this record now" (pushes it again to that connection).
import Link from "next/link";
import { formatUtc } from "@/components/records/format-field-value";
import { useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RecordLinkView } from "@/lib/sync/record-links-view";

const STATUS_VARIANT = { synced: "success", pending: "info", failed: "danger", conflict: "warning" } as const;


export function RecordLinks({
  links,
  slug,
  syncNow,
}: {
  links: RecordLinkView[];
  slug: string;
  syncNow: (connectionId: string) => Promise<{ ok: boolean; message: string; code?: string }>;
}) {
  const [pending, start] = useTransition();
  return (
    <Table data-testid="record-links">
      <TableHeader>
        <TableRow>
          <TableHead>Connection</TableHead>
          <TableHead>Provider id</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last pushed</TableHead>
          <TableHead>Last pulled</TableHead>
          <TableHead>Last error</TableHead>
          <TableHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {links.map((l) => (
          <TableRow key={l.connectionId} data-testid="record-link">
            <TableCell>
              <Link href={`/w/${slug}/connections/${l.connectionId}`} className="text-primary hover:underline">
                {l.connectionName}
              </Link>
            </TableCell>
            <TableCell className="font-mono text-xs">{l.externalId ?? "not created yet"}</TableCell>
            <TableCell>
              <Badge variant={STATUS_VARIANT[l.status]}>{l.status}</Badge>
              {l.openConflicts.length > 0 ? <span className="ml-1 text-xs text-muted-foreground">({l.openConflicts.join(", ")})</span> : null}
            </TableCell>
            <TableCell className="whitespace-nowrap">{formatUtc(l.lastPushedAt, "never")}</TableCell>
            <TableCell className="whitespace-nowrap">{formatUtc(l.lastPulledAt, "never")}</TableCell>
            <TableCell className="max-w-72 min-w-0 text-xs break-words">{l.lastError ? `${l.lastError.code}: ${l.lastError.message}` : "—"}</TableCell>
            <TableCell>
              <Button
                size="sm"
                variant="outline"
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const res = await syncNow(l.connectionId);
                    if (res.ok) toast.success(res.message);
                    else toast.error(res.message, res.code ? { description: `Error code: ${res.code}` } : undefined);
                  })
                }
              >
                Sync this record now
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
