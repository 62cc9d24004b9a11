// How the executor reaches the serve handler (/api/inngest). Two implementations of one interface:
// HTTP for the running server, and in-process for tests and benchmarks (the same handler, called with
// Request objects, so the SDK's full request path still runs).
import { NextRequest } from "next/server";

export type TransportResponse = { status: number; headers: Headers; body: string };

export type Transport = {
  request(method: "GET" | "POST" | "PUT", url: string, headers: Record<string, string>, body?: string): Promise<TransportResponse>;
};

export function httpTransport(fetchImpl: typeof fetch = fetch, timeoutMs = 5 * 60_000): Transport {
  return {
    async request(method, url, headers, body) {
      const res = await fetchImpl(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, headers: res.headers, body: await res.text() };
    },
  };
}

type RouteHandler = (req: NextRequest, ctx: unknown) => Promise<Response>;
export type ServeHandlers = { GET: RouteHandler; POST: RouteHandler; PUT: RouteHandler };

export function inProcessTransport(handlers: ServeHandlers): Transport {
  return {
    async request(method, url, headers, body) {
      const req = new NextRequest(url, { method, headers, ...(body === undefined ? {} : { body }) });
      const res = await handlers[method](req, undefined);
      return { status: res.status, headers: res.headers, body: await res.text() };
    },
  };
}
