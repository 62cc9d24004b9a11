import Link from "next/link";
import { PageHeader } from "@/components/workspace/page-header";
import { buttonClass } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { EnvironmentBadge, StatusBadge } from "@/components/connections/status-badge";
import { formatTime } from "@/components/connections/format-time";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { getProvider } from "@/lib/integrations/registry";
import { listConnections } from "@/lib/connections/list-connections";

export const metadata = { title: "Connections" };

export default async function ConnectionsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const connections = await listConnections(access.workspace.id);
  const s = access.workspace.slug;
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Connections"
        description="The accounts this workspace has connected."
        actions={
          <Link href={`/w/${s}/integrations`} className={buttonClass()}>
            Add a connection
          </Link>
        }
      />
      {sp.deleted ? (
        <div className="mb-4">
          <FormMessage kind="success">Connection deleted.</FormMessage>
        </div>
      ) : null}
      {connections.length === 0 ? (
        <div className="rounded-lg bg-white p-10 text-center ring-1 ring-slate-200">
          <p className="text-sm text-slate-600">No connections yet.</p>
          <Link href={`/w/${s}/integrations`} className="mt-3 inline-block text-sm font-semibold text-brand-700">
            Browse integrations →
          </Link>
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left text-sm" data-testid="connections">
            <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Integration</th>
                <th className="px-4 py-2 font-medium">Environment</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 font-medium">Last verified</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {connections.map((c) => {
                const def = getProvider(c.provider);
                return (
                  <tr key={c.id}>
                    <td className="px-4 py-2.5">
                      <Link href={`/w/${s}/connections/${c.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                        {c.name}
                      </Link>
                    </td>
                    <td className="px-4 py-2.5 text-slate-600">
                      <span className="flex items-center gap-2">
                        {/* eslint-disable-next-line @next/next/no-img-element -- small local SVG logo */}
                        {def ? <img src={def.logo} alt="" width={20} height={20} className="h-5 w-5 rounded" /> : null}
                        {def?.name ?? c.provider}
                      </span>
                    </td>
                    <td className="px-4 py-2.5">
                      <EnvironmentBadge environment={c.environment} />
                    </td>
                    <td className="px-4 py-2.5">
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="px-4 py-2.5 text-slate-500">{formatTime(c.lastVerifiedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
