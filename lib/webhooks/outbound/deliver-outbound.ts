// Deliveries: an event becomes one delivery row per subscribed, enabled endpoint (unique per endpoint
// and message id, so a re-sent event makes no second row); each attempt signs the body with every
// current secret, POSTs it through the SSRF guard with a 15 s timeout, and logs status, latency and a
// response excerpt. An endpoint that has failed for 5 days without a success is disabled with a notice.
import { db, type Prisma } from "@/lib/db/client";
import { openSecret } from "@/lib/crypto/seal-secret";
import { AppError } from "@/lib/errors/app-error";
import { createHttpClient } from "@/lib/http/http-client";
import type { SsrfPolicy } from "@/lib/http/ssrf-guard";
import { DELIVERY_TIMEOUT_MS, DISABLE_AFTER_MS, type OutboundEventType } from "@/lib/webhooks/outbound/outbound-event-types";
import { secretScope } from "@/lib/webhooks/outbound/outbound-endpoints";
import { signedHeaders } from "@/lib/webhooks/outbound/sign-outbound";
import { outboundSsrfPolicy } from "@/lib/webhooks/outbound/outbound-ssrf-policy";
import { mailEndpointDisabled } from "@/lib/webhooks/outbound/mail-endpoint-disabled";

const EXCERPT = 500;
/** Every status is the endpoint's answer (logged as is); 3xx are not followed. */
const ANY_STATUS = Array.from({ length: 500 }, (_, i) => i + 100);

function deliveryClient(ssrf: SsrfPolicy) {
  return createHttpClient({
    provider: "webhook endpoint",
    timeoutMs: DELIVERY_TIMEOUT_MS,
    maxRedirects: 0,
    maxResponseBytes: 1024 * 1024,
    ...(ssrf.allowedOrigins ? { allowedOrigins: ssrf.allowedOrigins } : {}),
    ...(ssrf.resolver ? { resolver: ssrf.resolver } : {}),
  });
}

/** Fan an event out to delivery rows; returns the ids of the rows it created. */
export async function enqueueOutboundEvent(
  workspaceId: string,
  type: OutboundEventType,
  msgId: string,
  data: Prisma.InputJsonObject,
  now = new Date(),
  onlyEndpointId?: string,
): Promise<string[]> {
  const endpoints = await db.outboundEndpoint.findMany({
    where: { workspaceId, enabled: true, ...(onlyEndpointId ? { id: onlyEndpointId } : {}) },
    select: { id: true, eventTypes: true },
  });
  const targets = endpoints.filter((e) => e.eventTypes.length === 0 || e.eventTypes.includes(type) || type === "test.event");
  if (targets.length === 0) return [];
  const payload = { type, timestamp: now.toISOString(), data };
  const created = await db.outboundDelivery.createManyAndReturn({
    data: targets.map((e) => ({ workspaceId, endpointId: e.id, msgId, eventType: type, payload, nextAttemptAt: now })),
    skipDuplicates: true,
    select: { id: true },
  });
  return created.map((c) => c.id);
}

export type AttemptOutcome = { delivered: boolean; status: number | null; endpointDisabled: boolean; gone: boolean };

export async function attemptDelivery(
  deliveryId: string,
  opts: { ssrf?: SsrfPolicy; now?: Date } = {},
): Promise<AttemptOutcome> {
  const now = opts.now ?? new Date();
  const d = await db.outboundDelivery.findUnique({ where: { id: deliveryId } });
  if (!d || d.status === "succeeded") return { delivered: d?.status === "succeeded", status: null, endpointDisabled: false, gone: !d };
  const ep = await db.outboundEndpoint.findFirst({ where: { id: d.endpointId, workspaceId: d.workspaceId } });
  if (!ep || !ep.enabled) return { delivered: false, status: null, endpointDisabled: true, gone: !ep };

  const scope = secretScope(ep.workspaceId, ep.id);
  const secrets = [String(await openSecret(scope, ep.secretSealed))];
  if (ep.previousSecretSealed && ep.previousSecretExpiresAt && ep.previousSecretExpiresAt > now)
    secrets.push(String(await openSecret(scope, ep.previousSecretSealed)));
  const body = JSON.stringify(d.payload);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Switchboard-Webhooks/1",
    ...signedHeaders(secrets, d.msgId, Math.floor(now.getTime() / 1000), body),
  };

  const started = performance.now();
  let status: number | null = null;
  let excerpt = "";
  let error: string | null = null;
  try {
    // lib/http: the SSRF guard resolves the name once and the connection is pinned to the checked
    // address (no second DNS answer between check and connect); redirects are answers, never followed.
    const res = await deliveryClient(opts.ssrf ?? outboundSsrfPolicy()).request({
      method: "POST",
      url: ep.url,
      headers,
      body,
      accept: ANY_STATUS,
      operation: "outbound.deliver",
    });
    status = res.status;
    excerpt = res.text.slice(0, EXCERPT);
  } catch (err) {
    error =
      err instanceof AppError && err.details?.timeout
        ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`
        : err instanceof Error
          ? err.message
          : "Delivery failed";
  }
  const latencyMs = Math.round(performance.now() - started);
  const ok = status !== null && status >= 200 && status < 300;
  const attempt = d.attemptCount + 1;
  await db.$transaction([
    db.outboundAttempt.create({
      data: {
        deliveryId: d.id,
        workspaceId: d.workspaceId,
        attempt,
        responseStatus: status,
        latencyMs,
        responseExcerpt: excerpt,
        error: error?.slice(0, 500) ?? null,
      },
    }),
    db.outboundDelivery.update({ where: { id: d.id }, data: { attemptCount: attempt, status: ok ? "succeeded" : "pending" } }),
  ]);
  let endpointDisabled = false;
  if (ok) {
    if (ep.failingSince) await db.outboundEndpoint.update({ where: { id: ep.id }, data: { failingSince: null } });
  } else {
    const since = ep.failingSince ?? now;
    if (!ep.failingSince) await db.outboundEndpoint.update({ where: { id: ep.id }, data: { failingSince: now } });
    if (now.getTime() - since.getTime() >= DISABLE_AFTER_MS) {
      const disabledReason = `Disabled after failing for 5 days since ${since.toISOString()}`;
      // only the attempt that flips it mails the admins (several deliveries may fail at once)
      const flipped = await db.outboundEndpoint.updateMany({ where: { id: ep.id, enabled: true }, data: { enabled: false, disabledAt: now, disabledReason } });
      if (flipped.count === 1) await mailEndpointDisabled({ workspaceId: ep.workspaceId, url: ep.url, disabledReason });
      endpointDisabled = true;
    }
  }
  return { delivered: ok, status, endpointDisabled, gone: false };
}

/** After the last scheduled attempt failed. */
export async function markDeliveryFailed(deliveryId: string): Promise<void> {
  await db.outboundDelivery.updateMany({ where: { id: deliveryId, status: "pending" }, data: { status: "failed", nextAttemptAt: null } });
}
