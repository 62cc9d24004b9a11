"use client";

// One synced object of a connection: its state (last and next pull, pending pushes, failures, last
// error) and its settings (on/off, direction, pull schedule), with "Sync now", "Full resync" and
// "Retry failed records".
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { formatUtc } from "@/components/records/format-field-value";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { FormMessage } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Switch } from "@/components/ui/switch";
import type { ObjectSyncStatus } from "@/lib/sync/connection-sync-status";

export type SyncActionResult = { ok: true; message: string } | { ok: false; message: string; code?: string };

const DIRECTION_LABEL = { both: "Both ways", pull: "Into Switchboard only (pull)", push: "Out of Switchboard only (push)" } as const;
const INTERVALS: { value: number; label: string }[] = [
  { value: 1, label: "Every minute" },
  { value: 5, label: "Every 5 minutes" },
  { value: 15, label: "Every 15 minutes" },
  { value: 30, label: "Every 30 minutes" },
  { value: 60, label: "Every hour" },
  { value: 360, label: "Every 6 hours" },
  { value: 720, label: "Every 12 hours" },
  { value: 1440, label: "Daily" },
];


function report(res: SyncActionResult) {
  if (res.ok) toast.success(res.message);
  else toast.error(res.message, res.code ? { description: `Error code: ${res.code}` } : undefined);
}

export function ObjectSyncCard({
  status,
  canManage,
  canRun,
  saveAction,
  pullAction,
  fullResyncAction,
  retryAction,
}: {
  status: ObjectSyncStatus;
  canManage: boolean;
  canRun: boolean;
  saveAction: (input: { enabled: boolean; direction: string; pullIntervalMinutes: number }) => Promise<SyncActionResult>;
  pullAction: () => Promise<SyncActionResult>;
  fullResyncAction: () => Promise<SyncActionResult>;
  retryAction: () => Promise<SyncActionResult>;
}) {
  const [enabled, setEnabled] = useState(status.enabled);
  const [direction, setDirection] = useState<string>(status.direction);
  const [interval, setIntervalMinutes] = useState(status.pullIntervalMinutes);
  const [pending, start] = useTransition();
  const dirty = enabled !== status.enabled || direction !== status.direction || interval !== status.pullIntervalMinutes;
  const pulls = status.canPull && direction !== "push";
  const id = `sync-${status.object}`;
  return (
    <section className="space-y-4 rounded-md border border-border p-4" data-testid={`sync-object-${status.object}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">
          {status.label} <span className="font-normal text-muted-foreground">↔ {status.providerLabel}</span>
        </h3>
        <div className="flex flex-wrap gap-1.5">
          {status.running ? <Badge variant="info">Running</Badge> : null}
          <Badge variant={status.enabled ? "success" : "secondary"}>{status.enabled ? "On" : "Off"}</Badge>
        </div>
      </div>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {status.canPull ? (
          <>
            <div className="flex justify-between gap-2 sm:block">
              <dt className="text-muted-foreground">Last pull</dt>
              <dd data-testid="last-pull">{formatUtc(status.lastPullAt, "never")}</dd>
            </div>
            <div className="flex justify-between gap-2 sm:block">
              <dt className="text-muted-foreground">Next pull</dt>
              <dd data-testid="next-pull">{formatUtc(status.nextPullAt, "not scheduled")}</dd>
            </div>
          </>
        ) : (
          <div className="sm:col-span-2 text-muted-foreground">This provider cannot list {status.providerLabel.toLowerCase()}: Switchboard pushes changes and relies on its webhooks.</div>
        )}
        <div className="flex justify-between gap-2 sm:block">
          <dt className="text-muted-foreground">Pending pushes</dt>
          <dd data-testid="pending-pushes">{status.pendingPushes}</dd>
        </div>
        <div className="flex justify-between gap-2 sm:block">
          <dt className="text-muted-foreground">Failed records · open conflicts</dt>
          <dd>
            {status.failedRecords} · {status.openConflicts}
          </dd>
        </div>
      </dl>
      {status.lastError ? (
        <FormMessage kind="error" code={status.lastError.code}>
          Last error ({formatUtc(status.lastError.at, "")}): {status.lastError.message}
        </FormMessage>
      ) : null}
      {status.limitations.length > 0 ? (
        <ul className="list-disc space-y-1 pl-5 text-xs text-muted-foreground">
          {status.limitations.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : null}
      {canManage ? (
        <div className="grid gap-4 border-t border-border pt-4 sm:grid-cols-3">
          <div className="flex items-center gap-2">
            <Switch id={`${id}-enabled`} checked={enabled} onCheckedChange={setEnabled} />
            <Label htmlFor={`${id}-enabled`}>Sync {status.label.toLowerCase()}</Label>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={`${id}-direction`}>Direction</Label>
            <NativeSelect id={`${id}-direction`} value={direction} onChange={(e) => setDirection(e.target.value)}>
              {status.directions.map((d) => (
                <option key={d} value={d}>
                  {DIRECTION_LABEL[d]}
                </option>
              ))}
            </NativeSelect>
          </div>
          {status.canPull ? (
            <div className="space-y-1.5">
              <Label htmlFor={`${id}-interval`}>Pull schedule</Label>
              <NativeSelect id={`${id}-interval`} value={interval} disabled={!pulls} onChange={(e) => setIntervalMinutes(Number(e.target.value))}>
                {INTERVALS.map((i) => (
                  <option key={i.value} value={i.value}>
                    {i.label}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {canManage ? (
          <Button size="sm" disabled={!dirty || pending} onClick={() => start(async () => report(await saveAction({ enabled, direction, pullIntervalMinutes: interval })))}>
            Save settings
          </Button>
        ) : null}
        {canRun && status.canPull && status.enabled && status.direction !== "push" ? (
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => start(async () => report(await pullAction()))}>
            Sync now
          </Button>
        ) : null}
        {canManage && status.canPull && status.enabled && status.direction !== "push" ? (
          <ConfirmDialog
            title={`Full resync of ${status.label.toLowerCase()}?`}
            description="Switchboard reads every record again. Records the provider no longer has are deleted in Switchboard when the resync completes."
            confirmLabel="Start full resync"
            onConfirm={() => start(async () => report(await fullResyncAction()))}
          >
            <Button size="sm" variant="outline" disabled={pending}>
              Full resync
            </Button>
          </ConfirmDialog>
        ) : null}
        {canRun && status.failedRecords > 0 ? (
          <Button size="sm" variant="outline" disabled={pending} onClick={() => start(async () => report(await retryAction()))}>
            Retry failed records ({status.failedRecords})
          </Button>
        ) : null}
      </div>
    </section>
  );
}
