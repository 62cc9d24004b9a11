import { Activity, MailPlus, ShieldCheck, Users } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { describeAction, formatDateTime } from "@/components/workspace/format";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { LiveDashboard } from "@/components/dashboard/live-dashboard";
import { listMembers } from "@/lib/workspaces/members";
import { listPendingInvitations } from "@/lib/workspaces/invitations";
import { listRecentAudit } from "@/lib/audit/list-audit";

export const metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function WorkspaceDashboard({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const [dashboard, members, invites, activity] = await Promise.all([
    loadDashboard(access),
    listMembers(access.workspace.id),
    listPendingInvitations(access.workspace.id),
    listRecentAudit(access.workspace.id, 15),
  ]);
  const s = access.workspace.slug;
  return (
    <div>
      <PageHeader
        title={access.workspace.name}
        description={`Is your data flowing? Health of every connection, what synced and what failed. You are ${access.role === "admin" ? "an" : "the"} ${access.role} of this workspace.`}
      />
      <LiveDashboard slug={s} initial={dashboard} />
      <div className="mt-6 grid gap-4 sm:grid-cols-3">
        <Stat icon={<Users aria-hidden />} label="Members" value={members.length} href={`/w/${s}/settings#members`} />
        <Stat icon={<MailPlus aria-hidden />} label="Pending invitations" value={invites.length} href={`/w/${s}/settings#invitations`} />
        <Stat icon={<ShieldCheck aria-hidden />} label="Your role" value={access.role} />
      </div>
      <Card
        className="mt-6"
        title="Recent activity"
        description="Who changed what in this workspace (times in UTC)."
        actions={
          roleAtLeast(access.role, "admin") ? (
            <Link href={`/w/${s}/audit`} className={buttonClass("outline", "", "sm")}>
              Full audit log
            </Link>
          ) : undefined
        }
      >
        {activity.length === 0 ? (
          <EmptyState icon={Activity} title="Nothing has happened yet" description="Renames, invitations and connections show up here." className="border-0 py-6" />
        ) : (
          <ul className="divide-y divide-border" data-testid="activity">
            {activity.map((a) => (
              <li key={a.id} className="flex flex-col gap-0.5 py-2 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                <span className="min-w-0 break-words">
                  <span className="font-medium">{a.actor}</span> <span className="text-muted-foreground">{describeAction(a.action)}</span>
                  {metaSummary(a.metadata)}
                </span>
                <time className="shrink-0 text-xs text-muted-foreground" dateTime={a.createdAt}>
                  {formatDateTime(a.createdAt)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function metaSummary(meta: unknown) {
  if (!meta || typeof meta !== "object") return null;
  const m = meta as Record<string, unknown>;
  const email = typeof m.email === "string" ? m.email : null;
  return email ? <span className="break-all text-muted-foreground"> ({email})</span> : null;
}

function Stat({ icon, label, value, detail, href }: { icon: ReactNode; label: string; value: string | number; detail?: string; href?: string }) {
  const body = (
    <div className="h-full rounded-lg border border-border bg-card px-5 py-4 shadow-xs transition-colors group-hover:border-primary/50">
      <p className="flex items-center gap-2 text-sm text-muted-foreground [&_svg]:size-4">
        {icon}
        {label}
      </p>
      <p className="mt-1 text-2xl font-semibold capitalize">{value}</p>
      {detail ? <p className="text-xs text-muted-foreground">{detail}</p> : null}
    </div>
  );
  return href ? (
    <Link href={href} className="group block rounded-lg focus-visible:outline-2 focus-visible:outline-ring">
      {body}
    </Link>
  ) : (
    body
  );
}
