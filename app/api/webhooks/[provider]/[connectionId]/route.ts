// Per-connection webhooks: POST /api/webhooks/<provider>/<connectionId>. Thin: lib/webhooks does the work.
import { appUrl } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors/app-error";
import { readBodyLimited } from "@/lib/http/read-body";
import { receiveWebhook, WEBHOOK_MAX_BODY_BYTES } from "@/lib/webhooks/receive-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ provider: string; connectionId: string }> }): Promise<Response> {
  const { provider, connectionId } = await ctx.params;
  let body: Uint8Array;
  try {
    body = await readBodyLimited(req, WEBHOOK_MAX_BODY_BYTES);
  } catch (err) {
    return toErrorResponse(err);
  }
  return receiveWebhook(
    { method: req.method, url: req.url, headers: req.headers, body },
    { provider, connectionId },
    { publicOrigin: appUrl() },
  );
}
