// A run's step timeline: every attempt of every page (pull) or batch (push), how long it took and how it
// ended; between a failed attempt and its retry, the wait (the provider's Retry-After when it gave one).
import { Badge } from "@/components/ui/badge";
import { formatMs } from "@/components/dashboard/dashboard-format";
import type { RunStepRow } from "@/lib/sync/run-steps";

const OUTCOME = {
  running: { label: "running", variant: "info" },
  succeeded: { label: "done", variant: "success" },
  retrying: { label: "failed, retried", variant: "warning" },
  failed: { label: "failed", variant: "danger" },
} as const;

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function RunStepTimeline({ steps, runEnded }: { steps: RunStepRow[]; runEnded: boolean }) {
  return (
    <ol className="space-y-0" data-testid="run-steps">
      {steps.map((s, i) => {
        const next = steps[i + 1];
        const endedAt = s.durationMs !== null ? new Date(s.startedAt).getTime() + s.durationMs : null;
        const waitMs = s.outcome !== "succeeded" && next && endedAt !== null ? Math.max(0, new Date(next.startedAt).getTime() - endedAt) : null;
        // an attempt still "running" in a run that ended was cut off (the server stopped mid-step)
        const outcome = s.outcome === "running" && runEnded ? { label: "interrupted", variant: "secondary" as const } : OUTCOME[s.outcome];
        return (
          <li key={s.id} className="relative border-l-2 border-border pb-3 pl-4 last:pb-0" data-testid="run-step">
            <span aria-hidden className="absolute top-1.5 -left-[5px] size-2 rounded-full bg-muted-foreground" />
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              <span className="font-medium capitalize">{s.name}</span>
              {s.attempt > 1 ? <span className="text-muted-foreground">attempt {s.attempt}</span> : null}
              <Badge variant={outcome.variant}>{outcome.label}</Badge>
              <span className="text-xs text-muted-foreground tabular-nums">
                {time(s.startedAt)} UTC · {formatMs(s.durationMs)}
              </span>
            </div>
            {s.error ? (
              <p className="mt-1 text-xs break-words text-muted-foreground">
                <span className="font-mono">{s.error.code}</span>: {s.error.message}
              </p>
            ) : null}
            {waitMs !== null ? (
              <p className="mt-1 text-xs text-muted-foreground tabular-nums">
                Waited {formatMs(waitMs)} before the next attempt{s.retryAfterMs !== null ? ` (the provider asked for ${formatMs(s.retryAfterMs)})` : ""}.
              </p>
            ) : s.outcome === "retrying" && !runEnded ? (
              <p className="mt-1 text-xs text-muted-foreground tabular-nums">Waiting to retry{s.retryAfterMs !== null ? ` (the provider asked for ${formatMs(s.retryAfterMs)})` : ""}.</p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
