"use client";

import { useQuery } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { DeliveriesTable } from "@/components/webhooks/deliveries-table";
import type { DeliveryRow } from "@/lib/webhooks/list-deliveries";

/** The inbox list, kept live by polling every 3 s (TanStack Query pauses while the tab is hidden). */
export function DeliveriesLive({ slug, query, initial }: { slug: string; query: string; initial: DeliveryRow[] }) {
  const { data, isError } = useQuery({
    queryKey: ["webhook-deliveries", slug, query],
    queryFn: async () => {
      const res = await fetch(`/api/w/${slug}/webhooks${query ? `?${query}` : ""}`, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return ((await res.json()) as { deliveries: DeliveryRow[] }).deliveries;
    },
    initialData: initial,
    refetchInterval: 3000,
    refetchIntervalInBackground: false,
  });
  return (
    <div className="space-y-2">
      {isError ? <p className="text-destructive text-sm">Could not refresh the list; retrying.</p> : null}
      {data.length === 0 ? (
        <EmptyState
          icon={Webhook}
          title="No deliveries"
          description="Verified webhook deliveries appear here as they arrive. Refused ones are only counted, on each connection's page."
        />
      ) : (
        <DeliveriesTable slug={slug} rows={data} />
      )}
    </div>
  );
}
