// A bounded read of a request body for the sandbox mount: stops at the limit (a declared Content-Length
// over it is refused before reading anything) so an oversized upload is never buffered whole.
// (lib/http/read-body.ts did not exist when this was written; the sandbox keeps its own reader.)
import { AppError } from "@/lib/errors/app-error";

/** Sandbox APIs take JSON and form bodies; the largest real one (a 100-record batch) is well under this. */
export const SANDBOX_MAX_BODY_BYTES = 4 * 1024 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes.`, { limit });
}

export async function readBoundedBody(req: Request, limit: number): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    await req.body?.cancel().catch(() => undefined);
    throw tooLarge(limit);
  }
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The same request with its body read (bounded) into memory, so handlers can read it as usual. */
export async function withBoundedBody(req: Request, limit: number = SANDBOX_MAX_BODY_BYTES): Promise<Request> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  const body = await readBoundedBody(req, limit);
  return new Request(req.url, { method: req.method, headers: req.headers, body: body.length ? new Uint8Array(body) : null, signal: req.signal });
}
