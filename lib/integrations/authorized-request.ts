// An API call with the connection's bearer token: the token goes in the Authorization header, is added to
// the redaction list, and (for providers that say so) one forced refresh + retry happens on a 401.
import { isAppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { ConnectionContext } from "@/lib/integrations/types";

export async function authorizedRequest(
  ctx: ConnectionContext,
  req: HttpRequest,
  opts: { refreshOn401?: boolean; header?: (token: string) => Record<string, string> } = {},
): Promise<HttpResponse> {
  const header = opts.header ?? ((t: string) => ({ authorization: `Bearer ${t}` }));
  const send = async (forceRefresh: boolean) => {
    const token = await ctx.auth.getAccessToken(forceRefresh ? { forceRefresh: true } : undefined);
    const http = ctx.http.with({ secrets: () => [...(ctx.http.options.secrets?.() ?? []), token] });
    return http.request({ ...req, headers: { ...req.headers, ...header(token) } });
  };
  try {
    return await send(false);
  } catch (err) {
    if (opts.refreshOn401 && isAppError(err) && err.code === "INVALID_CREDENTIALS" && err.details?.status === 401) {
      return send(true);
    }
    throw err;
  }
}
