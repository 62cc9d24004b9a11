// The inbound webhook receiver behind app/api/webhooks/**: bounded body -> the connection (by id, or by
// the provider account id for app-level webhooks) -> sender allow-list -> the provider's signature
// scheme -> replay guard -> parse (no provider call) -> stored in the inbox once -> one event per stored
// delivery (event id = inbox row id, sent after the answer: sendAfterAck) -> the answer the provider
// expects. Nothing unverified is stored; refused attempts are only counted. Processing happens later (lib/webhooks/process-deliveries.ts).
// Hot path: a per-connection URL whose connection was read before (lib/webhooks/target-cache.ts) is
// verified against it and stored by one statement that re-checks it, claims the replay fingerprint and
// de-duplicates (storeCheckedDelivery); anything that statement or the checks refuse takes the full path.
import type { Connection, WebhookEndpoint } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { AppError, isAppError, toErrorResponse } from "@/lib/errors/app-error";
import { findWebhookConnections } from "@/lib/connections/find-webhook-connections";
import { PEER_HEADER } from "@/lib/http/peer-address";
import { readBodyLimited } from "@/lib/http/read-body";
import { redactHeaders } from "@/lib/http/redact";
import { getProvider } from "@/lib/integrations/registry";
import { isContractV2, type ProviderDefinition, type WebhookChange } from "@/lib/integrations/types";
import { describeDelivery } from "@/lib/webhooks/describe-delivery";
import { claimFingerprint, replayFingerprint, replayGuardUntil } from "@/lib/webhooks/replay-guard";
import { senderAddress, senderAllowed } from "@/lib/webhooks/sender-allow-list";
import { storeCheckedDelivery, storeDelivery } from "@/lib/webhooks/store-delivery";
import { cachedTarget, forgetTarget, rememberTarget } from "@/lib/webhooks/target-cache";
import { verifyDelivery } from "@/lib/webhooks/verify-delivery";
import { countRejection, countUnrouted } from "@/lib/webhooks/webhook-rejections";
import { sendAfterAck } from "@/lib/webhooks/send-delivery-events";
import { beginForeground } from "@/lib/jobs/foreground";
import { transactionsSettled } from "@/lib/db/open-transactions";

/** Default body limit of a delivery (1 MiB). */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

const ACCEPTED_TYPES = [
  /^application\/json$/,
  /^application\/[a-z0-9.+-]+\+json$/,
  /^text\/xml$/,
  /^application\/xml$/,
  /^application\/soap\+xml$/,
  /^application\/x-www-form-urlencoded$/,
];

export type ReceiveOptions = {
  now?: Date;
  maxBodyBytes?: number;
  /** the public origin providers call (APP_URL); signatures over the URL use it, not the internal address */
  publicOrigin?: string;
};
export type WebhookRoute = { provider: string; connectionId: string | null };

function notFound(): AppError {
  return new AppError("NOT_FOUND", "No webhook endpoint at this address.");
}

function checkContentType(headers: Headers): void {
  const raw = headers.get("content-type");
  if (!raw) throw new AppError("BAD_REQUEST", "The delivery has no Content-Type header.", undefined, { status: 415 });
  const type = raw.split(";")[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.some((re) => re.test(type))) {
    throw new AppError("BAD_REQUEST", `Content-Type ${type} is not accepted: send JSON, XML or a form-encoded body.`, undefined, {
      status: 415,
    });
  }
}

/** The headers kept with a delivery: everything the provider sent, secrets redacted, transport noise dropped. */
function keptHeaders(headers: Headers): Record<string, string> {
  const drop = new Set([
    PEER_HEADER,
    "cookie",
    "connection",
    "content-length",
    "host",
    "accept-encoding",
    "keep-alive",
    "transfer-encoding",
  ]);
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of Object.entries(redactHeaders(headers))) {
    if (drop.has(k) || n >= 40) continue;
    out[k] = v.slice(0, 2000);
    n++;
  }
  return out;
}

async function candidates(def: ProviderDefinition, route: WebhookRoute, rawBody: string, headers: Headers): Promise<Connection[]> {
  if (route.connectionId) {
    if (!/^[a-z0-9]{10,40}$/i.test(route.connectionId)) return [];
    const c = await db.connection.findFirst({ where: { id: route.connectionId, provider: def.slug } });
    return c && c.status !== "disabled" ? [c] : [];
  }
  if (!def.webhookHandler.routingKey || def.webhook.registration !== "app") return [];
  const key = def.webhookHandler.routingKey({ rawBody, headers });
  if (!key) throw new AppError("BAD_REQUEST", `The ${def.name} delivery names no account, so it cannot be routed.`);
  const [live, sandbox] = await Promise.all([
    findWebhookConnections({ provider: def.slug, environment: "live", externalAccountId: key }),
    findWebhookConnections({ provider: def.slug, environment: "sandbox", externalAccountId: key }),
  ]);
  return [...live, ...sandbox];
}

