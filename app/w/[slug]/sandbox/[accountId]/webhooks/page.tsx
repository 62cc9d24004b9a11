import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DeliveryList } from "@/components/sandbox/delivery-list";
import { RemoveSubscriptionButton, SubscriptionForm } from "@/components/sandbox/subscription-form";
import { PageHeader } from "@/components/workspace/page-header";
import { orNotFound, requireSandboxPanel } from "@/lib/integrations/sandbox/panel-access";
import { getWebhookView } from "@/lib/integrations/sandbox/panel";
import { addSubscriptionAction, removeSubscriptionAction } from "../../actions";

export const metadata = { title: "Sandbox webhooks" };
export const dynamic = "force-dynamic";

export default async function SandboxWebhooksPage({ params }: { params: Promise<{ slug: string; accountId: string }> }) {
  const { slug, accountId } = await params;
  const access = await requireSandboxPanel(slug);
  const view = await orNotFound(getWebhookView(access.workspace.id, accountId));
  const s = access.workspace.slug;
  const { account } = view;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description={
          <>
            <Link href={`/w/${s}/sandbox`} className="text-primary underline underline-offset-2">
              Sandbox
            </Link>{" "}
            /{" "}
            <Link href={`/w/${s}/sandbox/${account.id}`} className="text-primary underline underline-offset-2">
              {account.providerName} · {account.name}
            </Link>
          </>
        }
      />
      <Card title="Targets" description="Where this account sends the provider's signed webhooks. Connections register theirs through the provider's API.">
        <div className="space-y-4">
          {view.subscriptions.length === 0 ? <p className="text-sm text-muted-foreground">No targets yet.</p> : null}
          <ul className="divide-y divide-border">
            {view.subscriptions.map((sub) => (
              <li key={sub.id} className="flex min-w-0 flex-wrap items-center gap-3 py-2 text-sm">
                <Badge variant={sub.active ? "success" : "secondary"}>{sub.active ? "active" : "inactive"}</Badge>
                <Badge variant="outline">{sub.scope === "app" ? "app-level" : "account"}</Badge>
                <span className="min-w-0 flex-1 truncate font-mono text-xs">{sub.url}</span>
                <span className="text-xs text-muted-foreground">{sub.events.length ? sub.events.join(", ") : "all events"}</span>
                {access.canEdit ? <RemoveSubscriptionButton url={sub.url} action={removeSubscriptionAction.bind(null, s, account.id, sub.id)} /> : null}
              </li>
            ))}
          </ul>
          {access.canEdit ? <SubscriptionForm action={addSubscriptionAction.bind(null, s, account.id)} generatesSigningSecret={view.generatesSigningSecret} /> : null}
        </div>
      </Card>
      <Card title="Deliveries" description="The last 50, newest first. Credentials in headers, URLs and bodies are hidden.">
        <DeliveryList deliveries={view.deliveries} />
      </Card>
    </div>
  );
}
