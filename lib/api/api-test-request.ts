// Test helper: calls a /api/v1 route handler the way Next does (a Request and a params promise).
type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export type ApiCall = { status: number; headers: Headers; json: () => Promise<unknown>; body: unknown };

export async function callApi<P = Record<string, never>>(
  handler: Handler<P>,
  opts: { method?: string; path: string; key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string>; params?: P },
): Promise<ApiCall> {
  const headers: Record<string, string> = { ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}), ...opts.headers };
  const raw = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (raw !== undefined) headers["content-type"] = "application/json";
  const req = new Request(`http://localhost:3000${opts.path}`, { method: opts.method ?? "GET", headers, ...(raw !== undefined ? { body: raw } : {}) });
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  let body: unknown = null;
  if (text.length > 0 && (res.headers.get("content-type") ?? "").startsWith("application/json")) body = JSON.parse(text) as unknown;
  else if (text.length > 0) body = text;
  return { status: res.status, headers: res.headers, json: () => Promise.resolve(body), body };
}
