import { Inbox } from "lucide-react";
import { AccountFrame } from "@/components/auth/account-frame";
import { MailText } from "@/components/auth/mail-text";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { requireUser } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { listMailbox } from "@/lib/mail/local-mailbox";
import { mailMode } from "@/lib/mail/send-mail";

export const metadata = { title: "Mailbox" };
export const dynamic = "force-dynamic";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" }) + " UTC";

// The local mailbox: only the signed-in person's own mail (addressed to their account's address).
export default async function MailboxPage() {
  const user = await requireUser("/mailbox");
  const local = mailMode() === "local-mailbox";
  const mail = local ? await listMailbox(user.email) : [];
  const origin = new URL(appUrl()).origin;
  return (
    <AccountFrame>
      <PageHeader
        title="Mailbox"
        description={
          local
            ? `This instance has no mail server, so mail to ${user.email} is kept here for 30 days (and only you see it). Set SMTP_URL to send real e-mail.`
            : `This instance sends mail over SMTP: look for it in the inbox of ${user.email}.`
        }
      />
      {local && mail.length === 0 ? (
        <EmptyState icon={Inbox} title="No mail yet" description="Verification, password reset and invitation mails to your address appear here." />
      ) : null}
      <div className="space-y-4">
        {mail.map((m) => (
          <Card key={m.id} title={m.subject} description={when(m.createdAt)} data-testid="mailbox-message">
            <MailText text={m.text} origin={origin} />
          </Card>
        ))}
      </div>
    </AccountFrame>
  );
}
