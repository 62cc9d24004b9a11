import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/workspace/page-header";
import { describeAction, formatDateTime } from "@/components/workspace/format";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { listMembers } from "@/lib/workspaces/members";
import { listPendingInvitations } from "@/lib/workspaces/invitations";
import { listRecentAudit } from "@/lib/audit/list-audit";

export const metadata = { title: "Overview" };

export default async function WorkspaceOverview({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const [members, invites, activity] = await Promise.all([
    listMembers(access.workspace.id),
    listPendingInvitations(access.workspace.id),
    listRecentAudit(access.workspace.id, 15),
  ]);
  return (
    <div className="max-w-5xl">
      <PageHeader title={access.workspace.name} description={`You are ${access.role === "admin" ? "an" : "the"} ${access.role} of this workspace.`} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Members" value={members.length} href={`/w/${slug}/settings#members`} />
        <Stat label="Pending invitations" value={invites.length} href={`/w/${slug}/settings#invitations`} />
        <Stat label="Your role" value={access.role} />
      </div>
      <div className="mt-6">
        <Card title="Recent activity" description="Who changed what in this workspace.">
          {activity.length === 0 ? (
            <p className="text-sm text-slate-500">Nothing has happened yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="activity">
              {activity.map((a) => (
                <li key={a.id} className="flex items-center justify-between gap-4 py-2 text-sm">
                  <span>
                    <span className="font-medium text-slate-900">{a.actor}</span> <span className="text-slate-600">{describeAction(a.action)}</span>
                    {metaSummary(a.metadata)}
                  </span>
                  <time className="shrink-0 text-xs text-slate-400" dateTime={a.createdAt}>
                    {formatDateTime(a.createdAt)}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function metaSummary(meta: unknown) {
  if (!meta || typeof meta !== "object") return null;
  const m = meta as Record<string, unknown>;
  const email = typeof m.email === "string" ? m.email : null;
  return email ? <span className="text-slate-500"> ({email})</span> : null;
}

function Stat({ label, value, href }: { label: string; value: string | number; href?: string }) {
  const body = (
    <div className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 capitalize">{value}</p>
    </div>
  );
  return href ? (
    <Link href={href} className="block hover:opacity-90">
      {body}
    </Link>
  ) : (
    body
  );
}
