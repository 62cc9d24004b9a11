"use client";
// Record operations over time from the hourly rollups: succeeded vs failed, or per connection. Colours are
// the theme's tokens, so the chart reads in light and dark.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardData } from "@/lib/dashboard/load-dashboard";

const CONNECTION_COLOURS = ["var(--primary)", "var(--info)", "var(--success)", "var(--warning)", "var(--destructive)", "var(--muted-foreground)"];
const TOP = 5;

function tickLabel(iso: string, bucketMs: number): string {
  const d = new Date(iso);
  return bucketMs >= 86_400_000
    ? d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" })
    : d.toLocaleString("en-GB", { ...(bucketMs > 3_600_000 ? { day: "numeric", month: "short" } : {}), hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
}

export function OperationsChart({ chart, mode }: { chart: DashboardData["chart"]; mode: "outcome" | "connection" }) {
  const totals = new Map<string, number>();
  for (const p of chart.points) for (const [id, v] of Object.entries(p.byConnection)) totals.set(id, (totals.get(id) ?? 0) + v);
  const top = chart.connections.filter((c) => (totals.get(c.id) ?? 0) > 0).sort((a, b) => (totals.get(b.id) ?? 0) - (totals.get(a.id) ?? 0)).slice(0, TOP);
  const topIds = new Set(top.map((c) => c.id));
  const hasOthers = [...totals.keys()].some((id) => !topIds.has(id));
  const data = chart.points.map((p) => {
    const row: Record<string, number | string> = { t: tickLabel(p.t, chart.bucketMs), succeeded: p.succeeded, failed: p.failed };
    let others = 0;
    for (const [id, v] of Object.entries(p.byConnection)) {
      if (topIds.has(id)) row[id] = v;
      else others += v;
    }
    if (hasOthers) row.others = others;
    return row;
  });
  const axis = { stroke: "var(--muted-foreground)", fontSize: 12 };
  return (
    <div className="h-64 w-full" role="img" aria-label={mode === "outcome" ? "Record operations over time, succeeded and failed" : "Record operations over time by connection"}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="t" tick={{ fill: "var(--muted-foreground)" }} {...axis} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fill: "var(--muted-foreground)" }} {...axis} />
          <Tooltip
            cursor={{ fill: "var(--muted)" }}
            contentStyle={{ background: "var(--popover)", color: "var(--popover-foreground)", border: "1px solid var(--border)", borderRadius: 6, fontSize: 12 }}
            labelStyle={{ color: "var(--popover-foreground)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12, color: "var(--foreground)" }} />
          {mode === "outcome" ? (
            <>
              <Bar dataKey="succeeded" name="Succeeded" stackId="a" fill="var(--success)" isAnimationActive={false} />
              <Bar dataKey="failed" name="Failed" stackId="a" fill="var(--destructive)" isAnimationActive={false} />
            </>
          ) : (
            <>
              {top.map((c, i) => (
                <Bar key={c.id} dataKey={c.id} name={c.name} stackId="c" fill={CONNECTION_COLOURS[i % CONNECTION_COLOURS.length] ?? "var(--primary)"} isAnimationActive={false} />
              ))}
              {hasOthers ? <Bar dataKey="others" name="Other connections" stackId="c" fill="var(--muted-foreground)" isAnimationActive={false} /> : null}
            </>
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
