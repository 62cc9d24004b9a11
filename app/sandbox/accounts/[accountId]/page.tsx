import Link from "next/link";
import { notFound } from "next/navigation";
import { saveFaultsAction } from "@/app/sandbox/actions";
import { FaultForm } from "@/components/sandbox/fault-form";
import { Card, SandboxShell } from "@/components/sandbox/sandbox-shell";
import { requireSandboxPanel } from "@/lib/integrations/sandbox/panel-guard";
import { isAppError } from "@/lib/errors/app-error";
import { getAccountView } from "@/lib/integrations/sandbox/panel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ accountId: string }>; searchParams: Promise<{ object?: string; page?: string }> };

export default async function SandboxAccountPage({ params, searchParams }: Props) {
  await requireSandboxPanel();
  const { accountId } = await params;
  const sp = await searchParams;
  const page = Math.max(0, Number.parseInt(sp.page ?? "0", 10) || 0);
  const view = await getAccountView(accountId, sp.object, page).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { account } = view;
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const q = (p: number) => `?object=${encodeURIComponent(view.objectType)}&page=${p}`;
  return (
    <SandboxShell title={account.name} crumbs={[{ href: `/sandbox/accounts/${account.id}`, label: `${account.providerName} · ${account.name}` }]}>
      <Card title="Account">
        <dl className="grid grid-cols-1 gap-2 text-sm md:grid-cols-3">
          <div><dt className="text-slate-500">Provider id</dt><dd className="font-mono">{account.externalId}</dd></div>
          <div><dt className="text-slate-500">API key / private token</dt><dd className="break-all font-mono">{account.apiKey}</dd></div>
          {view.oauthClientId && <div><dt className="text-slate-500">OAuth client id</dt><dd className="break-all font-mono">{view.oauthClientId}</dd></div>}
        </dl>
        <p className="mt-3 text-sm"><Link href={`/sandbox/accounts/${account.id}/webhooks`} className="text-indigo-600 hover:underline">Webhook subscriptions and deliveries →</Link></p>
      </Card>
      <Card title="Fault injection">
        <FaultForm accountId={account.id} faults={view.faults} action={saveFaultsAction} />
      </Card>
      <Card
        title={`${view.objects.find((o) => o.type === view.objectType)?.label ?? view.objectType} (${view.total})`}
        actions={
          <Link href={`/sandbox/accounts/${account.id}/records/new?object=${encodeURIComponent(view.objectType)}`} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
            New record
          </Link>
        }
      >
        {view.objects.length > 1 && (
          <div className="mb-4 flex gap-2">
            {view.objects.map((o) => (
              <Link key={o.type} href={`?object=${encodeURIComponent(o.type)}`} className={`rounded-md px-3 py-1 text-sm ${o.type === view.objectType ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-50"}`}>
                {o.label}
              </Link>
            ))}
          </div>
        )}
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr><th className="py-2">Record</th><th>Id</th><th>Updated</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {view.rows.map((r) => (
              <tr key={r.externalId}>
                <td className="py-2">
                  <Link href={`/sandbox/accounts/${account.id}/records/${encodeURIComponent(r.externalId)}?object=${encodeURIComponent(view.objectType)}`} className="text-indigo-600 hover:underline">{r.title}</Link>
                  <div className="text-xs text-slate-500">{r.subtitle}</div>
                </td>
                <td className="font-mono text-xs text-slate-500">{r.externalId}</td>
                <td className="text-xs text-slate-500">{new Date(r.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-4 flex items-center justify-between text-sm text-slate-500">
          <span>Page {view.page + 1} of {pages}</span>
          <span className="flex gap-3">
            {view.page > 0 && <Link href={q(view.page - 1)} className="text-indigo-600 hover:underline">← Newer</Link>}
            {view.page + 1 < pages && <Link href={q(view.page + 1)} className="text-indigo-600 hover:underline">Older →</Link>}
          </span>
        </div>
      </Card>
    </SandboxShell>
  );
}
