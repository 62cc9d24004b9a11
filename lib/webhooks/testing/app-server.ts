// Tests' stand-in for the running app: the provider sandboxes at /sandbox/<slug> and the inbound webhook
// route at /api/webhooks/<slug>[/<connectionId>] on one real HTTP server, with APP_URL pointing at it
// (so webhook targets the product registers reach it) and a fresh MASTER_KEY. `routes` adds more (the
// public API); `env` sets more variables for the file (removed again by close()).
import { randomBytes } from "node:crypto";
import { resetEnvCache } from "@/lib/env";
import { dispatchSandboxRequest } from "@/lib/integrations/sandbox/dispatch";
import { serveFetchHandler, TEST_USER_HEADER, type RunningServer } from "@/lib/integrations/sandbox/test-server";
import { receiveWebhookRequest } from "@/lib/webhooks/receive-webhook";
import { deliveryEventsSettled } from "@/lib/webhooks/send-delivery-events";

export type AppServerOptions = {
  /** tried after the sandboxes and the webhook route; null: not theirs (404) */
  routes?: (req: Request, url: URL) => Promise<Response | null> | Response | null;
  env?: Record<string, string>;
};

export async function startAppServer(opts: AppServerOptions = {}): Promise<RunningServer> {
  const running = await serveFetchHandler(async (req) => {
    const url = new URL(req.url);
    const sandbox = /^\/sandbox\/([a-z0-9-]+)(\/.*)?$/.exec(url.pathname);
    if (sandbox) {
      const slug = sandbox[1]!;
      return dispatchSandboxRequest(req, {
        slug,
        path: sandbox[2] ?? "/",
        baseUrl: `${url.origin}/sandbox/${slug}`,
        viewer: async () => req.headers.get(TEST_USER_HEADER),
      });
    }
    const hook = /^\/api\/webhooks\/([a-z0-9-]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (hook && req.method === "POST") {
      const res = await receiveWebhookRequest(req, { provider: hook[1]!, connectionId: hook[2] ?? null });
      // the route answers before the job runner has the delivery's event; tests drive the runner right
      // after a delivery, so here the answer waits for it
      await deliveryEventsSettled();
      return res;
    }
    return (await opts.routes?.(req, url)) ?? new Response("not found", { status: 404 });
  });
  const env = { APP_URL: running.origin, MASTER_KEY: randomBytes(32).toString("base64"), ...opts.env };
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  resetEnvCache();
  return {
    origin: running.origin,
    async close() {
      await running.close();
      for (const k of Object.keys(env)) delete process.env[k];
      resetEnvCache();
    },
  };
}
