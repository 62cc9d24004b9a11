"use client";

import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight, Search } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type { ColumnDef };

/** Column meta we understand: a class for the cells (widths, alignment) and the label used in stacked rows. */
declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match the library's declaration
  interface ColumnMeta<TData, TValue> {
    className?: string;
    /** Shown before the value when rows stack on small screens; defaults to the header when it is a string. */
    label?: string;
  }
}

/**
 * A table with sorting (click a header), a text filter over every column and pagination.
 * Below `sm` the rows stack into cards (label: value), so nothing pushes the page sideways.
 *   <DataTable columns={columns} data={rows} filterLabel="Filter connections" emptyState={<EmptyState …/>} />
 * Columns are @tanstack/react-table ColumnDefs; give them `accessorKey`/`accessorFn` to make them sortable.
 */
export function DataTable<TData>({
  columns,
  data,
  filterLabel,
  pageSize = 20,
  emptyState,
  getRowId,
  rowTestId,
  initialSorting = [],
  className,
}: {
  columns: ColumnDef<TData>[];
  data: TData[];
  /** Shows a filter box when set (its accessible name). */
  filterLabel?: string;
  pageSize?: number;
  emptyState?: ReactNode;
  getRowId?: (row: TData) => string;
  rowTestId?: (row: TData) => string;
  initialSorting?: SortingState;
  className?: string;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [globalFilter, setGlobalFilter] = useState("");
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table v8 returns fresh functions by design; this component is not memoised
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize } },
    ...(getRowId ? { getRowId: (row: TData) => getRowId(row) } : {}),
  });
  if (data.length === 0 && emptyState) return <>{emptyState}</>;
  const rows = table.getRowModel().rows;
  const pageCount = table.getPageCount();
  return (
    <div className={cn("min-w-0", className)}>
      {filterLabel ? (
        <div className="relative mb-3 max-w-xs">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input type="search" aria-label={filterLabel} placeholder={filterLabel} value={globalFilter} onChange={(e) => setGlobalFilter(e.target.value)} className="pl-8" />
        </div>
      ) : null}
      <div className="overflow-hidden rounded-lg border border-border bg-card">
        <Table className="max-sm:block" containerClassName="max-sm:overflow-visible">
          <TableHeader className="max-sm:hidden">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <TableHead
                      key={header.id}
                      className={header.column.columnDef.meta?.className}
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className="-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          {sorted === "asc" ? <ArrowUp aria-hidden className="size-3.5" /> : sorted === "desc" ? <ArrowDown aria-hidden className="size-3.5" /> : <ArrowUpDown aria-hidden className="size-3.5 opacity-50" />}
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </TableHead>
                  );
                })}
              </tr>
            ))}
          </TableHeader>
          <TableBody className="max-sm:block">
            {rows.length === 0 ? (
              <tr className="max-sm:block">
                <td colSpan={columns.length} className="px-4 py-8 text-center text-sm text-muted-foreground max-sm:block">
                  Nothing matches “{globalFilter}”.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <TableRow key={row.id} data-testid={rowTestId?.(row.original)} className="max-sm:block max-sm:space-y-1.5 max-sm:px-4 max-sm:py-3">
                  {row.getVisibleCells().map((cell) => {
                    const def = cell.column.columnDef;
                    const label = def.meta?.label ?? (typeof def.header === "string" ? def.header : undefined);
                    return (
                      <TableCell key={cell.id} className={cn("max-sm:flex max-sm:min-w-0 max-sm:items-center max-sm:gap-3 max-sm:p-0", def.meta?.className)}>
                        {label ? (
                          <span aria-hidden className="w-24 shrink-0 text-xs text-muted-foreground sm:hidden">
                            {label}
                          </span>
                        ) : null}
                        <div className="min-w-0 max-sm:flex-1">{flexRender(def.cell, cell.getContext())}</div>
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {pageCount > 1 ? (
        <div className="mt-3 flex items-center justify-between gap-2 text-sm text-muted-foreground">
          <span>
            Page {table.getState().pagination.pageIndex + 1} of {pageCount} · {table.getFilteredRowModel().rows.length} rows
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
              <ChevronLeft aria-hidden /> Previous
            </Button>
            <Button variant="secondary" size="sm" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
              Next <ChevronRight aria-hidden />
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
