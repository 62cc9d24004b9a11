"use client";
// The run page's actions: cancel a running sync (it stops after the page or batch in flight), push a
// push run's failed records again, and Sync now / Full resync of the run's object. Each answers with a
// toast; a running run's page refreshes itself every 2 s while the tab is visible.
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";

export type RunActionResult = { ok: true; message: string } | { ok: false; message: string; code?: string };
type Action = () => Promise<RunActionResult>;

export function RunActions({
  can,
  cancelAction,
  retryAction,
  syncNowAction,
  fullResyncAction,
}: {
  can: { cancel: boolean; retryFailed: boolean; syncNow: boolean; fullResync: boolean };
  cancelAction: Action;
  retryAction: Action;
  syncNowAction: Action;
  fullResyncAction: Action;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const run = (action: Action) =>
    start(async () => {
      const res = await action();
      if (res.ok) toast.success(res.message);
      else toast.error(res.message, res.code ? { description: `Error code: ${res.code}` } : undefined);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap gap-2" data-testid="run-actions">
      {can.cancel ? (
        <ConfirmDialog title="Cancel this sync?" description="It stops after the page or batch in progress; what that step wrote stays. You can start it again with Sync now." confirmLabel="Cancel the sync" cancelLabel="Keep running" destructive onConfirm={() => run(cancelAction)}>
          <Button variant="danger" size="sm" disabled={pending}>
            Cancel sync
          </Button>
        </ConfirmDialog>
      ) : null}
      {can.retryFailed ? (
        <Button variant="outline" size="sm" disabled={pending} onClick={() => run(retryAction)}>
          Retry failed records
        </Button>
      ) : null}
      {can.syncNow ? (
        <Button variant="outline" size="sm" disabled={pending} onClick={() => run(syncNowAction)}>
          Sync now
        </Button>
      ) : null}
      {can.fullResync ? (
        <ConfirmDialog title="Start a full resync?" description="Every record is read from the provider again, and records it no longer has are deleted in Switchboard when the resync completes." confirmLabel="Start full resync" onConfirm={() => run(fullResyncAction)}>
          <Button variant="outline" size="sm" disabled={pending}>
            Full resync
          </Button>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** Refreshes the server-rendered page every `ms` while `active` and the tab is visible. */
export function RefreshWhile({ active, ms = 2000 }: { active: boolean; ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, ms);
    return () => window.clearInterval(id);
  }, [active, ms, router]);
  return null;
}
