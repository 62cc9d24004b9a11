// The one Inngest client (app id "switchboard"). Which server runs the functions is decided by the
// environment only (lib/env.ts jobsMode()): Inngest Cloud or self-hosted Inngest when INNGEST_EVENT_KEY
// and INNGEST_SIGNING_KEY are set; otherwise the embedded executor, whose Event API is mounted in this
// app at /api/executor and which receives in-process sends without any HTTP hop.
import { Inngest, type ClientOptions } from "inngest";
import { appUrl, embeddedExecutorSigningKey, env, jobsMode } from "@/lib/env";
import { embeddedEventFetch } from "@/inngest/executor/event-api";
import { currentContext } from "@/inngest/executor/executor-context";
import { submitEvents } from "@/inngest/executor/ingest-queue";
import { prepareEvent } from "@/inngest/executor/ingest-events";
import { joinedIngester, type JoinedIngest } from "@/inngest/executor/ingest-fast-path";
import { deriveEventKey } from "@/inngest/executor/signing";

export const APP_ID = "switchboard";

function clientOptions(): ClientOptions {
  const e = env();
  if (jobsMode() === "inngest") {
    return {
      id: APP_ID,
      ...(e.INNGEST_EVENT_KEY ? { eventKey: e.INNGEST_EVENT_KEY } : {}),
      ...(e.INNGEST_SIGNING_KEY ? { signingKey: e.INNGEST_SIGNING_KEY } : {}),
      ...(e.INNGEST_SIGNING_KEY_FALLBACK ? { signingKeyFallback: e.INNGEST_SIGNING_KEY_FALLBACK } : {}),
      ...(e.INNGEST_BASE_URL ? { baseUrl: e.INNGEST_BASE_URL } : {}),
    };
  }
  const signingKey = embeddedExecutorSigningKey();
  return {
    id: APP_ID,
    // Trailing slash: the SDK resolves "e/<key>" relative to this URL.
    baseUrl: `${appUrl()}/api/executor/`,
    fetch: embeddedEventFetch,
    checkpointing: false,
    // Signed: the serve route verifies every executor call. Unsigned: dev mode, nothing is verified.
    ...(signingKey ? { isDev: false, signingKey, eventKey: deriveEventKey(signingKey) } : { isDev: true }),
  };
}

export const inngest = new Inngest(clientOptions());

type EventPayload = { name: string; data?: Record<string, unknown>; id?: string; ts?: number; v?: string; validate?: () => Promise<void> };

/**
 * Sends events; resolves with their ids once the job runner has them. Embedded, the events go straight
 * to the executor's ingest (what inngest.send() reaches through embeddedEventFetch, without the SDK's
 * serialising, fetch and response round trip in between: on hot paths that cost more than the ingest
 * itself); with Inngest, inngest.send().
 */
export async function sendEvents(events: EventPayload[]): Promise<string[]> {
  if (events.length === 0) return [];
  if (jobsMode() === "inngest") return (await inngest.send(events)).ids;
  return submitEvents(currentContext(), await validated(events));
}

/** As the SDK's send does: an event made by an EventType is validated against its schema, and goes as data. */
function validated(events: EventPayload[]): Promise<Omit<EventPayload, "validate">[]> {
  return Promise.all(
    events.map(async ({ validate, ...event }) => {
      await validate?.();
      return event;
    }),
  );
}

/**
 * Embedded executor only: a function that makes events part of the caller's own SQL statement, so the
 * caller's rows and their events commit together in one statement (ingest-fast-path.ts JoinedIngest),
 * when the events take the executor's common shape. Get it before the statement. Null with
 * Inngest; the function answers null when the events do not take that shape: send them with
 * sendEvents() after commit.
 */
export async function joinedEventIngester(): Promise<((events: EventPayload[]) => Promise<JoinedIngest | null>) | null> {
  if (jobsMode() === "inngest") return null;
  const ctx = currentContext();
  const join = await joinedIngester(ctx);
  return async (events) => join((await validated(events)).map((e) => prepareEvent(ctx, e)));
}

/** The keys calls to /api/inngest must be signed with (none: dev mode, where the SDK verifies nothing). */
export function servingSigningKeys(): string[] {
  const e = env();
  if (jobsMode() === "inngest") return [e.INNGEST_SIGNING_KEY, e.INNGEST_SIGNING_KEY_FALLBACK].filter((k): k is string => !!k);
  const key = embeddedExecutorSigningKey();
  return key ? [key] : [];
}
