"use client";

import { Cable } from "lucide-react";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Truncate } from "@/components/ui/truncate";
import { EnvironmentBadge, StatusBadge, statusLabels } from "@/components/connections/status-badge";
import { formatTime } from "@/components/connections/format-time";
import type { ConnectionStatus } from "@/lib/connections/connection-dto";

export type ConnectionRow = {
  id: string;
  name: string;
  providerName: string;
  logo: string | null;
  environment: "live" | "sandbox";
  status: ConnectionStatus;
  lastVerifiedAt: string | null;
  /** open sync conflicts of the connection (linked to the conflict inbox when above zero) */
  openConflicts?: number;
};

/** The connections of a workspace: sortable, filterable; long names truncate with a tooltip. */
export function ConnectionsTable({ slug, rows }: { slug: string; rows: ConnectionRow[] }) {
  const columns: ColumnDef<ConnectionRow>[] = [
    {
      accessorKey: "name",
      header: "Name",
      meta: { className: "max-w-0 w-[40%] max-sm:max-w-none max-sm:w-auto" },
      cell: ({ row }) => (
<Truncate text={row.original.name} href={`/w/${slug}/connections/${row.original.id}`} className="font-medium" />
      ),
    },
    {
      accessorKey: "providerName",
      header: "Integration",
      cell: ({ row }) => (
        <span className="flex items-center gap-2 whitespace-nowrap text-muted-foreground">
          {/* eslint-disable-next-line @next/next/no-img-element -- small local SVG logo */}
          {row.original.logo ? <img src={row.original.logo} alt="" width={20} height={20} className="size-5 rounded" /> : null}
          {row.original.providerName}
        </span>
      ),
    },
    { accessorKey: "environment", header: "Environment", cell: ({ row }) => <EnvironmentBadge environment={row.original.environment} /> },
    {
      accessorKey: "status",
      header: "Status",
      sortingFn: (a, b) => statusLabels[a.original.status].localeCompare(statusLabels[b.original.status]),
      filterFn: (row, _id, value: string) => statusLabels[row.original.status].toLowerCase().includes(value.toLowerCase()),
      cell: ({ row }) => (
        <span className="flex flex-wrap items-center gap-2">
          <StatusBadge status={row.original.status} />
          {row.original.openConflicts ? (
            <Link href={`/w/${slug}/conflicts?connection=${row.original.id}`} className="text-xs font-medium whitespace-nowrap text-warning hover:underline">
              {row.original.openConflicts} conflict{row.original.openConflicts === 1 ? "" : "s"}
            </Link>
          ) : null}
        </span>
      ),
    },
    {
      accessorKey: "lastVerifiedAt",
      header: "Last verified",
      cell: ({ row }) => <span className="whitespace-nowrap text-muted-foreground">{formatTime(row.original.lastVerifiedAt, "never")}</span>,
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      filterLabel="Filter connections"
      getRowId={(r) => r.id}
      rowTestId={(r) => `connection-row-${r.id}`}
      emptyState={
        <EmptyState
          icon={Cable}
          title="No connections yet."
          description="Connect a CRM from the catalog: sign in with OAuth or paste an API key."
          action={
            <Link href={`/w/${slug}/integrations`} className={buttonClass()}>
              Browse integrations
            </Link>
          }
        />
      }
    />
  );
}
