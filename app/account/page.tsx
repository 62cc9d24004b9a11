import Link from "next/link";
import { redirect } from "next/navigation";
import { signOutEverywhereAction } from "@/app/auth-actions";
import { AccountFrame } from "@/components/auth/account-frame";
import { ChangePasswordForm } from "@/components/auth/password-forms";
import { ResendVerificationForm, SignOutOtherSessionsForm } from "@/components/auth/session-forms";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageHeader } from "@/components/workspace/page-header";
import { currentSession } from "@/lib/auth/session";
import { listActiveSessions } from "@/lib/auth/user-sessions";
import { db } from "@/lib/db/client";
import { mailMode } from "@/lib/mail/send-mail";

export const metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" }) + " UTC";

export default async function AccountPage() {
  const current = await currentSession();
  if (!current) redirect("/sign-in?callbackUrl=%2Faccount");
  const { user, sessionId } = current;
  const [account, sessions] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } }),
    listActiveSessions(user.id, sessionId),
  ]);
  return (
    <AccountFrame>
      <PageHeader title="Your account" description={`${user.name} · ${user.email}`} />
      <div className="space-y-6">
        <Card
          title="E-mail address"
          description="A verified address is needed to accept invitations."
          actions={account.emailVerifiedAt ? <Badge variant="success">Verified</Badge> : <Badge variant="warning">Not verified</Badge>}
        >
          {account.emailVerifiedAt ? (
            <p className="text-sm text-muted-foreground">
              {user.email} was verified on {when(account.emailVerifiedAt.toISOString())}.
            </p>
          ) : (
            <div className="space-y-3">
              <p className="text-sm text-muted-foreground">
                We sent a verification link to {user.email}.
                {mailMode() === "local-mailbox" ? (
                  <>
                    {" "}
                    This instance keeps mail in its{" "}
                    <Link href="/mailbox" className="text-primary underline underline-offset-2">
                      local mailbox
                    </Link>
                    .
                  </>
                ) : null}
              </p>
              <ResendVerificationForm />
            </div>
          )}
        </Card>

        <Card title="Password" description="Changing it signs out every other session of your account.">
          <ChangePasswordForm />
        </Card>

        <Card title="Sessions" description="Browsers signed in to your account. Signing out ends a session at once, even for a copied cookie.">
          <div className="space-y-4">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Browser</TableHead>
                  <TableHead>Signed in</TableHead>
                  <TableHead>Last seen</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {sessions.map((s) => (
                  <TableRow key={`${s.createdAt}-${s.userAgent ?? ""}`} data-testid="session-row">
                    <TableCell className="max-w-64 truncate" title={s.userAgent ?? undefined}>
                      {s.userAgent ?? "Unknown browser"} {s.current ? <Badge variant="info">This session</Badge> : null}
                    </TableCell>
                    <TableCell>{when(s.createdAt)}</TableCell>
                    <TableCell>{when(s.lastSeenAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className="flex flex-wrap gap-3">
              <SignOutOtherSessionsForm />
              <form action={signOutEverywhereAction}>
                <Button type="submit" variant="danger">
                  Sign out everywhere
                </Button>
              </form>
            </div>
          </div>
        </Card>
      </div>
    </AccountFrame>
  );
}