/** The answer to a delivery; the route turns it into its Response. */
export type WebhookReply = { status: number; headers: Record<string, string>; body: string };

function acknowledge(def: ProviderDefinition, body: Record<string, unknown>): WebhookReply {
  return def.webhookHandler.acknowledge?.() ?? { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * The per-connection route with a remembered connection: verify, parse, then one statement that checks
 * the connection is still what was remembered, claims the replay fingerprint and stores the delivery.
 * Null when it cannot accept the delivery by itself (no remembered target, sender or signature refused,
 * unreadable body, stale target, replay, expired body-hash key): the full path then decides on a fresh read.
 */
async function receiveRemembered(
  def: ProviderDefinition,
  connectionId: string,
  req: IncomingDelivery,
  rawBody: string,
  url: string,
  now: Date,
): Promise<WebhookReply | null> {
  const target = cachedTarget(connectionId);
  if (!target || target.connection.provider !== def.slug) return null;
  const c = target.connection;
  if (!senderAllowed(target.endpoint?.allowedCidrs ?? [], senderAddress(req.headers))) return null;
  const verified = await verifyDelivery(def, c, target.endpoint, { method: req.method, url, headers: req.headers, rawBody, now });
  if (!verified.ok) return null;
  let changes: WebhookChange[];
  try {
    changes = await def.webhookHandler.parse({
      rawBody,
      headers: req.headers,
      config: (c.config ?? {}) as Record<string, unknown>,
      metadata: (c.metadata ?? {}) as Record<string, string>,
    });
  } catch {
    return null;
  }
  const facts = describeDelivery(rawBody, changes);
  const body = { rawBody, bytes: req.body.byteLength, headers: keptHeaders(req.headers) };
  const checked = await storeCheckedDelivery(
    { connection: c, endpointUpdatedAt: target.endpoint?.updatedAt ?? null },
    facts,
    body,
    replayFingerprint(c.id, req.headers, rawBody),
    replayGuardUntil(now),
    now,
  );
  if (checked.kind === "stale" || checked.kind === "replayed") {
    forgetTarget(c.id);
    return null;
  }
  // the target was current and the fingerprint is claimed: only the expired body-hash key is left to settle
  const stored = checked.kind === "stored" ? checked : await storeDelivery(c, facts, body, now);
  if (!stored.duplicate && !("evented" in stored && stored.evented))
    await sendAfterAck([{ deliveryId: stored.id, connectionId: c.id, workspaceId: c.workspaceId }]);
  return acknowledge(def, { received: true, deliveries: [{ id: stored.id, duplicate: stored.duplicate }] });
}

/** A delivery as received: the body already read through the bounded reader (lib/http/read-body.ts). */
export type IncomingDelivery = { method: string; url: string; headers: Headers; body: Uint8Array };

/** For callers holding a Request (tests, the benchmark): reads the body bounded, then receives it. */
export async function receiveWebhookRequest(req: Request, route: WebhookRoute, opts: ReceiveOptions = {}): Promise<Response> {
  let body: Uint8Array;
  try {
    body = await readBodyLimited(req, opts.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES);
  } catch (err) {
    return toErrorResponse(err);
  }
  return receiveWebhook({ method: req.method, url: req.url, headers: req.headers, body }, route, opts);
}

export async function receiveWebhook(req: IncomingDelivery, route: WebhookRoute, opts: ReceiveOptions = {}): Promise<Response> {
  const reply = await receiveWebhookReply(req, route, opts);
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/** receiveWebhook's answer before it is a Response (for a server that writes it itself). */
export async function receiveWebhookReply(req: IncomingDelivery, route: WebhookRoute, opts: ReceiveOptions = {}): Promise<WebhookReply> {
  // the embedded job runner holds back new work while deliveries are being answered (lib/jobs/foreground.ts)
  const end = beginForeground();
  try {
    // on PGlite, a transaction open now would otherwise stretch by this request's work (lib/db/open-transactions.ts)
    const settled = transactionsSettled();
    if (settled) await settled;
    const r = await receive(req, route, opts);
    return r instanceof Response ? { status: r.status, headers: Object.fromEntries(r.headers), body: await r.text() } : r;
  } finally {
    end();
  }
}

async function receive(req: IncomingDelivery, route: WebhookRoute, opts: ReceiveOptions): Promise<WebhookReply | Response> {
  const now = opts.now ?? new Date();
  try {
    const found = getProvider(route.provider);
    if (!found || !isContractV2(found) || found.webhook.registration === "none") {
      await countUnrouted(route.provider, now);
      throw notFound();
    }
    const def = found;
    const bytes = req.body;
    if (bytes.byteLength > (opts.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES))
      throw new AppError("PAYLOAD_TOO_LARGE", "The delivery is larger than this endpoint accepts.");
    let rawBody: string;
    try {
      rawBody = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new AppError("BAD_REQUEST", "The delivery body is not UTF-8 text.");
    }
    checkContentType(req.headers);
    const u = new URL(req.url);
    const url = opts.publicOrigin ? `${opts.publicOrigin.replace(/\/$/, "")}${u.pathname}${u.search}` : req.url;

    if (route.connectionId) {
      const fast = await receiveRemembered(def, route.connectionId, req, rawBody, url, now);
      if (fast) return fast;
    }

    const conns = await candidates(def, route, rawBody, req.headers);
    if (conns.length === 0) {
      await countUnrouted(def.slug, now);
      throw notFound();
    }
    const endpoints = new Map<string, WebhookEndpoint>(
      (await db.webhookEndpoint.findMany({ where: { connectionId: { in: conns.map((c) => c.id) } } })).map((e) => [e.connectionId, e]),
    );

    // Who may send
    const sender = senderAddress(req.headers);
    const allowed: Connection[] = [];
    for (const c of conns) {
      const cidrs = endpoints.get(c.id)?.allowedCidrs ?? [];
      if (senderAllowed(cidrs, sender)) allowed.push(c);
      else await countRejection(c, "ip", "FORBIDDEN", `Sender ${sender ?? "unknown"} is not in the allow-list`, now);
    }
    if (allowed.length === 0) throw new AppError("FORBIDDEN", "This sender is not allowed to deliver webhooks here.");

    // The provider's scheme, then the replay guard
    const verified: Connection[] = [];
    let firstError: AppError | null = null;
    for (const c of allowed) {
      const res = await verifyDelivery(def, c, endpoints.get(c.id) ?? null, {
        method: req.method,
        url,
        headers: req.headers,
        rawBody,
        now,
      });
      if (!res.ok) {
        if (res.error.code === "VALIDATION_FAILED") throw res.error; // signed, but not a body we understand
        firstError ??= res.error;
        await countRejection(c, "signature", res.error.code, res.error.message, now);
        continue;
      }
      const fingerprint = replayFingerprint(c.id, req.headers, rawBody);
      if (fingerprint && !(await claimFingerprint(fingerprint, now))) {
        const replay = new AppError("WEBHOOK_SIGNATURE_INVALID", "This signed delivery was already received: replays are refused.", {
          reason: "replayed",
        });
        firstError ??= replay;
        await countRejection(c, "signature", replay.code, replay.message, now);
        continue;
      }
      verified.push(c);
    }
    if (verified.length === 0) throw firstError ?? new AppError("WEBHOOK_SIGNATURE_INVALID", "The delivery does not verify.");

    // Parse without provider calls: malformed bodies are refused before anything is stored
    let changes: WebhookChange[];
    try {
      const first = verified[0]!;
      changes = await def.webhookHandler.parse({
        rawBody,
        headers: req.headers,
        config: (first.config ?? {}) as Record<string, unknown>,
        metadata: (first.metadata ?? {}) as Record<string, string>,
      });
    } catch (err) {
      if (isAppError(err)) throw err;
      throw new AppError("BAD_REQUEST", `The ${def.name} delivery could not be read.`, undefined, { cause: err });
    }
    const facts = describeDelivery(rawBody, changes);
    const headers = keptHeaders(req.headers);
    const stored: { id: string; connectionId: string; workspaceId: string; duplicate: boolean }[] = [];
    for (const c of verified) {
      const s = await storeDelivery(c, facts, { rawBody, bytes: bytes.byteLength, headers }, now);
      stored.push({ ...s, connectionId: c.id, workspaceId: c.workspaceId });
    }
    // the next delivery to this connection's own URL takes the one-statement path
    if (route.connectionId && verified.length === 1)
      rememberTarget({ connection: verified[0]!, endpoint: endpoints.get(verified[0]!.id) ?? null });
    await sendAfterAck(
      stored.filter((s) => !s.duplicate).map((s) => ({ deliveryId: s.id, connectionId: s.connectionId, workspaceId: s.workspaceId })),
    );
    return acknowledge(def, { received: true, deliveries: stored.map((s) => ({ id: s.id, duplicate: s.duplicate })) });
  } catch (err) {
    return toErrorResponse(err);
  }
}
