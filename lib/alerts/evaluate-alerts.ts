// Alert rules checked against each connection of a workspace (run every minute by
// inngest/functions/alert-evaluate.ts): a condition that holds raises one firing alert per rule and
// connection and e-mails the workspace's admins; a firing alert whose condition no longer holds is
// resolved, says so, and the admins hear that too.
import { db } from "@/lib/db/client";
import type { AlertKind } from "@/lib/generated/prisma/enums";
import { appUrl } from "@/lib/env";
import { simpleMail } from "@/lib/mail/mail-message";
import { sendMail } from "@/lib/mail/send-mail";
import { emitAlertsFired } from "@/lib/webhooks/outbound/emit-outbound-event";
import { ruleLabel, workspaceRules } from "@/lib/alerts/alert-rules";

const UNREACHABLE = new Set(["PROVIDER_UNAVAILABLE", "CONNECTION_FAILED"]);
const STREAK_WINDOW = 50;

type Finding = { kind: AlertKind; connectionId: string; message: string };

type Rules = Awaited<ReturnType<typeof workspaceRules>>;

/** What is wrong right now, per rule and connection. */
async function findings(workspaceId: string, rules: Rules, now: Date): Promise<Finding[]> {
  const connections = await db.connection.findMany({ where: { workspaceId, status: { not: "disabled" } }, select: { id: true, name: true, status: true, syncEnabled: true } });
  const out: Finding[] = [];
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const lastHour = await db.$queryRaw<{ connection_id: string; total: bigint; failed: bigint }[]>`
    SELECT connection_id, count(*)::bigint AS total, count(*) FILTER (WHERE status = 'failed')::bigint AS failed
    FROM sync_runs WHERE workspace_id = ${workspaceId} AND started_at >= ${hourAgo} AND status <> 'running'
    GROUP BY connection_id`;
  const conflictCutoff = new Date(now.getTime() - rules.conflicts_waiting.threshold * 3_600_000);
  const oldConflicts = await db.$queryRaw<{ connection_id: string; n: bigint }[]>`
    SELECT connection_id, count(*)::bigint AS n FROM sync_conflicts
    WHERE workspace_id = ${workspaceId} AND status = 'open' AND created_at < ${conflictCutoff} GROUP BY connection_id`;

  for (const c of connections) {
    if (rules.needs_reauth.enabled && c.status === "needs_reauth") out.push({ kind: "needs_reauth", connectionId: c.id, message: `${c.name} needs re-authorisation: reconnect it to resume syncing.` });
    const h = lastHour.find((x) => x.connection_id === c.id);
    if (rules.failure_rate.enabled && h && Number(h.total) > 0) {
      const share = Number(h.failed) / Number(h.total);
      if (share > rules.failure_rate.threshold) out.push({ kind: "failure_rate", connectionId: c.id, message: `${c.name}: ${h.failed} of ${h.total} runs failed in the last hour (${Math.round(share * 100)} %).` });
    }
    const conflicts = oldConflicts.find((x) => x.connection_id === c.id);
    if (rules.conflicts_waiting.enabled && conflicts) out.push({ kind: "conflicts_waiting", connectionId: c.id, message: `${c.name}: ${conflicts.n} conflicts have waited over ${rules.conflicts_waiting.threshold} h for a decision.` });

    if (rules.consecutive_failures.enabled || rules.provider_unreachable.enabled) {
      const recent = await db.syncRun.findMany({
        where: { connectionId: c.id, workspaceId, status: { not: "running" } },
        orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        take: STREAK_WINDOW,
        select: { status: true, errorCode: true, startedAt: true },
      });
      let failedStreak = 0;
      while (failedStreak < recent.length && recent[failedStreak]?.status === "failed") failedStreak++;
      if (rules.consecutive_failures.enabled && failedStreak > rules.consecutive_failures.threshold) {
        out.push({ kind: "consecutive_failures", connectionId: c.id, message: `${c.name}: the last ${failedStreak >= STREAK_WINDOW ? `${STREAK_WINDOW}+` : failedStreak} runs failed in a row.` });
      }
      let unreachable = 0;
      while (unreachable < recent.length && recent[unreachable]?.status === "failed" && UNREACHABLE.has(recent[unreachable]?.errorCode ?? "")) unreachable++;
      const since = unreachable > 0 ? recent[unreachable - 1]?.startedAt : undefined;
      if (rules.provider_unreachable.enabled && since && now.getTime() - since.getTime() > rules.provider_unreachable.threshold * 60_000) {
        out.push({ kind: "provider_unreachable", connectionId: c.id, message: `${c.name}: the provider has not answered since ${since.toISOString().slice(0, 16).replace("T", " ")} UTC.` });
      }
    }
  }
  return out;
}

