// The OAuth2 redirect URI for every provider ($APP_URL/api/oauth/callback). Success lands on the new
// connection; any failure lands on a page that explains it (by code only: nothing from the query string
// is reflected) and nothing is stored.
import { NextResponse } from "next/server";
import { currentUser } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { isAppError } from "@/lib/errors/app-error";
import { completeOAuth } from "@/lib/connections/complete-oauth";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

export const GET = withBodyLimit(BODY_LIMITS.form, async (req: Request): Promise<Response> => {
  const url = new URL(req.url);
  const base = appUrl();
  const user = await currentUser();
  if (!user) return NextResponse.redirect(`${base}/oauth/failed?code=UNAUTHENTICATED`, 303);
  try {
    const { workspaceSlug, connectionId } = await completeOAuth(user, {
      state: url.searchParams.get("state"),
      code: url.searchParams.get("code"),
      error: url.searchParams.get("error"),
    });
    return NextResponse.redirect(`${base}/w/${workspaceSlug}/connections/${connectionId}?connected=1`, 303);
  } catch (err) {
    if (!isAppError(err)) console.error("[oauth] callback failed unexpectedly", err instanceof Error ? err.name : "unknown");
    const code = isAppError(err) ? err.code : "INTERNAL";
    const reason = isAppError(err) && typeof err.details?.reason === "string" ? err.details.reason : "";
    return NextResponse.redirect(`${base}/oauth/failed?code=${encodeURIComponent(code)}${reason ? `&reason=${encodeURIComponent(reason)}` : ""}`, 303);
  }
});
