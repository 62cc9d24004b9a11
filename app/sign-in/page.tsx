import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignInForm } from "@/components/auth/sign-in-form";
import { FormMessage } from "@/components/ui/field";
import { currentUser } from "@/lib/auth/session";
import { safeRedirect } from "@/lib/auth/safe-redirect";

export const metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  reset: "Your password was changed and every session signed out. Sign in with the new password.",
  created: "Your account was created. Sign in to continue.",
  signedOut: "You were signed out of every session.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; reset?: string; created?: string; signedOut?: string }> }) {
  const { callbackUrl, ...flags } = await searchParams;
  const notice = flags.reset ? NOTICES.reset : flags.created ? NOTICES.created : flags.signedOut ? NOTICES.signedOut : null;
  if (await currentUser()) redirect(safeRedirect(callbackUrl));
  const up = callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-up";
  return (
    <AuthShell
      title="Sign in to Switchboard"
      subtitle={
        <>
          New here?{" "}
          <Link href={up} className="font-medium text-primary hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <div className="space-y-4">
        {notice ? <FormMessage kind="success">{notice}</FormMessage> : null}
        <SignInForm callbackUrl={callbackUrl} />
        <Link href="/forgot-password" className="block text-sm text-primary hover:underline">
          Forgot your password?
        </Link>
      </div>
    </AuthShell>
  );
}
