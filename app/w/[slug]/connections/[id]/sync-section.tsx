// The connection page's "Sync" card: one block per synced object, and the latest runs.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { ObjectSyncCard } from "@/components/sync/object-sync-card";
import { SyncRunsTable } from "@/components/sync/sync-runs-table";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { connectionSyncStatus } from "@/lib/sync/connection-sync-status";
import { listSyncRuns } from "@/lib/sync/list-sync-runs";
import { fullResyncAction, retryFailedAction, saveSyncSettingAction, syncNowAction } from "./sync-actions";

export async function SyncSection({ access, connectionId }: { access: WorkspaceAccess; connectionId: string }) {
  const status = await connectionSyncStatus(access, connectionId);
  const s = access.workspace.slug;
  const base = `/w/${s}/connections/${connectionId}`;
  if (!status.supported) {
    return (
      <Card title="Sync" id="sync">
        <p className="text-sm text-muted-foreground">{status.reason}</p>
      </Card>
    );
  }
  const runs = await listSyncRuns(access, connectionId, { limit: 10 });
  const canManage = roleAtLeast(access.role, "admin");
  const canRun = status.status === "active" && !status.paused;
  return (
    <Card
      title="Sync"
      id="sync"
      description={status.paused ? "Sync is paused for this connection: nothing is pulled or pushed until it is resumed." : "What this connection syncs, and how it went. Times are UTC."}
    >
      <div className="space-y-4">
        {status.objects.map((o) => (
          <ObjectSyncCard
            key={o.object}
            status={o}
            canManage={canManage}
            canRun={canRun}
            saveAction={saveSyncSettingAction.bind(null, s, connectionId, o.object)}
            pullAction={syncNowAction.bind(null, s, connectionId, o.object)}
            fullResyncAction={fullResyncAction.bind(null, s, connectionId, o.object)}
            retryAction={retryFailedAction.bind(null, s, connectionId, o.object, undefined)}
          />
        ))}
        <div className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">Latest runs</h3>
            <Link href={`${base}/runs`} className="text-sm text-primary hover:underline">
              All runs
            </Link>
          </div>
          {runs.rows.length === 0 ? <p className="text-sm text-muted-foreground">No runs yet. The first pull starts within a minute of connecting.</p> : <SyncRunsTable runs={runs.rows} runHref={(runId) => `/w/${access.workspace.slug}/runs/${runId}`} />}
        </div>
      </div>
    </Card>
  );
}
