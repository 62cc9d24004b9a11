// The executor's Event API (what the Inngest client POSTs to: <base>/e/<event key>). In-process sends
// (inngest.send() in route handlers and steps) go straight to the database through embeddedEventFetch;
// the HTTP route (app/api/executor/[...path]) serves senders outside the process and requires the event
// key derived from EMBEDDED_EXECUTOR_SIGNING_KEY.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { embeddedExecutorSigningKey } from "@/lib/env";
import { AppError, toErrorResponse } from "@/lib/errors/app-error";
import { readTextLimited } from "@/lib/http/read-body";
import { currentContext } from "@/inngest/executor/executor-context";
import { incomingEventSchema } from "@/inngest/executor/ingest-events";
import { submitEvents } from "@/inngest/executor/ingest-queue";
import { deriveEventKey } from "@/inngest/executor/signing";

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const EVENT_PATH = /\/e\/([^/]+)\/?$/;
const bodySchema = z.union([z.array(incomingEventSchema), incomingEventSchema]);

async function ingestBody(text: string): Promise<Response> {
  let raw: unknown;
  try {
    raw = JSON.parse(text || "[]");
  } catch {
    throw new AppError("BAD_REQUEST", "Body is not JSON");
  }
  const events = bodySchema.parse(raw);
  const list = Array.isArray(events) ? events : [events];
  const ctx = currentContext();
  // Group commit: concurrent sends share a transaction; the answer comes once the events are stored.
  const ids = await submitEvents(ctx, list);
  return Response.json({ ids, status: 200 });
}

/** POST /api/executor/e/<key> from outside the process. */
export async function handleEventApiRequest(req: Request): Promise<Response> {
  try {
    const key = EVENT_PATH.exec(new URL(req.url).pathname)?.[1];
    if (req.method !== "POST" || !key) throw new AppError("NOT_FOUND", "Unknown executor endpoint");
    const signingKey = embeddedExecutorSigningKey();
    if (!signingKey) {
      throw new AppError("FORBIDDEN", "The executor's HTTP Event API is off; set EMBEDDED_EXECUTOR_SIGNING_KEY to enable it");
    }
    const expected = Buffer.from(deriveEventKey(signingKey));
    const given = Buffer.from(decodeURIComponent(key));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("UNAUTHENTICATED", "Invalid event key");
    // Bounded: over 3 MB is a 413, and the body is never buffered past that.
    return await ingestBody(await readTextLimited(req, MAX_BODY_BYTES));
  } catch (err) {
    return toErrorResponse(err);
  }
}

/**
 * The Inngest client's `fetch` in embedded mode: event sends are ingested in this process (same
 * database, no HTTP hop, no key needed because nothing leaves the process); anything else is a normal
 * fetch.
 */
export const embeddedEventFetch: typeof fetch = async (input, init) => {
  // The SDK's send: a URL and a string body. Taken as is (a Request and its body stream cost more than the
  // ingest of a small event group); anything else goes through a Request.
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : null;
  if (url !== null && init?.method === "POST" && typeof init.body === "string" && EVENT_PATH.test(new URL(url).pathname)) {
    try {
      if (Buffer.byteLength(init.body) > MAX_BODY_BYTES) {
        throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than this endpoint accepts (${MAX_BODY_BYTES} bytes).`);
      }
      return await ingestBody(init.body);
    } catch (err) {
      return toErrorResponse(err);
    }
  }
  const req = new Request(input, init);
  if (req.method === "POST" && EVENT_PATH.test(new URL(req.url).pathname)) {
    try {
      return await ingestBody(await readTextLimited(req, MAX_BODY_BYTES));
    } catch (err) {
      return toErrorResponse(err);
    }
  }
  return fetch(input, init);
};
