import { Plus } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/workspace/page-header";
import { buttonClass } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { ConnectionsTable } from "@/components/connections/connections-table";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { getProvider } from "@/lib/integrations/registry";
import { listConnections } from "@/lib/connections/list-connections";
import { openConflictsByConnection } from "@/lib/conflicts/list-conflicts";

export const metadata = { title: "Connections" };

export default async function ConnectionsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const [connections, conflicts] = await Promise.all([listConnections(access.workspace.id), openConflictsByConnection(access.workspace.id)]);
  const s = access.workspace.slug;
  const rows = connections.map((c) => {
    const def = getProvider(c.provider);
    return { id: c.id, name: c.name, providerName: def?.name ?? c.provider, logo: def?.logo ?? null, environment: c.environment, status: c.status, lastVerifiedAt: c.lastVerifiedAt, openConflicts: conflicts.get(c.id) ?? 0 };
  });
  return (
    <div>
      <PageHeader
        title="Connections"
        description="The accounts this workspace has connected. Times are in UTC."
        actions={
          <Link href={`/w/${s}/integrations`} className={buttonClass()}>
            <Plus aria-hidden /> Add a connection
          </Link>
        }
      />
      {sp.deleted ? (
        <div className="mb-4">
          <FormMessage kind="success">Connection deleted.</FormMessage>
        </div>
      ) : null}
      <div data-testid="connections">
        <ConnectionsTable slug={s} rows={rows} />
      </div>
    </div>
  );
}
