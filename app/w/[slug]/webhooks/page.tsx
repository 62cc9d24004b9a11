import { DEFAULT_WEBHOOK_RETENTION_DAYS } from "@/lib/webhooks/prune-deliveries";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { PageHeader } from "@/components/workspace/page-header";
import { DeliveriesLive } from "@/components/webhooks/deliveries-live";
import { ReplayFailedForm } from "@/components/webhooks/webhook-range-forms";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { listConnections } from "@/lib/connections/list-connections";
import { deliveryFiltersSchema, deliveryStatuses, listDeliveries } from "@/lib/webhooks/list-deliveries";
import { replayFailedAction } from "./actions";

export const metadata = { title: "Webhooks" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const local = (d: Date) => d.toISOString().slice(0, 16);

export default async function WebhooksPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const filters = deliveryFiltersSchema.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, first(v)])));
  const [connections, rows] = await Promise.all([listConnections(access.workspace.id), listDeliveries(access.workspace.id, filters)]);
  const query = new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  ).toString();
  const s = access.workspace.slug;
  const now = new Date();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description={`Verified deliveries from your connected providers, newest first (times in UTC). The list refreshes by itself. Open a delivery for its payload, headers, processing log and the records it touched. Finished deliveries are kept ${DEFAULT_WEBHOOK_RETENTION_DAYS} days.`}
      />
      <Card>
        <form method="get" className="grid grid-cols-2 items-end gap-3 md:grid-cols-5" aria-label="Filter deliveries">
          <div className="min-w-0 space-y-1">
            <Label htmlFor="wh-connection">Connection</Label>
            <NativeSelect id="wh-connection" name="connection" defaultValue={filters.connection ?? ""}>
              <option value="">All</option>
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="min-w-0 space-y-1">
            <Label htmlFor="wh-status">Status</Label>
            <NativeSelect id="wh-status" name="status" defaultValue={filters.status ?? ""}>
              <option value="">All</option>
              {deliveryStatuses.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="min-w-0 space-y-1">
            <Label htmlFor="wh-since">Received</Label>
            <NativeSelect id="wh-since" name="since" defaultValue={filters.since ?? ""}>
              <option value="">Any time</option>
              <option value="1h">last hour</option>
              <option value="24h">last 24 h</option>
              <option value="7d">last 7 days</option>
              <option value="30d">last 30 days</option>
            </NativeSelect>
          </div>
          <div className="min-w-0 space-y-1">
            <Label htmlFor="wh-type">Type contains</Label>
            <Input id="wh-type" name="type" defaultValue={filters.type ?? ""} placeholder="contacts.updated" />
          </div>
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
      </Card>
      <DeliveriesLive slug={s} query={query} initial={rows} />
      {roleAtLeast(access.role, "admin") ? (
        <Card title="Replay failed deliveries" description="Every delivery that failed in this range is applied again, oldest first.">
          <ReplayFailedForm
            action={replayFailedAction.bind(null, s)}
            defaultFrom={local(new Date(now.getTime() - 86400_000))}
            defaultTo={local(new Date(now.getTime() + 60_000))}
          />
        </Card>
      ) : null}
    </div>
  );
}
