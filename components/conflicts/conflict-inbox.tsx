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
      {/* narrow screens: one card per conflict, every value and button in view */}
      <ul className="space-y-3 md:hidden" aria-label="Open conflicts">
        {rows.map((r) => (
          <li key={r.id} className={cn("space-y-2 rounded-lg border border-border p-3 text-sm", r.stale && "bg-warning/10")} data-testid="conflict-card">
            <div className="flex flex-wrap items-baseline justify-between gap-x-2">
              <Link href={r.recordHref} className="font-medium text-primary hover:underline">
                {r.recordTitle}
              </Link>
              <span className="text-muted-foreground">{r.fieldLabel}</span>
            </div>
            <div className="text-xs text-muted-foreground">
              <Link href={r.connectionHref} className="hover:underline">
                {r.connectionName}
              </Link>{" "}
              · open since {at(r.openedAt)}
              {r.stale ? (
                <Badge variant="warning" className="ml-1">
                  over a day
                </Badge>
              ) : null}
            </div>
            <dl className="grid grid-cols-2 gap-2">
              <div className="min-w-0">
                <dt className="text-xs text-muted-foreground">Switchboard</dt>
                <dd className="font-medium break-words">{r.hubValue}</dd>
                <dd className="text-xs text-muted-foreground">
                  {at(r.hubChangedAt)} · by {r.hubSource}
                </dd>
              </div>
              <div className="min-w-0">
                <dt className="text-xs text-muted-foreground">{r.providerName}</dt>
                <dd className="font-medium break-words">{r.providerValue}</dd>
                <dd className="text-xs text-muted-foreground">{at(r.providerChangedAt)}</dd>
              </div>
            </dl>
            <ResolveControls row={r} pending={pending} editing={editing === r.id} onEdit={() => setEditing(editing === r.id ? null : r.id)} resolve={(res) => act(() => actions.resolve(r.id, res))} />
          </li>
        ))}
      </ul>
      <div className="hidden md:block">
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
                <ResolveControls row={r} pending={pending} editing={editing === r.id} onEdit={() => setEditing(editing === r.id ? null : r.id)} resolve={(res) => act(() => actions.resolve(r.id, res))} />
              </TableCell>
            </TableRow>
          ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}

type Resolution = Parameters<ConflictInboxActions["resolve"]>[1];

/** Keep Switchboard's, take the provider's, or enter a value (a small form). */
function ResolveControls({ row, pending, editing, onEdit, resolve }: { row: ConflictView; pending: boolean; editing: boolean; onEdit: () => void; resolve: (r: Resolution) => void }) {
  return (
    <>
      <div className="flex flex-wrap gap-1">
        <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => resolve({ kind: "hub" })}>
          Keep Switchboard&apos;s
        </Button>
        <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => resolve({ kind: "provider" })}>
          Take provider&apos;s
        </Button>
        <Button type="button" size="sm" variant="ghost" disabled={pending} onClick={onEdit}>
          Enter a value
        </Button>
      </div>
      {editing ? (
        <form
          className="mt-2 flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            resolve({ kind: "value", value: String(new FormData(e.currentTarget).get("value") ?? "") });
          }}
        >
          <Input name="value" aria-label={`New value for ${row.fieldLabel}`} className="h-8 w-40" autoFocus />
          <Button type="submit" size="sm" disabled={pending}>
            Save
          </Button>
        </form>
      ) : null}
    </>
  );
}
