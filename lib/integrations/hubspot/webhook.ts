// HubSpot webhooks: v3 request signature (base64 HMAC-SHA256 of method + URI + body + timestamp with the
// app's client secret, 5-minute window), routing by portalId (app-level webhooks), and the event array ->
// changes; a propertyChange carries one property, so with a client the full records are fetched in one
// batch read.
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { WebhookAction, WebhookChange, WebhookHandler, WebhookParseInput, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
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

const ACTIONS: Record<string, WebhookAction> = {
  "contact.creation": "created",
  "contact.propertyChange": "updated",
  "contact.deletion": "deleted",
  "contact.privacyDeletion": "deleted",
  "contact.restore": "restored",
  "contact.merge": "merged",
  "contact.associationChange": "updated",
};

/** The event array -> changes, in delivery order (no I/O). */
export function parseHubspotEvents(rawBody: string): WebhookChange[] {
  const json = parseWebhookJson(rawBody, "HubSpot");
  const parsed = z.array(hubspotEventSchema).safeParse(json);
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", "The HubSpot webhook body is not an event array.");
  const out: WebhookChange[] = [];
  for (const e of parsed.data) {
    const action = ACTIONS[e.subscriptionType];
    if (!action) continue; // other objects' events: not synced
    // eventId is stable across retries (attemptNumber changes), so it de-duplicates redeliveries.
    const base = { providerEventId: `${e.portalId}:${e.subscriptionId}:${e.eventId}`, object: "contacts", occurredAt: new Date(e.occurredAt).toISOString() };
    if (action === "merged" && e.primaryObjectId) {
      for (const merged of e.mergedObjectIds ?? []) {
        if (merged === e.primaryObjectId) continue;
        out.push({ ...base, providerEventId: `${base.providerEventId}:${merged}`, action, externalId: merged, mergedIntoExternalId: e.primaryObjectId });
      }
      out.push({ ...base, action: "updated", externalId: e.primaryObjectId });
      continue;
    }
    out.push({
      ...base,
      action,
      externalId: e.objectId,
      ...(e.subscriptionType === "contact.propertyChange" && e.propertyName ? { fields: { [e.propertyName]: e.propertyValue === undefined || e.propertyValue === "" ? null : e.propertyValue } } : {}),
    });
  }
  return out;
}

/** Parse, then (with a client) attach the full current record of every contact still there. */
export async function parseHubspotWebhook(input: WebhookParseInput): Promise<WebhookChange[]> {
  const changes = parseHubspotEvents(input.rawBody);
  const contacts = input.client?.objects.contacts;
  if (!contacts?.getMany) return changes;
  const ids = [...new Set(changes.filter((c) => c.action !== "deleted" && c.action !== "merged").map((c) => c.externalId))];
  if (!ids.length) return changes;
  const records = new Map((await contacts.getMany(ids)).map((r) => [r.externalId, r]));
  return changes.map((c) => {
    const record = c.action === "deleted" || c.action === "merged" ? undefined : records.get(c.externalId);
    return record ? { ...c, record } : c;
  });
}

export const hubspotWebhook: WebhookHandler = {
  verify: verifyHubspotWebhook,
  parse: parseHubspotWebhook,
  routingKey({ rawBody }) {
    try {
      const first = (JSON.parse(rawBody) as unknown[])[0] as { portalId?: unknown } | undefined;
      return first?.portalId === undefined ? null : String(first.portalId);
    } catch {
      return null;
    }
  },
};
