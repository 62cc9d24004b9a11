import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { appUrl } from "@/lib/env";

export const metadata = { title: "Connection not completed" };

// Fixed texts keyed by code: the page never echoes what arrived in the URL.
const reasons: Record<string, string> = {
  missing: "The provider sent no state: this page was not reached from a Connect button.",
  unknown: "This authorization was not started by Switchboard (the state is unknown or forged).",
  used: "This authorization link was already used. Links work once.",
  expired: "This authorization link expired. Links are valid for 10 minutes.",
  other_user: "This authorization was started by another user. Sign in as that user, or start again.",
  not_member: "You are not a member of the workspace this authorization was started in.",
  no_code: "The provider sent no authorization code.",
};

const codes: Record<string, { title: string; body: string }> = {
  OAUTH_DENIED: { title: "Access was not granted", body: "The provider reports that access was denied on its consent screen. Nothing was saved; you can start again at any time." },
  OAUTH_STATE_INVALID: { title: "This link cannot complete a connection", body: "" },
  INVALID_CREDENTIALS: { title: "The provider refused the authorization", body: "The authorization code was not accepted. Start the connection again." },
  CONNECTION_FAILED: { title: "The provider could not be reached", body: "Switchboard could not finish the connection. Nothing was saved; try again in a moment." },
  UNAUTHENTICATED: {
    title: "You are signed out here",
    body: "The provider sent you back to this address, where you are not signed in — usually because the connection was started from another address of this server (for example 127.0.0.1 instead of localhost). Sign in here, then start the connection again from the integration's page.",
  },
  NOT_FOUND: { title: "Nothing to connect", body: "The integration or the connection to reconnect no longer exists." },
};

export default async function OAuthFailedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const code = typeof sp.code === "string" ? sp.code : "";
  const reason = typeof sp.reason === "string" ? sp.reason : "";
  const entry = codes[code] ?? { title: "The connection was not completed", body: "Something went wrong. Nothing was saved; try again." };
  const body = code === "OAUTH_STATE_INVALID" ? (reasons[reason] ?? "The authorization link is not valid.") : entry.body;
  return (
    <div className="flex min-h-screen flex-col items-center bg-background px-4 py-12">
      <Logo />
      <div className="mt-8 w-full max-w-md rounded-lg border border-border bg-card p-6 shadow-xs" data-testid="oauth-failed">
        <h1 className="text-lg font-semibold">{entry.title}</h1>
        <p className="mt-2 text-sm text-muted-foreground">{body}</p>
        <p className="mt-2 text-sm text-muted-foreground">No connection was created.</p>
        {code ? (
          <p className="mt-3 flex items-center gap-1 text-xs text-muted-foreground">
            Error code{" "}
            <code className="font-mono">
              {code}
              {reason && reasons[reason] ? ` · ${reason}` : ""}
            </code>
            <CopyButton value={code} label="Copy error code" size="icon-xs" />
          </p>
        ) : null}
        <div className="mt-5 flex flex-wrap gap-2">
          {code === "UNAUTHENTICATED" ? (
            <Link href={`${appUrl()}/sign-in?callbackUrl=${encodeURIComponent("/w")}`} className={buttonClass()}>
              Sign in on {new URL(appUrl()).host}
            </Link>
          ) : null}
          <Link href="/w" className={buttonClass(code === "UNAUTHENTICATED" ? "secondary" : "primary")}>
            Back to Switchboard
          </Link>
        </div>
      </div>
    </div>
  );
}
