import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { ForgotPasswordForm } from "@/components/auth/password-forms";
import { mailMode } from "@/lib/mail/send-mail";

export const metadata = { title: "Reset your password" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  const local = mailMode() === "local-mailbox";
  return (
    <AuthShell
      title="Reset your password"
      subtitle={
        <>
          We mail a link that lets you choose a new password.{" "}
          <Link href="/sign-in" className="font-medium text-primary hover:underline">
            Back to sign in
          </Link>
        </>
      }
    >
      <div className="space-y-4">
        <ForgotPasswordForm />
        {local ? (
          <p className="text-xs text-muted-foreground" data-testid="local-mailbox-note">
            This instance has no mail server (no <code>SMTP_URL</code>), so mail stays on it: the recipient reads it at{" "}
            <Link href="/mailbox" className="text-primary underline underline-offset-2">
              /mailbox
            </Link>{" "}
            while signed in on another device, and the operator finds it as a file in <code>$DATA_DIR/mailbox/</code> on the server.
          </p>
        ) : null}
      </div>
    </AuthShell>
  );
}
