// The one bounded reader for request bodies. Every route handler reads its body through it (or is wrapped
// in withBodyLimit), so a client cannot make the server buffer more than the route's limit: a declared
// Content-Length over the limit is refused before reading, and a streamed body is read only until it
// passes the limit, then the stream is cancelled. Either way the answer is 413 PAYLOAD_TOO_LARGE.
import { NextRequest } from "next/server";
import { AppError, toErrorResponse } from "@/lib/errors/app-error";

export const BODY_LIMITS = {
  /** sign-in, sign-up and other small forms */
  form: 64 * 1024,
  /** JSON APIs */
  json: 1024 * 1024,
  /** provider webhooks and job-runner calls */
  webhook: 5 * 1024 * 1024,
} as const;

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than this endpoint accepts (${limit} bytes).`, { limitBytes: limit });
}

/** The body as bytes, at most `limit` of them; throws PAYLOAD_TOO_LARGE without reading further. */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => undefined);
    throw tooLarge(limit);
  }
  if (!req.body) return new Uint8Array(0);
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
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function readTextLimited(req: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyLimited(req, limit));
}

/** Parsed JSON (unknown: parse it with zod next); a body that is not JSON is a 400. */
export async function readJsonLimited(req: Request, limit: number): Promise<unknown> {
  const text = await readTextLimited(req, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}

/**
 * Wraps a route handler: the body is read (bounded) before the handler runs, and the handler gets a
 * request whose body is that buffer, so libraries that read the body themselves (Auth.js) stay bounded.
 */
export function withBodyLimit<C>(limit: number, handler: (req: NextRequest, ctx: C) => Promise<Response> | Response) {
  return async (req: Request, ctx: C): Promise<Response> => {
    let body: Uint8Array;
    try {
      body = await readBodyLimited(req, limit);
    } catch (err) {
      return toErrorResponse(err);
    }
    const bounded = new NextRequest(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: body as BodyInit }),
      signal: req.signal,
    });
    return handler(bounded, ctx);
  };
}
