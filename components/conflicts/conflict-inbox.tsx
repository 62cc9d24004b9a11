"use client";

// The open conflicts as a table: record, connection, field, both values with when and from where they
// changed; resolve one by a click (keep Switchboard's, take the provider's, enter a value) or every
// conflict the filter matches at once. Conflicts open for more than a day are highlighted.
import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import type { ConflictActionResult } from "@/components/conflicts/conflict-actions";

/** The server actions, bound to the workspace by the page. */
export type ConflictInboxActions = {
  resolve: (conflictId: string, resolution: { kind: "hub" } | { kind: "provider" } | { kind: "value"; value: string }) => Promise<ConflictActionResult>;
  resolveFiltered: (filter: { connectionId?: string; field?: string }, kind: "hub" | "provider") => Promise<ConflictActionResult>;
};

export type ConflictView = {
  id: string;
  recordTitle: string;
  recordHref: string;
  connectionName: string;
  connectionHref: string;
  providerName: string;
  fieldLabel: string;
  hubValue: string;
  hubChangedAt: string | null;
  hubSource: string;
  providerValue: string;
  providerChangedAt: string | null;
  openedAt: string;
  stale: boolean;
};

function report(res: ConflictActionResult) {
  if (res.ok) toast.success(res.message);
  else toast.error(res.message, res.code ? { description: `Error code: ${res.code}` } : undefined);
}

const at = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "time unknown");

export function ConflictInbox({ actions, rows, total, filter, filterLabel }: { actions: ConflictInboxActions; rows: ConflictView[]; total: number; filter: { connectionId?: string; field?: string }; filterLabel: string }) {
  const [pending, start] = useTransition();
  const [editing, setEditing] = useState<string | null>(null);
  const act = (fn: () => Promise<ConflictActionResult>) =>
    start(async () => {
      const res = await fn();
      report(res);
      if (res.ok) setEditing(null);
    });
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-muted-foreground" data-testid="conflict-total">
          {total} open conflict{total === 1 ? "" : "s"}
          {filterLabel ? ` ${filterLabel}` : ""}
        </span>
        <ConfirmDialog title={`Keep Switchboard's value for ${Math.min(total, 500)} conflicts?`} description="Switchboard's values are sent to the providers again." confirmLabel="Keep Switchboard's values" onConfirm={() => act(() => actions.resolveFiltered(filter, "hub"))}>
          <Button type="button" variant="outline" size="sm" disabled={pending}>
            Keep Switchboard&apos;s for all
          </Button>
        </ConfirmDialog>
        <ConfirmDialog title={`Take the providers' values for ${Math.min(total, 500)} conflicts?`} description="Each record is updated in Switchboard and the value goes to every connection." confirmLabel="Take the providers' values" onConfirm={() => act(() => actions.resolveFiltered(filter, "provider"))}>
          <Button type="button" variant="outline" size="sm" disabled={pending}>
            Take provider&apos;s for all
          </Button>
        </ConfirmDialog>
      </div>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Record</TableHead>
            <TableHead>Connection</TableHead>
            <TableHead>Field</TableHead>
            <TableHead>Switchboard</TableHead>
            <TableHead>Provider</TableHead>
            <TableHead>Resolve</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} className={cn(r.stale && "bg-warning/10")} data-testid="conflict-row" data-stale={r.stale ? "true" : undefined}>
              <TableCell className="align-top">
                <Link href={r.recordHref} className="font-medium text-primary hover:underline">
                  {r.recordTitle}
                </Link>
                <div className="text-xs text-muted-foreground">
                  open since {at(r.openedAt)}
                  {r.stale ? (
                    <Badge variant="warning" className="ml-1">
                      over a day
                    </Badge>
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="align-top">
                <Link href={r.connectionHref} className="hover:underline">
                  {r.connectionName}
                </Link>
                <div className="text-xs text-muted-foreground">{r.providerName}</div>
              </TableCell>
              <TableCell className="align-top">{r.fieldLabel}</TableCell>
              <TableCell className="align-top">
                <div className="font-medium break-words" data-testid="conflict-hub-value">{r.hubValue}</div>
                <div className="text-xs text-muted-foreground">
                  {at(r.hubChangedAt)} · by {r.hubSource}
                </div>
              </TableCell>
              <TableCell className="align-top">
                <div className="font-medium break-words" data-testid="conflict-provider-value">{r.providerValue}</div>
                <div className="text-xs text-muted-foreground">
                  {at(r.providerChangedAt)} · in {r.connectionName}
                </div>
              </TableCell>
              <TableCell className="align-top">
                <div className="flex flex-wrap gap-1">
                  <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => act(() => actions.resolve(r.id, { kind: "hub" }))}>
                    Keep Switchboard&apos;s
                  </Button>
                  <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => act(() => actions.resolve(r.id, { kind: "provider" }))}>
                    Take provider&apos;s
                  </Button>
                  <Button type="button" size="sm" variant="ghost" disabled={pending} onClick={() => setEditing(editing === r.id ? null : r.id)}>
                    Enter a value
                  </Button>
                </div>
                {editing === r.id ? (
                  <form
                    className="mt-2 flex gap-1"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const value = String(new FormData(e.currentTarget).get("value") ?? "");
                      act(() => actions.resolve(r.id, { kind: "value", value }));
                    }}
                  >
                    <Input name="value" aria-label={`New value for ${r.fieldLabel}`} className="h-8 w-40" autoFocus />
                    <Button type="submit" size="sm" disabled={pending}>
                      Save
                    </Button>
                  </form>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
