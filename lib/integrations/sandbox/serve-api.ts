// Routing, authentication and fault injection for a sandbox's API. A provider sandbox declares its
// routes and how it authenticates; serveApi applies the account's faults (latency, timeouts, error
// rate, forced rate limit) before the handler runs.
import type { ProviderSandbox, SandboxAccount, SandboxContext } from "@/lib/integrations/sandbox/sandbox-types";

export type RouteArgs<A> = {
  req: Request;
  url: URL;
  params: Record<string, string>;
  auth: A;
  ctx: SandboxContext;
};

export type ApiRoute<A> = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** "/crm/v3/objects/contacts/:contactId"; a trailing "/*" matches the rest into params["*"] */
  path: string;
  handler(args: RouteArgs<A>): Promise<Response>;
};

export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg === "*") {
      params["*"] = s.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    const value = s[i];
    if (value === undefined) return null;
    if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(value);
    else if (seg !== value) return null;
  }
  return s.length === p.length ? params : null;
}

export type ServeApiOptions<A extends { account: SandboxAccount }> = {
  routes: readonly ApiRoute<A>[];
  /** the provider's auth check; a Response is the provider's own 401 */
  authenticate(req: Request, ctx: SandboxContext): Promise<A | Response>;
  faults: ProviderSandbox["faults"];
  notFound(req: Request, ctx: SandboxContext): Response;
  /** add the provider's per-response headers (rate-limit headers) */
  decorate?(res: Response, auth: A, ctx: SandboxContext): Response | Promise<Response>;
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

/** How long a "timeout" fault hangs when the client does not give up first. */
const HANG_MS = 120_000;

export async function serveApi<A extends { account: SandboxAccount }>(
  req: Request,
  ctx: SandboxContext,
  opts: ServeApiOptions<A>,
): Promise<Response> {
  const url = new URL(req.url);
  let matched: { route: ApiRoute<A>; params: Record<string, string> } | null = null;
  for (const route of opts.routes) {
    if (route.method !== req.method) continue;
    const params = matchPath(route.path, ctx.path);
    if (params) {
      matched = { route, params };
      break;
    }
  }
  if (!matched) return opts.notFound(req, ctx);
  const auth = await opts.authenticate(req, ctx);
  if (auth instanceof Response) return auth;
  const faulted = await applyFaults(req, auth.account, opts.faults);
  const res = faulted ?? (await matched.route.handler({ req, url, params: matched.params, auth, ctx }));
  return opts.decorate ? opts.decorate(res, auth, ctx) : res;
}

export async function applyFaults(
  req: Request,
  account: SandboxAccount,
  faults: ProviderSandbox["faults"],
): Promise<Response | null> {
  if (account.latencyMs > 0) await sleep(account.latencyMs, req.signal);
  if (account.timeoutRate > 0 && Math.random() < account.timeoutRate) {
    await sleep(HANG_MS, req.signal);
    return new Response("upstream request timeout", { status: 504, headers: { "content-type": "text/plain" } });
  }
  if (account.forceRateLimit) return faults.rateLimited(account.retryAfterSeconds);
  if (account.errorRate > 0 && Math.random() < account.errorRate) return faults.serverError();
  return null;
}

/** Read a JSON body; null when it is not JSON (the caller answers with the provider's 400). */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json;charset=utf-8", ...headers },
  });
}

/** A copy of a response with extra headers (Response headers can be immutable). */
export function withHeaders(res: Response, headers: Record<string, string>): Response {
  const h = new Headers(res.headers);
  for (const [k, v] of Object.entries(headers)) h.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: h });
}

/** Offset paging over an ordered list with an opaque numeric cursor. */
export function pageByOffset<T>(items: readonly T[], cursor: string | null | undefined, limit: number) {
  const start = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? String(start + limit) : null;
  return { items: slice, next, start };
}

/** Per-account rolling request counters for rate-limit headers (not enforced; forced 429 is a fault). */
const counters = new Map<string, number[]>();
export function countRequest(key: string, windowMs: number, now = Date.now()): number {
  const list = (counters.get(key) ?? []).filter((t) => t > now - windowMs);
  list.push(now);
  counters.set(key, list);
  return list.length;
}
