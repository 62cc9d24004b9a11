import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { AcceptInvitation } from "@/components/workspace/accept-invitation";
import { buttonClass } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/session";
import { previewInvitation } from "@/lib/workspaces/invitations";
import { ResendVerificationForm } from "@/components/auth/session-forms";
import { db } from "@/lib/db/client";
import { mailMode } from "@/lib/mail/send-mail";
import { acceptInvitationAction } from "./actions";

export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const preview = await previewInvitation(token);
  if (preview.state === "invalid") {
    return (
      <AuthShell title="This invitation is not valid" subtitle="It may have expired, been used already, or been revoked. Ask the person who invited you for a new link.">
        <Link href="/" className={buttonClass("secondary", "w-full")}>
          Go to Switchboard
        </Link>
      </AuthShell>
    );
  }
  const user = await currentUser();
  const verified = user ? !!(await db.user.findUnique({ where: { id: user.id }, select: { emailVerifiedAt: true } }))?.emailVerifiedAt : false;
  const here = `/invite/${token}`;
  return (
    <AuthShell
      title={`Join ${preview.workspaceName}`}
      subtitle={
        <>
          {preview.invitedBy} invited <strong>{preview.email}</strong> to join as {preview.role === "admin" ? "an" : "a"} {preview.role}. Only an
          account with that address, once verified, can accept.
        </>
      }
    >
      {user ? (
        <div className="space-y-3">
          <p className="text-sm text-muted-foreground">
            Signed in as <strong>{user.email}</strong>.
          </p>
          {verified ? null : (
            <div className="space-y-3 rounded-md border border-warning/30 bg-warning/10 p-3 text-sm" data-testid="verify-first">
              <p>
                Only a verified address can accept an invitation. Open the verification link we mailed to <strong>{user.email}</strong>
                {mailMode() === "local-mailbox" ? (
                  <>
                    {" "}
                    (this instance keeps mail in your{" "}
                    <Link href="/mailbox" className="text-primary underline underline-offset-2">
                      mailbox
                    </Link>
                    )
                  </>
                ) : null}
                , then come back to this page.
              </p>
              <ResendVerificationForm />
            </div>
          )}
          <AcceptInvitation action={acceptInvitationAction.bind(null, token)} label={`Join ${preview.workspaceName}`} />
        </div>
      ) : (
        <div className="space-y-3">
          <Link href={`/sign-up?callbackUrl=${encodeURIComponent(here)}`} className={buttonClass("primary", "w-full")}>
            Create an account to join
          </Link>
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className={buttonClass("secondary", "w-full")}>
            I already have an account
          </Link>
        </div>
      )}
    </AuthShell>
  );
}
