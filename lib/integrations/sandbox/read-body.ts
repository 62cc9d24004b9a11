// The sandbox mount's body bound: the request body is read through the shared bounded reader
// (lib/http/read-body.ts: a declared Content-Length over the limit is refused before reading, a streamed
// body is read only up to the limit) and handed to the provider sandbox as an ordinary Request, so the
// sandboxes' own req.text()/req.json() never see more than the limit.
import { readBodyLimited } from "@/lib/http/read-body";

/** Sandbox APIs take JSON and form bodies; the largest real one (a 100-record batch) is well under this. */
export const SANDBOX_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The same request with its body read (bounded) into memory; throws PAYLOAD_TOO_LARGE past `limit`. */
export async function withBoundedBody(req: Request, limit: number = SANDBOX_MAX_BODY_BYTES): Promise<Request> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  const body = await readBodyLimited(req, limit);
  return new Request(req.url, { method: req.method, headers: req.headers, body: body.byteLength ? (body as BodyInit) : null, signal: req.signal });
}
