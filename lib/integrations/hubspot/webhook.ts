// HubSpot webhooks: v3 request signature (base64 HMAC-SHA256 of method + URI + body + timestamp with the
// app's client secret, 5-minute window) and the event array -> hub events.
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { HubWebhookEvent } from "@/lib/records/hub-contact";
import type { WebhookHandler, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import { hubspotPropertiesToHub } from "@/lib/integrations/hubspot/map";
import { constantTimeEqual } from "@/lib/crypto/constant-time-equal";
import { parseWebhookJson } from "@/lib/integrations/parse-webhook-json";

export const HUBSPOT_MAX_TIMESTAMP_AGE_MS = 300_000;

/** HubSpot decodes these escapes in the URI before signing (its request-validation doc table). */
const DECODE: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'",
  "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

export function hubspotSignatureUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODE[m.toUpperCase()] ?? m);
}

export function hubspotSignatureV3(input: { clientSecret: string; method: string; url: string; body: string; timestamp: string }): string {
  return createHmac("sha256", input.clientSecret)
    .update(input.method + hubspotSignatureUri(input.url) + input.body + input.timestamp, "utf8")
    .digest("base64");
}

export function hubspotSignatureV1(clientSecret: string, body: string): string {
  return createHash("sha256").update(clientSecret + body, "utf8").digest("hex");
}

export function hubspotSignatureV2(clientSecret: string, method: string, url: string, body: string): string {
  return createHash("sha256").update(clientSecret + method + url + body, "utf8").digest("hex");
}

const invalid = (message: string): WebhookVerifyResult => ({
  ok: false,
  error: new AppError("WEBHOOK_SIGNATURE_INVALID", message),
});

export function verifyHubspotWebhook(input: WebhookVerifyInput): WebhookVerifyResult {
  if (!input.appSecret) return invalid("No HubSpot app client secret is configured to verify the signature.");
  const signature = input.headers.get("x-hubspot-signature-v3");
  const timestamp = input.headers.get("x-hubspot-request-timestamp");
  if (!signature || !timestamp) return invalid("Missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp.");
  const ts = Number(timestamp);
  if (!Number.isFinite(ts)) return invalid("X-HubSpot-Request-Timestamp is not a number.");
  // HubSpot rejects only old timestamps; a far-future one is as suspicious, so both are refused.
  if (Math.abs(input.now.getTime() - ts) > HUBSPOT_MAX_TIMESTAMP_AGE_MS) {
    return { ok: false, error: new AppError("WEBHOOK_TIMESTAMP_EXPIRED", "The HubSpot request timestamp is outside the 5-minute window.") };
  }
  const expected = hubspotSignatureV3({
    clientSecret: input.appSecret,
    method: input.method.toUpperCase(),
    url: input.url,
    body: input.rawBody,
    timestamp,
  });
  return constantTimeEqual(expected, signature) ? { ok: true } : invalid("The HubSpot v3 signature does not match.");
}

export const hubspotEventSchema = z
  .object({
    eventId: z.coerce.string(),
    subscriptionId: z.coerce.string(),
    portalId: z.coerce.string(),
    appId: z.coerce.string().optional(),
    occurredAt: z.number(),
    subscriptionType: z.string(),
    attemptNumber: z.number().optional(),
    objectId: z.coerce.string(),
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    changeSource: z.string().optional(),
    sourceId: z.string().optional(),
    changeFlag: z.string().optional(),
    mergedObjectIds: z.array(z.coerce.string()).optional(),
    primaryObjectId: z.coerce.string().optional(),
    newObjectId: z.coerce.string().optional(),
  })
  .passthrough();
export type HubspotEvent = z.infer<typeof hubspotEventSchema>;

const ACTIONS: Record<string, HubWebhookEvent["action"]> = {
  "contact.creation": "created",
  "contact.propertyChange": "updated",
  "contact.deletion": "deleted",
  "contact.privacyDeletion": "deleted",
  "contact.restore": "created",
  "contact.merge": "merged",
  "contact.associationChange": "updated",
};

export function parseHubspotWebhook(rawBody: string): HubWebhookEvent[] {
  const json = parseWebhookJson(rawBody, "HubSpot");
  const parsed = z.array(hubspotEventSchema).safeParse(json);
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", "The HubSpot webhook body is not an event array.");
  const out: HubWebhookEvent[] = [];
  for (const e of parsed.data) {
    const action = ACTIONS[e.subscriptionType];
    if (!action) continue; // other objects' events: not synced
    const fields =
      e.subscriptionType === "contact.propertyChange" && e.propertyName
        ? hubspotPropertiesToHub({ [e.propertyName]: e.propertyValue ?? null })
        : undefined;
    out.push({
      // eventId is stable across retries (attemptNumber changes), so it de-duplicates redeliveries.
      providerEventId: `${e.portalId}:${e.subscriptionId}:${e.eventId}`,
      object: "contact",
      action,
      externalId: e.subscriptionType === "contact.merge" && e.primaryObjectId ? e.primaryObjectId : e.objectId,
      occurredAt: new Date(e.occurredAt).toISOString(),
      ...(fields && Object.keys(fields).length ? { fields } : {}),
      raw: e,
    });
  }
  return out;
}

export const hubspotWebhook: WebhookHandler = {
  verify: verifyHubspotWebhook,
  parse: (rawBody) => parseHubspotWebhook(rawBody),
  routingKey(rawBody) {
    try {
      const first = (JSON.parse(rawBody) as unknown[])[0] as { portalId?: unknown } | undefined;
      return first?.portalId === undefined ? null : String(first.portalId);
    } catch {
      return null;
    }
  },
};
