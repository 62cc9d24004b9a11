import { ExternalLink, TriangleAlert } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

/** Shown instead of an OAuth button when the browser is not on APP_URL's host (see canonical-origin.ts). */
export function OtherOriginNotice({ canonicalUrl, what = "Connecting with OAuth" }: { canonicalUrl: string; what?: string }) {
  const origin = new URL(canonicalUrl).origin;
  return (
    <div data-testid="other-origin" className="space-y-3 rounded-md border border-warning/40 bg-warning/10 p-4 text-sm">
      <p className="flex items-start gap-2 font-medium">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-warning" />
        {what} only works on {origin}.
      </p>
      <p className="text-muted-foreground">
        The provider sends you back to {origin} after you approve, and you are signed in on this address, not that one. Open this page there
        (sign in again if asked), then connect.
      </p>
      <a href={canonicalUrl} className={buttonClass("primary")}>
        <ExternalLink aria-hidden /> Continue on {new URL(canonicalUrl).host}
      </a>
    </div>
  );
}
