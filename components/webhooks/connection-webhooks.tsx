// The connection page's webhook section: registration with the provider (and "register again"), what the
// receiver refused, who may send, the success rate and the last deliveries. One include on the page.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/field";
import { DeliveriesTable } from "@/components/webhooks/deliveries-table";
import { WebhookActionButton } from "@/components/webhooks/webhook-action-button";
import { AllowedSendersForm } from "@/components/webhooks/webhook-range-forms";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { getProvider } from "@/lib/integrations/registry";
import { connectionWebhookSummary } from "@/lib/webhooks/list-deliveries";
import { reRegisterWebhookAction, setAllowedSendersAction } from "@/app/w/[slug]/webhooks/actions";

const time = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "—");

const registrationText: Record<string, string> = {
  registered: "Registered with the provider",
  failed: "Registration failed",
  unregistered: "Not registered",
  not_needed: "Not registered",
};

export async function ConnectionWebhooks({
  access,
  connectionId,
  provider,
}: {
  access: WorkspaceAccess;
  connectionId: string;
  provider: string;
}) {
  const def = getProvider(provider);
  if (!def || def.webhook.registration === "none") return null;
  const s = access.workspace.slug;
  const sum = await connectionWebhookSummary(access.workspace.id, connectionId);
  const canManage = roleAtLeast(access.role, "admin");
  const rate =
    sum.successRate === null
      ? "no deliveries in the last 24 h"
      : `${Math.round(sum.successRate * 100)}% of ${sum.finished24h} in the last 24 h`;
  return (
    <Card title="Webhook deliveries" description={`Verified deliveries for this connection (${def.webhook.scheme}).`}>
      <dl className="grid gap-2 text-sm sm:grid-cols-[12rem_1fr]" data-testid="connection-webhooks">
        {def.webhook.registration === "api" ? (
          <>
            <dt className="text-muted-foreground">Registration</dt>
            <dd className="space-y-2">
              <span data-testid="webhook-registration">{registrationText[sum.registration.status]}</span>
              {sum.registration.at ? <span className="text-muted-foreground"> · {time(sum.registration.at)}</span> : null}
              {sum.registration.error ? <FormMessage kind="error">{sum.registration.error}</FormMessage> : null}
              {canManage ? (
                <div>
                  <WebhookActionButton
                    action={reRegisterWebhookAction.bind(null, s, connectionId)}
                    label="Register again"
                    pendingLabel="Registering…"
                    variant="outline"
                    testId="webhook-reregister"
                  />
                </div>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt className="text-muted-foreground">Success rate</dt>
        <dd data-testid="webhook-success-rate">{rate}</dd>
        <dt className="text-muted-foreground">Refused</dt>
        <dd>
          {sum.signatureFailures} failed verification{sum.signatureFailures === 1 ? "" : "s"}, {sum.ipRejections} from senders not allowed
          {sum.lastRejected ? (
            <span className="text-muted-foreground">
              {" "}
              · last {time(sum.lastRejected.at)}: {sum.lastRejected.reason} ({sum.lastRejected.code})
            </span>
          ) : null}
        </dd>
        {sum.previousSecretUntil ? (
          <>
            <dt className="text-muted-foreground">Previous secret</dt>
            <dd>still accepted until {time(sum.previousSecretUntil)}</dd>
          </>
        ) : null}
      </dl>
      {canManage ? (
        <div className="border-border mt-4 border-t pt-4">
          <AllowedSendersForm action={setAllowedSendersAction.bind(null, s, connectionId)} current={sum.allowedCidrs} />
        </div>
      ) : null}
      <div className="border-border mt-4 border-t pt-4">
        {sum.recent.length === 0 ? (
          <p className="text-muted-foreground text-sm">No deliveries yet.</p>
        ) : (
          <DeliveriesTable slug={s} rows={sum.recent} showConnection={false} />
        )}
        <Link href={`/w/${s}/webhooks?connection=${connectionId}`} className="text-primary mt-2 inline-block text-sm hover:underline">
          All deliveries of this connection
        </Link>
      </div>
    </Card>
  );
}
