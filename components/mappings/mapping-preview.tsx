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

export function MappingPreviewView({ preview, providerName, hubFields, onClose }: { preview: MappingPreview; providerName: string; hubFields: { key: string; label: string }[]; onClose: () => void }) {
  const label = (key: string) => hubFields.find((f) => f.key === key)?.label ?? key;
  const pullRules = preview.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.direction !== "push");
  const pushRules = preview.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.direction !== "pull");
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
        {preview.fromProvider.length > 0 && pullRules.length > 0 ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Record</TableHead>
                {pullRules.map(({ r, i }) => (
                  <TableHead key={i}>
                    {r.providerField} → {label(r.hubField)}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {preview.fromProvider.map((row) => (
                <TableRow key={row.externalId}>
                  <TableCell className="font-medium">{row.title}</TableCell>
                  {pullRules.map(({ i }) => {
                    const c = row.cells.find((x) => x.rule === i);
                    return (
                      <TableCell key={i} className="align-top text-xs">
                        <div className="text-muted-foreground">{show(c?.providerValue)}</div>
                        <div className={c?.error ? "text-destructive" : "font-medium"}>→ {show(c?.hubDraft)}</div>
                        {c?.error ? <div className="text-destructive">{c.error}</div> : null}
                        {c && c.hubNow !== undefined && show(c.hubNow) !== show(c.hubDraft) ? <div className="text-muted-foreground">now: {show(c.hubNow)}</div> : null}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </div>
      <div className="space-y-1">
        <h5 className="text-sm font-medium">From Switchboard to {providerName} ({preview.fromHub.length} records)</h5>
        {preview.fromHub.length === 0 ? <p className="text-sm text-muted-foreground">Switchboard has no records of this kind yet.</p> : null}
        {preview.fromHub.length > 0 && pushRules.length > 0 ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Record</TableHead>
                {pushRules.map(({ r, i }) => (
                  <TableHead key={i}>
                    {label(r.hubField)} → {r.providerField}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {preview.fromHub.map((row) => (
                <TableRow key={row.recordId}>
                  <TableCell className="font-medium">{row.title}</TableCell>
                  {pushRules.map(({ i }) => {
                    const c = row.cells.find((x) => x.rule === i);
                    return (
                      <TableCell key={i} className="align-top text-xs">
                        <div className="text-muted-foreground">{show(c?.hubValue)}</div>
                        <div className="font-medium">→ {show(c?.providerDraft)}</div>
                        {c && c.providerNow !== undefined && show(c.providerNow) !== show(c.providerDraft) ? <div className="text-muted-foreground">now: {show(c.providerNow)}</div> : null}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </div>
    </div>
  );
}
