"use client";

// The draft mapping applied to real records, side by side: provider value -> what Switchboard would
// hold (and what it holds now), and Switchboard value -> what the provider would receive (and what the
// saved mapping sends now). Values the hub would refuse are marked.
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { MappingPreview } from "@/lib/mappings/preview-mapping";

function show(v: unknown): string {
  if (v === undefined) return "—";
  if (v === null || v === "") return "(empty)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

type Column = { key: number; title: string };
type Row = { id: string; title: string; lines: Record<number, { from: unknown; to: unknown; now: unknown; error?: string | undefined }> };

/** Records down, rules across: each cell shows the value read, what the draft makes of it, and what holds now when it differs. */
function PreviewTable({ columns, rows }: { columns: Column[]; rows: Row[] }) {
  if (rows.length === 0 || columns.length === 0) return null;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Record</TableHead>
          {columns.map((c) => (
            <TableHead key={c.key}>{c.title}</TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell className="font-medium">{row.title}</TableCell>
            {columns.map((c) => {
              const l = row.lines[c.key];
              return (
                <TableCell key={c.key} className="align-top text-xs">
                  <div className="text-muted-foreground">{show(l?.from)}</div>
                  <div className={l?.error ? "text-destructive" : "font-medium"}>→ {show(l?.to)}</div>
                  {l?.error ? <div className="text-destructive">{l.error}</div> : null}
                  {l && l.now !== undefined && show(l.now) !== show(l.to) ? <div className="text-muted-foreground">now: {show(l.now)}</div> : null}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function MappingPreviewView({ preview, providerName, hubFields, onClose }: { preview: MappingPreview; providerName: string; hubFields: { key: string; label: string }[]; onClose: () => void }) {
  const label = (key: string) => hubFields.find((f) => f.key === key)?.label ?? key;
  const indexed = preview.rules.map((r, i) => ({ r, i }));
  const pullColumns = indexed.filter(({ r }) => r.direction !== "push").map(({ r, i }) => ({ key: i, title: `${r.providerField} → ${label(r.hubField)}` }));
  const pushColumns = indexed.filter(({ r }) => r.direction !== "pull").map(({ r, i }) => ({ key: i, title: `${label(r.hubField)} → ${r.providerField}` }));
  const inbound: Row[] = preview.fromProvider.map((row) => ({
    id: row.externalId,
    title: row.title,
    lines: Object.fromEntries(row.cells.map((c) => [c.rule, { from: c.providerValue, to: c.hubDraft, now: c.hubNow, error: c.error }])),
  }));
  const outbound: Row[] = preview.fromHub.map((row) => ({
    id: row.recordId,
    title: row.title,
    lines: Object.fromEntries(row.cells.map((c) => [c.rule, { from: c.hubValue, to: c.providerDraft, now: c.providerNow }])),
  }));
  return (
    <div className="space-y-4 rounded-lg border border-border p-3" data-testid="mapping-preview">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="text-sm font-semibold">Preview of the draft (nothing saved)</h4>
        <Button type="button" variant="ghost" size="sm" onClick={onClose}>
          Close preview
        </Button>
      </div>
      {preview.problems.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-destructive">
          {preview.problems.map((p, k) => (
            <li key={k}>{p.message}</li>
          ))}
        </ul>
      ) : null}
      <div className="space-y-1">
        <h5 className="text-sm font-medium">From {providerName} into Switchboard ({preview.fromProvider.length} records)</h5>
        {preview.providerError ? <p className="text-sm text-destructive">{preview.providerError}</p> : null}
        <PreviewTable columns={pullColumns} rows={inbound} />
      </div>
      <div className="space-y-1">
        <h5 className="text-sm font-medium">From Switchboard to {providerName} ({preview.fromHub.length} records)</h5>
        {preview.fromHub.length === 0 ? <p className="text-sm text-muted-foreground">Switchboard has no records of this kind yet.</p> : null}
        <PreviewTable columns={pushColumns} rows={outbound} />
      </div>
    </div>
  );
}
