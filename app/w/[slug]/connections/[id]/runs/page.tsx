import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { SyncRunsTable } from "@/components/sync/sync-runs-table";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { db } from "@/lib/db/client";
import { listSyncRuns } from "@/lib/sync/list-sync-runs";

export const metadata = { title: "Sync runs" };

export default async function SyncRunsPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const connection = await db.connection.findFirst({ where: { id, workspaceId: access.workspace.id }, select: { id: true, name: true } });
  if (!connection) notFound();
  const before = typeof sp.before === "string" ? sp.before : undefined;
  const runs = await listSyncRuns(access, id, { ...(before ? { before } : {}), limit: 50 });
  const base = `/w/${access.workspace.slug}/connections/${id}`;
  return (
    <div className="space-y-6">
      <Link href={base} className="text-sm text-muted-foreground hover:text-foreground">
        ← {connection.name}
      </Link>
      <PageHeader title="Sync runs" description={`Every pull and push of ${connection.name}, newest first. Kept for 30 days.`} />
      <Card>
        {runs.rows.length === 0 ? (
          <EmptyState title="No runs yet" description="Runs appear when a pull is due, when you press Sync now, or when a hub change is pushed." />
        ) : (
          <div className="space-y-3">
            <SyncRunsTable runs={runs.rows} runHref={(runId) => `/w/${access.workspace.slug}/runs/${runId}`} />
            <div className="flex flex-wrap justify-end gap-2">
              {before ? (
                <Link href={`${base}/runs`} className={buttonClass("outline", "", "sm")}>
                  Newest
                </Link>
              ) : null}
              {runs.nextBefore ? (
                <Link href={`${base}/runs?before=${encodeURIComponent(runs.nextBefore)}`} className={buttonClass("outline", "", "sm")}>
                  Older runs
                </Link>
              ) : null}
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
