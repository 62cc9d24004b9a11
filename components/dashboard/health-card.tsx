// One connection on the dashboard: its health score, status colour, the reason when it is not healthy,
// and the parts the score is made of. Links lead to the connection, its runs and its conflicts.
import Link from "next/link";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Truncate } from "@/components/ui/truncate";
import { formatAgo, formatCount, formatHeadroom, formatPercent, formatTokenExpiry } from "@/components/dashboard/dashboard-format";
import type { ConnectionCard } from "@/lib/dashboard/load-dashboard";

const STATUS: Record<ConnectionCard["health"]["status"], { label: string; badge: BadgeVariant; bar: string }> = {
  healthy: { label: "Healthy", badge: "success", bar: "bg-success" },
  degraded: { label: "Degraded", badge: "warning", bar: "bg-warning" },
  failing: { label: "Failing", badge: "danger", bar: "bg-destructive" },
  paused: { label: "Paused", badge: "secondary", bar: "bg-muted-foreground" },
  setting_up: { label: "Setting up", badge: "info", bar: "bg-info" },
};

function Part({ label, value, tone }: { label: string; value: string; tone?: "bad" | "warn" | undefined }) {
  return (
    <div className="flex min-w-0 items-baseline justify-between gap-2 py-0.5">
      <dt className="truncate text-muted-foreground">{label}</dt>
      <dd className={cn("shrink-0 font-medium tabular-nums", tone === "bad" && "text-destructive", tone === "warn" && "text-warning")}>{value}</dd>
    </div>
  );
}

/** Where "Runs" on a card leads: the workspace runs list filtered to the connection (and to failures when it has some). */
export function runsHref(slug: string, card: Pick<ConnectionCard, "id" | "parts">): string {
  return `/w/${slug}/runs?connection=${encodeURIComponent(card.id)}${card.parts.failedRuns24h > 0 ? "&status=failed&since=24h" : ""}`;
}

export function HealthCard({ card, slug, now }: { card: ConnectionCard; slug: string; now: string }) {
  const s = STATUS[card.health.status];
  const p = card.parts;
  const base = `/w/${slug}/connections/${card.id}`;
  const rateTone = (r: number | null) => (r === null ? undefined : r < 0.9 ? "bad" : r < 0.99 ? "warn" : undefined);
  return (
    <article className="flex min-w-0 flex-col rounded-lg border border-border bg-card shadow-xs" data-testid={`health-card-${card.id}`} aria-label={`${card.name}: ${s.label}`}>
      <div className={cn("h-1 rounded-t-lg", s.bar)} aria-hidden />
      <div className="flex flex-1 flex-col gap-3 p-4">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <Truncate text={card.name} href={base} className="font-semibold" />
            <p className="truncate text-xs text-muted-foreground">
              {card.providerName}
              {card.environment === "sandbox" ? " · sandbox" : ""}
              {card.running > 0 ? ` · ${card.running} running` : ""}
            </p>
          </div>
          <div className="flex shrink-0 flex-col items-end gap-1">
            <span className="text-2xl leading-none font-semibold tabular-nums" data-testid="health-score" aria-label={card.health.score === null ? "No score" : `Health score ${card.health.score} of 100`}>
              {card.health.score ?? "—"}
            </span>
            <Badge variant={s.badge} data-testid="health-status">
              {s.label}
            </Badge>
          </div>
        </div>
        <p className="min-h-10 text-sm text-muted-foreground" data-testid="health-reason">
          {card.health.reason ?? "Everything is flowing."}
        </p>
        <dl className="grid grid-cols-1 gap-x-6 text-sm sm:grid-cols-2 md:grid-cols-1">
          <Part label="Success 24 h" value={formatPercent(card.health.successRate24h)} tone={rateTone(card.health.successRate24h)} />
          <Part label="Success 7 d" value={formatPercent(card.health.successRate7d)} tone={rateTone(card.health.successRate7d)} />
          <Part label="Last good pull" value={p.pullIntervalMinutes === null ? "not pulling" : formatAgo(p.lastSuccessfulPullAt, now)} />
          <Part label="Queued pushes" value={formatCount(p.queuedPushes)} />
          <Part label="Webhooks waiting" value={formatCount(p.unprocessedWebhooks)} />
          <Part label="Webhooks OK 24 h" value={formatPercent(card.health.webhookSuccessRate24h)} tone={rateTone(card.health.webhookSuccessRate24h)} />
          <Part label="Open conflicts" value={formatCount(p.openConflicts)} tone={p.openConflicts > 0 ? "warn" : undefined} />
          <Part label="Failed records" value={formatCount(p.failedRecords)} tone={p.failedRecords > 0 ? "bad" : undefined} />
          <Part label="Token" value={p.authKind === "oauth2" ? formatTokenExpiry(p.tokenExpiresAt, now) : "API key"} />
          <Part label="Rate-limit headroom" value={formatHeadroom(p.rateLimit, card.health.rateLimitHeadroom, now)} tone={card.health.rateLimitHeadroom === null ? undefined : card.health.rateLimitHeadroom < 0.1 ? "bad" : card.health.rateLimitHeadroom < 0.25 ? "warn" : undefined} />
          <Part label="Provider answered 24 h" value={p.providerCalls24h === 0 ? "no calls" : formatPercent(card.health.providerAvailability24h)} tone={rateTone(card.health.providerAvailability24h)} />
        </dl>
        <div className="mt-auto flex flex-wrap gap-x-4 gap-y-1 border-t border-border pt-3 text-sm">
          <Link className="text-primary hover:underline" href={runsHref(slug, card)}>
            {p.failedRuns24h > 0 ? `Failing runs (${p.failedRuns24h})` : "Runs"}
          </Link>
          <Link className="text-primary hover:underline" href={base}>
            Connection
          </Link>
        </div>
      </div>
    </article>
  );
}
