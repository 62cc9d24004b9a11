import { Webhook } from "lucide-react";
import { CreateEndpointForm } from "@/components/api/create-endpoint-form";
import { WebhookDeliveries } from "@/components/api/webhook-deliveries";
import { WebhookEndpoints } from "@/components/api/webhook-endpoints";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { listDeliveries } from "@/lib/webhooks/outbound/list-deliveries";
import { listEndpoints } from "@/lib/webhooks/outbound/outbound-endpoints";
import {
  createEndpointAction,
  deleteEndpointAction,
  recoverAction,
  resendAction,
  rotateSecretAction,
  testEventAction,
  toggleEndpointAction,
} from "./actions";

export const metadata = { title: "Outbound webhooks" };

export default async function OutboundWebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspaceRole(slug, "admin");
  const [endpoints, deliveries] = await Promise.all([listEndpoints(access), listDeliveries(access)]);
  const s = access.workspace.slug;
  const urls = Object.fromEntries(endpoints.map((e) => [e.id, e.url]));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Outbound webhooks"
        description="Your apps hear about changes here: signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), retried for about a day and a half."
      />
      <Card title="Add an endpoint">
        <CreateEndpointForm action={createEndpointAction.bind(null, s)} />
      </Card>
      <Card title="Endpoints">
        {endpoints.length === 0 ? (
          <EmptyState icon={Webhook} title="No endpoints yet" description="Add your app's URL above." />
        ) : (
          <WebhookEndpoints
            endpoints={endpoints}
            actions={{
              rotate: rotateSecretAction.bind(null, s),
              toggle: toggleEndpointAction.bind(null, s),
              remove: deleteEndpointAction.bind(null, s),
              test: testEventAction.bind(null, s),
              recover: recoverAction.bind(null, s),
            }}
          />
        )}
      </Card>
      <Card title="Recent deliveries" description="The latest 50, with every attempt.">
        {deliveries.length === 0 ? (
          <p className="text-muted-foreground text-sm">Nothing sent yet.</p>
        ) : (
          <WebhookDeliveries deliveries={deliveries} urls={urls} resend={resendAction.bind(null, s)} />
        )}
      </Card>
    </div>
  );
}