async function mailAdmins(workspaceId: string, subject: string, paragraphs: string[]): Promise<void> {
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true, name: true } });
  const admins = await db.membership.findMany({ where: { workspaceId, role: { in: ["owner", "admin"] } }, select: { user: { select: { email: true } } } });
  for (const a of admins) {
    await sendMail(
      simpleMail({
        to: a.user.email,
        subject: `[${ws.name}] ${subject}`,
        paragraphs,
        action: { label: "Open the dashboard", url: `${appUrl()}/w/${ws.slug}` },
        footer: `You get this because you are an admin of ${ws.name} on Switchboard.`,
      }),
    );
  }
}

/** Why a firing alert no longer holds: its rule was switched off, changed by an admin, or the condition cleared. */
function resolvedReason(rule: Rules[AlertKind], firedAt: Date): string {
  if (!rule.enabled) return "The rule was switched off.";
  if (rule.changedAt && rule.changedAt > firedAt) return "The rule changed and its condition no longer holds.";
  return "The condition cleared.";
}

export type EvaluateResult = { fired: string[]; resolved: string[]; firing: number };

/** Checks every rule for one workspace: fires new alerts, resolves cleared ones, mails admins about both. */
export async function evaluateWorkspaceAlerts(workspaceId: string, now = new Date()): Promise<EvaluateResult> {
  const rules = await workspaceRules(workspaceId);
  const found = await findings(workspaceId, rules, now);
  const open = await db.alert.findMany({ where: { workspaceId, status: "firing" } });
  const key = (f: { kind: AlertKind; connectionId: string | null }) => `${f.kind}:${f.connectionId ?? ""}`;
  const foundKeys = new Set(found.map(key));
  const fired: string[] = [];
  const resolved: string[] = [];
  for (const f of found) {
    const k = key(f);
    const existing = open.find((a) => a.openKey === k);
    if (existing) {
      if (existing.message !== f.message) await db.alert.update({ where: { id: existing.id }, data: { message: f.message } });
      continue;
    }
    const created = await db.alert.createManyAndReturn({
      data: [{ workspaceId, kind: f.kind, connectionId: f.connectionId, openKey: k, message: f.message, firedAt: now }],
      skipDuplicates: true,
    });
    if (created[0]) {
      fired.push(created[0].id);
      await mailAdmins(workspaceId, `Alert: ${ruleLabel(f.kind, rules[f.kind].threshold)}`, [f.message, `Fired at ${now.toISOString().slice(0, 16).replace("T", " ")} UTC.`]);
    }
  }
  for (const a of open) {
    if (a.openKey && foundKeys.has(a.openKey)) continue;
    const reason = resolvedReason(rules[a.kind], a.firedAt);
    const n = await db.alert.updateMany({ where: { id: a.id, status: "firing" }, data: { status: "resolved", resolvedAt: now, openKey: null, resolvedReason: reason } });
    if (n.count === 1) {
      resolved.push(a.id);
      await mailAdmins(workspaceId, `Resolved: ${ruleLabel(a.kind, rules[a.kind].threshold)}`, [`Resolved: ${a.message}`, `${reason} Resolved at ${now.toISOString().slice(0, 16).replace("T", " ")} UTC.`]);
    }
  }
  await emitAlertsFired(fired);
  return { fired, resolved, firing: found.length };
}

/** Every workspace that has a connection or a firing alert. */
export async function evaluateAllAlerts(now = new Date()): Promise<{ workspaces: number; fired: number; resolved: number }> {
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT workspace_id AS id FROM connections UNION SELECT DISTINCT workspace_id FROM alerts WHERE status = 'firing'`;
  let fired = 0;
  let resolved = 0;
  for (const { id } of ids) {
    const r = await evaluateWorkspaceAlerts(id, now);
    fired += r.fired.length;
    resolved += r.resolved.length;
  }
  return { workspaces: ids.length, fired, resolved };
}
