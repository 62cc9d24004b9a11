"use client";

// One page of records: title + the object's list columns; the next page is a link (keyset cursor), so
// the table works without JavaScript and costs the same on every page.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { formatFieldValue, formatUtc } from "@/components/records/format-field-value";
import type { FieldDescriptor } from "@/lib/records/record-object-definition";
import type { RecordRow } from "@/lib/records/list-records";

export function RecordTable({
  rows,
  columns,
  basePath,
  titleLabel,
  nextHref,
  firstHref,
}: {
  rows: RecordRow[];
  columns: FieldDescriptor[];
  basePath: string;
  titleLabel: string;
  nextHref: string | null;
  firstHref: string | null;
}) {
  return (
    <div className="space-y-3">
      <Table data-testid="records-table">
        <TableHeader>
          <TableRow>
            <TableHead>{titleLabel}</TableHead>
            {columns.map((c) => (
              <TableHead key={c.key} className={c.kind === "money" || c.kind === "integer" ? "text-right" : undefined}>
                {c.label}
              </TableHead>
            ))}
            <TableHead>Last change</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} data-testid="record-row">
              <TableCell className="max-w-64 min-w-0 font-medium">
                <Truncate text={r.title}>
                  {(t) => (
                    <Link href={`${basePath}/${r.id}`} className="text-primary hover:underline">
                      {t}
                    </Link>
                  )}
                </Truncate>
              </TableCell>
              {columns.map((c) => (
                <TableCell key={c.key} className={c.kind === "money" || c.kind === "integer" ? "text-right tabular-nums" : "max-w-56 min-w-0"}>
                  <Truncate text={formatFieldValue(c, r.fields[c.key] ?? null, r.fields)} />
                </TableCell>
              ))}
              <TableCell className="whitespace-nowrap text-muted-foreground">{formatUtc(r.updatedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className="flex flex-wrap justify-end gap-2">
        {firstHref ? (
          <Link href={firstHref} className={buttonClass("outline", "", "sm")}>
            First page
          </Link>
        ) : null}
        {nextHref ? (
          <Link href={nextHref} className={buttonClass("outline", "", "sm")} data-testid="next-page">
            Next page
          </Link>
        ) : null}
      </div>
    </div>
  );
}
