"use client";
// Keeps a record's page current: TanStack Query polls the record's version every 3 s while the tab is
// visible (paused in the background, refreshed on focus); when a webhook, a sync run or another person
// changed it, the server components re-render in place (router.refresh keeps scroll and typed state).
import { useQuery } from "@tanstack/react-query";
import { Activity, CircleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { RecordVersionView } from "@/lib/records/get-record";

export const RECORD_POLL_MS = 3000;

export function RecordLive({ slug, path, id, version }: { slug: string; path: string; id: string; version: number }) {
  const router = useRouter();
  const { data, isError } = useQuery({
    queryKey: ["record-version", slug, path, id],
    queryFn: async (): Promise<RecordVersionView> => {
      const res = await fetch(`/api/w/${encodeURIComponent(slug)}/records/${path}/${encodeURIComponent(id)}`, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as RecordVersionView;
    },
    refetchInterval: RECORD_POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  const shown = useRef(version);
  useEffect(() => {
    shown.current = version;
  }, [version]);
  useEffect(() => {
    if (data && !data.deleted && data.version !== shown.current) {
      shown.current = data.version;
      router.refresh();
    }
  }, [data, router]);

  return (
    <p className="flex min-h-5 items-center gap-2 text-xs text-muted-foreground" aria-live="polite" data-testid="record-live" data-version={version}>
      {data?.deleted ? (
        <>
          <CircleAlert aria-hidden className="size-3.5 text-destructive" /> This record was deleted since the page opened.
        </>
      ) : isError ? (
        <>
          <CircleAlert aria-hidden className="size-3.5 text-destructive" /> Could not check for changes; retrying.
        </>
      ) : (
        <>
          <Activity aria-hidden className="size-3.5 text-success" /> Live: changes from connected systems appear here as they arrive.
        </>
      )}
    </p>
  );
}
