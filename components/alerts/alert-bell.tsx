"use client";
// The bell in the app shell: how many alerts fired or resolved since this member last looked, and the
// recent ones (firing first; a resolved alert says that its condition cleared). Opening it marks them seen.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { formatUtc } from "@/components/dashboard/dashboard-format";
import type { AlertDto } from "@/lib/alerts/list-alerts";

type BellData = { alerts: AlertDto[]; unread: number; firing: number };

export function AlertBell({ slug }: { slug: string }) {
  const client = useQueryClient();
  const url = `/api/w/${encodeURIComponent(slug)}/dashboard/alerts`;
  const key = ["alerts", slug];
  const { data } = useQuery({
    queryKey: key,
    queryFn: async (): Promise<BellData> => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as BellData;
    },
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
  });
  const seen = useMutation({
    mutationFn: async () => {
      await fetch(url, { method: "POST" });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const unread = data?.unread ?? 0;
  return (
    <Popover onOpenChange={(open) => (open && unread > 0 ? seen.mutate() : undefined)}>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={unread > 0 ? `Alerts, ${unread} unread` : "Alerts"} data-testid="alert-bell" className="relative">
          <Bell aria-hidden />
          {unread > 0 ? (
            <span className="absolute -top-0.5 -right-0.5 flex min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] leading-4 font-semibold text-destructive-foreground" data-testid="alert-unread">
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-80 max-w-[calc(100vw-1rem)] p-0">
        <p className="border-b border-border px-3 py-2 text-sm font-semibold">
          Alerts{data && data.firing > 0 ? ` · ${data.firing} firing` : ""}
        </p>
        {!data || data.alerts.length === 0 ? (
          <p className="px-3 py-4 text-sm text-muted-foreground">No alerts. Failing runs, unreachable providers, re-authorisation and old conflicts are reported here and by e-mail to admins.</p>
        ) : (
          <ul className="max-h-96 divide-y divide-border overflow-y-auto" data-testid="alert-list" tabIndex={0}>
            {data.alerts.map((a) => (
              <li key={a.id} className="space-y-1 px-3 py-2 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span className="min-w-0 truncate font-medium">{a.title}</span>
                  <Badge variant={a.status === "firing" ? "danger" : "success"}>{a.status === "firing" ? "firing" : "resolved"}</Badge>
                </div>
                <p className="break-words text-muted-foreground">{a.message}</p>
                <p className="text-xs text-muted-foreground">
                  Fired {formatUtc(a.firedAt)}
                  {a.resolvedAt ? ` · resolved ${formatUtc(a.resolvedAt)}: ${a.resolvedReason ?? "the condition cleared."}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p className="border-t border-border px-3 py-2 text-sm">
          <Link href={`/w/${slug}/alerts`} className="text-primary hover:underline">
            All alerts and rules
          </Link>
        </p>
      </PopoverContent>
    </Popover>
  );
}
