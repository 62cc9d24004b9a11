import { notFound } from "next/navigation";
import { addSubscriptionAction, removeSubscriptionAction } from "@/app/sandbox/actions";
import { DeliveryList } from "@/components/sandbox/delivery-list";
import { Card, SandboxShell } from "@/components/sandbox/sandbox-shell";
import { requireSandboxPanel } from "@/lib/integrations/sandbox/panel-guard";
import { isAppError } from "@/lib/errors/app-error";
import { getWebhookView } from "@/lib/integrations/sandbox/panel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ accountId: string }> };

export default async function SandboxWebhooksPage({ params }: Props) {
  await requireSandboxPanel();
  const { accountId } = await params;
  const view = await getWebhookView(accountId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { account } = view;
  return (
    <SandboxShell title="Webhooks" crumbs={[{ href: `/sandbox/accounts/${account.id}`, label: `${account.providerName} · ${account.name}` }]}>
      <Card title="Subscriptions">
        {view.subscriptions.length === 0 ? (
          <p className="mb-4 text-sm text-slate-500">No target registered. Connections register theirs; you can add one by hand.</p>
        ) : (
          <ul className="mb-4 divide-y divide-slate-100 text-sm">
            {view.subscriptions.map((s) => (
              <li key={s.id} className="flex items-center gap-3 py-2">
                <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{s.scope}</span>
                <span className="truncate font-mono text-xs">{s.url}</span>
                <span className="text-xs text-slate-500">{s.events.length ? s.events.join(", ") : "all events"}</span>
                <form action={removeSubscriptionAction} className="ml-auto">
                  <input type="hidden" name="accountId" value={account.id} />
                  <input type="hidden" name="subscriptionId" value={s.id} />
                  <button className="text-xs text-red-700 hover:underline">Remove</button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form action={addSubscriptionAction} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="accountId" value={account.id} />
          <label className="flex-1 text-sm text-slate-600">
            Target URL
            <input name="url" type="url" required className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" placeholder="http://localhost:3000/api/webhooks/…" />
          </label>
          <label className="text-sm text-slate-600">
            Events (comma-separated, empty = all)
            <input name="events" className="mt-1 w-64 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          </label>
          <button className="rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">Add</button>
        </form>
      </Card>
      <Card title="Deliveries (latest 50)">
        <DeliveryList deliveries={view.deliveries} />
      </Card>
    </SandboxShell>
  );
}
