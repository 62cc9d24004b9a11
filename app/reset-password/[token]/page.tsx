import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { ResetPasswordForm } from "@/components/auth/password-forms";
import { buttonClass } from "@/components/ui/button";
import { peekAuthToken } from "@/lib/auth/auth-tokens";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await peekAuthToken(token, "reset_password"))) {
    return (
      <AuthShell title="This reset link is not valid" subtitle="It may have expired (links last one hour), been used already, or been replaced by a newer one.">
        <Link href="/forgot-password" className={buttonClass("primary", "w-full")}>
          Ask for a new link
        </Link>
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Choose a new password" subtitle="Setting it signs you out everywhere; then sign in with the new password.">
      <ResetPasswordForm token={token} />
    </AuthShell>
  );
}
