import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { VerifyEmailForm } from "@/components/auth/session-forms";
import { buttonClass } from "@/components/ui/button";
import { peekAuthToken } from "@/lib/auth/auth-tokens";

export const metadata = { title: "Verify your e-mail address" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await peekAuthToken(token, "verify_email"))) {
    return (
      <AuthShell title="This verification link is not valid" subtitle="It may have expired (links last 24 hours), been used already, or been replaced by a newer one.">
        <Link href="/account" className={buttonClass("primary", "w-full")}>
          Send a new one from your account
        </Link>
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Verify your e-mail address" subtitle="Confirm that this address is yours. Invitations can only be accepted by a verified address.">
      <div className="space-y-4">
        <VerifyEmailForm token={token} />
        <Link href="/w" className="block text-sm text-primary hover:underline">
          Go to your workspaces
        </Link>
      </div>
    </AuthShell>
  );
}
