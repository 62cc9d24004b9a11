// An API call with the connection's credential: the definition's auth header (default Bearer), the token
// added to the redaction list, and (when the provider's oauth2.refreshOn401 says so) one forced refresh
// + retry on a 401. contextRequest() builds ConnectionContext.request from the definition, so clients
// never assemble auth headers or pace themselves.
import { isAppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import { pacerFor } from "@/lib/http/request-pacer";
import type { AnyProviderDefinition, AuthKind, ConnectionContext, TokenHooks } from "@/lib/integrations/types";

type AuthorizedOptions = { refreshOn401?: boolean; header?: (token: string) => Record<string, string> };

async function send(http: HttpClient, auth: TokenHooks, req: HttpRequest, opts: AuthorizedOptions): Promise<HttpResponse> {
  const header = opts.header ?? ((t: string) => ({ authorization: `Bearer ${t}` }));
  const once = async (forceRefresh: boolean) => {
    const token = await auth.getAccessToken(forceRefresh ? { forceRefresh: true } : undefined);
    const scoped = http.with({ secrets: () => [...(http.options.secrets?.() ?? []), token] });
    return scoped.request({ ...req, headers: { ...req.headers, ...header(token) } });
  };
  try {
    return await once(false);
  } catch (err) {
    if (opts.refreshOn401 && isAppError(err) && err.code === "INVALID_CREDENTIALS" && err.details?.status === 401) {
      return once(true);
    }
    throw err;
  }
}

/** v1 clients: an authorized call through ctx.http. */
export async function authorizedRequest(ctx: ConnectionContext, req: HttpRequest, opts: AuthorizedOptions = {}): Promise<HttpResponse> {
  return send(ctx.http, ctx.auth, req, opts);
}

/**
 * ConnectionContext.request for a definition: base URL, auth header, refresh on 401, and pacing to the
 * definition's rate-limit policy (shared by every context of the same connection in this process).
 */
export function contextRequest(
  def: Pick<AnyProviderDefinition, "slug" | "authHeader" | "oauth2" | "rateLimit">,
  input: {
    http: HttpClient;
    baseUrl: string;
    authKind: AuthKind;
    auth: TokenHooks;
    connectionId: string | null;
    /** false: no client-side pacing (tests against a sandbox, which enforces nothing but a forced 429) */
    pace?: boolean;
  },
): (req: HttpRequest) => Promise<HttpResponse> {
  const http = input.http.with({ baseUrl: input.baseUrl });
  const header = def.authHeader ? (token: string) => def.authHeader?.(token, input.authKind) ?? {} : undefined;
  const refreshOn401 = input.authKind === "oauth2" && def.oauth2?.refreshOn401 === true;
  const call = (req: HttpRequest) => send(http, input.auth, req, { refreshOn401, ...(header ? { header } : {}) });
  if (input.pace === false) return call;
  const pacer = pacerFor(input.connectionId === null ? null : `${def.slug}:${input.connectionId}`, def.rateLimit);
  return (req) => pacer.run(() => call(req), http.lastRateLimit());
}
