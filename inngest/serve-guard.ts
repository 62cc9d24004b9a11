// Guards the Inngest serve endpoint (/api/inngest) before the SDK sees a request. The body is bounded:
// a declared or streamed body over the limit is a 413 and is never buffered whole. When the app has a
// signing key, the X-Inngest-Signature is checked first — its presence and timestamp before the body is
// read at all, then the HMAC over the raw body — so an unsigned or malformed body is a 401 and never
// reaches a JSON parser (the SDK parses before it verifies, and a malformed body became a 500 with a
// stack trace). Without a signing key (dev mode) a body that is not JSON is a 400.
import canonicalize from "canonicalize";
import { NextRequest } from "next/server";
import { AppError, toErrorResponse } from "@/lib/errors/app-error";
import { readTextLimited } from "@/lib/http/read-body";
import { verifySignature } from "@/inngest/executor/signing";
import type { ServeHandlers } from "@/inngest/executor/transport";

/** Inngest caps a run's state at 32 MB, and a call request carries the whole state: 32 MiB plus room. */
export const SERVE_BODY_LIMIT = 33 * 1024 * 1024;
/** Sync requests carry a URL (in-band) or nothing (out-of-band). */
const SYNC_BODY_LIMIT = 64 * 1024;
const MAX_SKEW_S = 5 * 60;

type Handler = ServeHandlers["POST"];

function plausibleSignature(header: string | null, nowMs: number): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const t = params.get("t");
  const s = params.get("s");
  return !!t && !!s && /^\d+$/.test(t) && /^[0-9a-f]{64}$/i.test(s) && Math.abs(Math.floor(nowMs / 1000) - Number(t)) <= MAX_SKEW_S;
}

/** True when the raw body (or, for a sender that did not canonicalize, its JCS form) carries a valid signature. */
function signedByAny(body: string, header: string | null, keys: string[], nowMs: number): boolean {
  if (keys.some((k) => verifySignature(body, header, k, nowMs))) return true;
  let canonical: string | undefined;
  try {
    canonical = canonicalize(JSON.parse(body));
  } catch {
    return false;
  }
  return canonical !== undefined && canonical !== body && keys.some((k) => verifySignature(canonical, header, k, nowMs));
}

function unauthorized(): Response {
  return toErrorResponse(new AppError("UNAUTHENTICATED", "Missing or invalid X-Inngest-Signature"));
}

/**
 * Wraps serve()'s handlers. `signingKeys` is read per request (the environment is not known at build
 * time); an empty list means the SDK runs in dev mode and verifies nothing.
 */
export function guardServe(handlers: ServeHandlers, signingKeys: () => string[]): ServeHandlers {
  const withBody =
    (method: "POST" | "PUT", limit: number): Handler =>
    async (req, ctx) => {
      const keys = signingKeys().filter(Boolean);
      const header = req.headers.get("x-inngest-signature");
      const now = Date.now();
      // An unsigned PUT is an out-of-band sync request: the SDK decides (it refuses it when unauthenticated sync is off).
      const mustVerify = keys.length > 0 && (method === "POST" || header !== null);
      if (mustVerify && !plausibleSignature(header, now)) {
        await req.body?.cancel().catch(() => undefined);
        return unauthorized();
      }
      let body: string;
      try {
        body = await readTextLimited(req, limit);
      } catch (err) {
        return toErrorResponse(err);
      }
      if (mustVerify && !signedByAny(body, header, keys, now)) return unauthorized();
      if (!mustVerify && body.trim() !== "") {
        try {
          JSON.parse(body);
        } catch {
          return toErrorResponse(new AppError("BAD_REQUEST", "The request body is not valid JSON."));
        }
      }
      const bounded = new NextRequest(req.url, { method, headers: req.headers, ...(body === "" ? {} : { body }), signal: req.signal });
      return handlers[method](bounded, ctx);
    };
  return { GET: handlers.GET, POST: withBody("POST", SERVE_BODY_LIMIT), PUT: withBody("PUT", SYNC_BODY_LIMIT) };
}
