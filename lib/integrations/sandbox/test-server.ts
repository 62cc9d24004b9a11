// For tests: serve the sandboxes on a real node:http server on an ephemeral 127.0.0.1 port (node request
// <-> fetch Request), so adapters talk to them over real HTTP through lib/http, and a webhook receiver
// that records what a sandbox delivered.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { dispatchSandboxRequest } from "@/lib/integrations/sandbox/dispatch";
import { allowSandboxWebhookOrigin } from "@/lib/integrations/sandbox/webhook-emitter";

export type NodeFetchHandler = (req: Request) => Promise<Response>;

export type RunningServer = { origin: string; close(): Promise<void> };

/** The request body as a web stream with backpressure; a cancel (a handler that stopped reading) ends it. */
function webStream(nodeReq: http.IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      nodeReq.on("data", (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) nodeReq.pause();
      });
      nodeReq.on("end", () => {
        if (done) return;
        done = true;
        controller.close();
      });
      nodeReq.on("error", (err) => {
        if (done) return;
        done = true;
        controller.error(err);
      });
    },
    pull() {
      nodeReq.resume();
    },
    cancel() {
      done = true;
      nodeReq.pause();
    },
  }, { highWaterMark: 4 });
}

/** Serve a fetch-style handler on 127.0.0.1:<ephemeral>. Request bodies are streamed to the handler, not buffered. */
export async function serveFetchHandler(handler: NodeFetchHandler): Promise<RunningServer> {
  const server = http.createServer((nodeReq, nodeRes) => {
    const controller = new AbortController();
    nodeRes.on("close", () => {
      if (!nodeRes.writableFinished) controller.abort();
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(nodeReq.headers)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) headers.append(k, item);
      else headers.set(k, v);
    }
    const method = nodeReq.method ?? "GET";
    const origin = `http://${nodeReq.headers.host ?? "127.0.0.1"}`;
    const hasBody = method !== "GET" && method !== "HEAD";
    const req = new Request(new URL(nodeReq.url ?? "/", origin), {
      method,
      headers,
      ...(hasBody ? { body: webStream(nodeReq), duplex: "half" } : {}),
      signal: controller.signal,
    } as RequestInit);
    handler(req)
      .then(async (res) => {
        const out = Buffer.from(await res.arrayBuffer());
        const headerObj: Record<string, string | string[]> = {};
        res.headers.forEach((value, key) => {
          headerObj[key] = value;
        });
        // The handler may answer before reading the body (413): stop receiving the rest.
        if (!nodeReq.readableEnded) headerObj["connection"] = "close";
        nodeRes.writeHead(res.status, headerObj);
        nodeRes.end(out);
        if (!nodeReq.readableEnded) nodeReq.destroy();
      })
      .catch((err: unknown) => {
        console.error("[test-server] handler failed", err);
        if (!nodeRes.headersSent) nodeRes.writeHead(500);
        nodeRes.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Test-only stand-in for the session cookie: the consent screen sees this header's value as the signed-in user id. */
export const TEST_USER_HEADER = "x-sandbox-test-user";

/**
 * The sandboxes, mounted at /sandbox/<slug>/... exactly as the Next route mounts them. The signed-in
 * user for the OAuth consent screen is the TEST_USER_HEADER value (tests have no session cookie).
 */
export async function startSandboxServer(
  opts: { maxBodyBytes?: number } = {},
): Promise<RunningServer & { baseUrl(slug: string): string }> {
  const running = await serveFetchHandler(async (req) => {
    const url = new URL(req.url);
    const m = /^\/sandbox\/([a-z0-9-]+)(\/.*)?$/.exec(url.pathname);
    if (!m) return new Response("not found", { status: 404 });
    const slug = m[1]!;
    return dispatchSandboxRequest(req, {
      slug,
      path: m[2] ?? "/",
      baseUrl: `${url.origin}/sandbox/${slug}`,
      viewer: async () => req.headers.get(TEST_USER_HEADER),
      ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    });
  });
  return { ...running, baseUrl: (slug) => `${running.origin}/sandbox/${slug}` };
}

export type ReceivedRequest = { method: string; url: string; headers: Headers; body: string };

/**
 * A webhook receiver: records every request and answers with `respond` (default 200 ""). The sandbox
 * emitter is allowed to reach it.
 */
export async function startWebhookReceiver(
  respond: (req: ReceivedRequest) => Response | Promise<Response> = () => new Response("", { status: 200 }),
): Promise<RunningServer & { received: ReceivedRequest[]; url(path?: string): string; waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]> }> {
  const received: ReceivedRequest[] = [];
  const running = await serveFetchHandler(async (req) => {
    const item = { method: req.method, url: req.url, headers: req.headers, body: await req.text() };
    received.push(item);
    return respond(item);
  });
  allowSandboxWebhookOrigin(running.origin);
  return {
    ...running,
    received,
    url: (path = "/hook") => `${running.origin}${path}`,
    async waitFor(n, timeoutMs = 5_000) {
      const { flushSandboxWebhooks } = await import("@/lib/integrations/sandbox/webhook-emitter");
      const deadline = Date.now() + timeoutMs;
      while (received.length < n && Date.now() < deadline) {
        await flushSandboxWebhooks();
        if (received.length < n) await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
  };
}
