// Every /api/v1 handler goes through apiRoute: request id -> API key principal -> per-key rate limit ->
// bounded body (JSON) -> Idempotency-Key (POST/PATCH) -> handler -> JSON with the rate-limit headers.
// Errors come out in the house shape with the same headers.
import { ulid } from "@/lib/ids/ulid";
import type { ApiKeyPrincipal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors/app-error";
import { BODY_LIMITS, readTextLimited } from "@/lib/http/read-body";
import { consumeRateLimit, type RateLimitResult } from "@/lib/rate-limit/consume";
import { apiErrorBody } from "@/lib/api/api-error";
import { authenticateApiKey } from "@/lib/api/authenticate-api-key";
import { claimIdempotencyKey, completeIdempotencyKey, requestHash } from "@/lib/api/idempotency";

/** Requests per key per window. */
export const API_RATE_LIMIT = { limit: 600, windowMs: 60_000 } as const;

export type ApiRequest = {
  req: Request;
  url: URL;
  principal: ApiKeyPrincipal;
  requestId: string;
  /** the parsed JSON body (undefined for GET/DELETE or an empty body) */
  body: unknown;
};

export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> } | Response;

type RouteContext<P> = { params: Promise<P> };

export function apiRateLimitKey(keyId: string): string {
  return `api-key:${keyId}`;
}

function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : `req_${ulid()}`;
}

function rateHeaders(rate: RateLimitResult | null): Record<string, string> {
  if (!rate) return {};
  return {
    "X-RateLimit-Limit": String(rate.limit),
    "X-RateLimit-Remaining": String(Math.max(0, rate.limit - rate.count)),
    "X-RateLimit-Reset": String(Math.ceil(rate.resetAt.getTime() / 1000)),
  };
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { ...(status === 204 ? {} : { "Content-Type": "application/json; charset=utf-8" }), "Cache-Control": "no-store", ...headers },
  });
}

export function apiRoute<P = Record<string, never>>(
  handler: (r: ApiRequest, params: P) => Promise<ApiResult>,
  options: { bodyLimit?: number } = {},
) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdOf(req);
    let rate: RateLimitResult | null = null;
    const headers = () => ({ "X-Request-Id": requestId, ...rateHeaders(rate) });
    try {
      const principal = await authenticateApiKey(req);
      rate = await consumeRateLimit(apiRateLimitKey(principal.keyId), API_RATE_LIMIT.limit, API_RATE_LIMIT.windowMs);
      if (!rate.allowed) {
        const retryAfter = rate.retryAfterSeconds;
        await req.body?.cancel().catch(() => undefined);
        const { status, body } = apiErrorBody(new AppError("RATE_LIMITED", `This API key made more than ${API_RATE_LIMIT.limit} requests in a minute; retry after ${retryAfter} s`, { retryAfterSeconds: retryAfter }));
        return json(status, body, { ...headers(), "Retry-After": String(retryAfter) });
      }
      const method = req.method.toUpperCase();
      const url = new URL(req.url);
      let body: unknown = undefined;
      if (method !== "GET" && method !== "HEAD") {
        const text = await readTextLimited(req, options.bodyLimit ?? BODY_LIMITS.json);
        if (text.trim().length > 0) {
          try {
            body = JSON.parse(text) as unknown;
          } catch {
            throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
          }
        }
      }
      const params = await ctx.params;
      const run = () => handler({ req, url, principal, requestId, body }, params);
      const idemKey = req.headers.get("idempotency-key");
      if (idemKey !== null && (method === "POST" || method === "PATCH")) {
        const claim = await claimIdempotencyKey({ workspaceId: principal.workspace.id, apiKeyId: principal.keyId, key: idemKey, hash: requestHash(method, url.pathname, body ?? null) });
        if (claim.kind === "replay") return json(claim.response.status, claim.response.body, { ...headers(), "Idempotent-Replayed": "true" });
        let stored: { status: number; body: unknown; headers?: Record<string, string> };
        try {
          const result = await run();
          if (result instanceof Response) throw new Error("a streamed response cannot be idempotent");
          stored = result;
        } catch (err) {
          stored = apiErrorBody(err);
        }
        await completeIdempotencyKey(claim.id, { status: stored.status, body: stored.body });
        return json(stored.status, stored.body, { ...headers(), ...stored.headers });
      }
      const result = await run();
      if (result instanceof Response) {
        for (const [k, v] of Object.entries(headers())) result.headers.set(k, v);
        return result;
      }
      return json(result.status, result.body, { ...headers(), ...result.headers });
    } catch (err) {
      const { status, body } = apiErrorBody(err);
      const retry = body.error.retry_after;
      return json(status, body, { ...headers(), ...(retry !== undefined ? { "Retry-After": String(retry) } : {}) });
    }
  };
}
