// The notice when an outbound endpoint is disabled after 5 days of failures: a mail to every admin and
// owner of the workspace (SMTP, or the local mailbox), pointing at the webhooks settings.
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { simpleMail } from "@/lib/mail/mail-message";
import { sendMail } from "@/lib/mail/send-mail";

export async function mailEndpointDisabled(endpoint: { workspaceId: string; url: string; disabledReason: string }): Promise<number> {
  const ws = await db.workspace.findUnique({ where: { id: endpoint.workspaceId }, select: { slug: true, name: true } });
  if (!ws) return 0;
  const admins = await db.membership.findMany({ where: { workspaceId: endpoint.workspaceId, role: { in: ["owner", "admin"] } }, select: { user: { select: { email: true } } } });
  for (const a of admins) {
    await sendMail(
      simpleMail({
        to: a.user.email,
        subject: `[${ws.name}] Webhook endpoint disabled: ${endpoint.url}`,
        paragraphs: [
          `Switchboard stopped sending webhooks to ${endpoint.url}. ${endpoint.disabledReason}.`,
          "Events that happen while it is disabled are not delivered there. Fix the endpoint, enable it again, then recover the failed deliveries since the time it started failing.",
        ],
        action: { label: "Open webhook settings", url: `${appUrl()}/w/${ws.slug}/settings/webhooks` },
        footer: `You get this because you are an admin of ${ws.name} on Switchboard.`,
      }),
    );
  }
  return admins.length;
}
