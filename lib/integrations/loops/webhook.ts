// Loops signs webhooks with Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature,
// HMAC-SHA256 keyed by the base64 part of the `whsec_…` secret, 5-minute window). The HMAC is Node's
// (the `standardwebhooks` package computes it in JavaScript, several times slower on the receiver's
// hot path); the tests check it against the package and the published test vector.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { FieldMap, RawRecord } from "@/lib/integrations/object-contract";
import type { WebhookAction, WebhookChange, WebhookHandler, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import { loopsContactSchema, loopsToRaw } from "@/lib/integrations/loops/map";
import type { LoopsConfig, LoopsCredentials } from "@/lib/integrations/loops/settings";
import { parseWebhookJson } from "@/lib/integrations/parse-webhook-json";

/** Contact events a Loops account can send (there is no "contact updated" event). */
export const contactEventNames = [
  "contact.created",
  "contact.unsubscribed",
  "contact.deleted",
  "contact.mailingList.subscribed",
  "contact.mailingList.unsubscribed",
] as const;

export const allEventNames = [
  ...contactEventNames,
  "transactional.email.sent",
  "campaign.email.sent",
  "loop.email.sent",
  "email.delivered",
  "email.softBounced",
  "email.hardBounced",
  "email.clicked",
  "email.opened",
  "email.unsubscribed",
  "email.resubscribed",
  "email.spamReported",
  "testing.testEvent",
] as const;

/** Standard Webhooks allows this much clock difference either way. */
export const LOOPS_TOLERANCE_MS = 5 * 60_000;

const invalid = (message: string): WebhookVerifyResult => ({ ok: false, error: new AppError("WEBHOOK_SIGNATURE_INVALID", message) });

/** Decoded signing keys by secret (a connection's secret is decoded once, not per delivery). */
const keys = new Map<string, Buffer | null>();

/** The key of a `whsec_…` secret (the prefix optional, as in `standardwebhooks`); null when it is not base64. */
function signingKey(secret: string): Buffer | null {
  let key = keys.get(secret);
  if (key !== undefined) return key;
  const b64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const canonical = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64);
  key = canonical && b64.length > 0 ? Buffer.from(b64, "base64") : null;
  if (keys.size >= 1000) keys.clear();
  keys.set(secret, key);
  return key;
}

/**
 * The expected `v1` signature is HMAC-SHA256 over "id.timestamp.body"; the timestamp window is checked
 * against the caller's clock, and every `v1,` entry is compared in constant time.
 */
export function verifyLoopsWebhook(
  input: Pick<WebhookVerifyInput<LoopsConfig, Partial<LoopsCredentials>>, "headers" | "rawBody" | "now" | "credentials">,
): WebhookVerifyResult {
  const secret = input.credentials.webhookSigningSecret;
  if (typeof secret !== "string" || secret === "") return invalid("No Loops webhook signing secret is configured for this connection.");
  const id = input.headers.get("webhook-id");
  const timestamp = input.headers.get("webhook-timestamp");
  const signatures = input.headers.get("webhook-signature");
  if (!id || !timestamp || !signatures)
    return invalid("The Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) are missing.");
  if (!/^\d+$/.test(timestamp)) return invalid("The webhook-timestamp header is not a unix time.");
  const sentAt = Number(timestamp) * 1000;
  if (Math.abs(input.now.getTime() - sentAt) > LOOPS_TOLERANCE_MS) {
    return { ok: false, error: new AppError("WEBHOOK_TIMESTAMP_EXPIRED", "The webhook timestamp is outside the 5-minute window.") };
  }
  // a malformed secret (not base64); never echo it
  const key = signingKey(secret);
  if (!key) return invalid("The Loops signing secret of this connection is not a valid whsec_ secret.");
  const want = createHmac("sha256", key)
    .update(`${id}.${Math.floor(sentAt / 1000)}.${input.rawBody}`)
    .digest();
  for (const entry of signatures.split(" ")) {
    const [version, sig] = entry.split(",");
    if (version !== "v1" || !sig) continue;
    const got = Buffer.from(sig, "base64");
    if (got.length === want.length && timingSafeEqual(got, want)) return { ok: true };
  }
  return invalid("The Loops webhook signature does not match.");
}

const payloadSchema = z.looseObject({
  eventName: z.string(),
  eventTime: z.number(),
  webhookSchemaVersion: z.string().optional(),
  contactIdentity: z
    .looseObject({ id: z.string(), email: z.string().nullable().optional(), userId: z.string().nullable().optional() })
    .optional(),
  contact: loopsContactSchema.optional(),
  mailingList: z.looseObject({ id: z.string() }).optional(),
});

const actions: Partial<Record<string, WebhookAction>> = {
  "contact.created": "created",
  "contact.unsubscribed": "updated",
  "contact.deleted": "deleted",
  "contact.mailingList.subscribed": "updated",
  "contact.mailingList.unsubscribed": "updated",
  "email.unsubscribed": "updated",
  "email.resubscribed": "updated",
};

/**
 * A verified delivery -> changes (sends, opens, clicks and the test event give none). contact.created
 * carries the whole contact; unsubscribes carry `subscribed`; mailing-list events say only which list
 * changed, so they carry no fields (Loops cannot be asked for the contact's other lists by id).
 */
export function parseLoopsEvents(rawBody: string, headers?: Headers): WebhookChange[] {
  const json = parseWebhookJson(rawBody, "Loops");
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The Loops webhook body is not a Loops event.", {
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    });
  }
  const p = parsed.data;
  const action = actions[p.eventName];
  const externalId = p.contactIdentity?.id ?? p.contact?.id;
  if (!action || !externalId) return [];
  const email = (p.contactIdentity?.email ?? p.contact?.email)?.toLowerCase();
  let fields: FieldMap | undefined;
  let record: RawRecord | undefined;
  if (p.contact && p.eventName === "contact.created") {
    record = loopsToRaw(p.contact);
    fields = record.fields;
  } else if (p.eventName === "contact.unsubscribed" || p.eventName === "email.unsubscribed") fields = { subscribed: false };
  else if (p.eventName === "email.resubscribed") fields = { subscribed: true };
  if (fields && email && fields.email === undefined) fields.email = email;
  return [
    {
      providerEventId: headers?.get("webhook-id") ?? `${p.eventName}:${externalId}:${p.eventTime}`,
      object: "contacts",
      action,
      externalId,
      occurredAt: new Date(p.eventTime * 1000).toISOString(),
      ...(fields ? { fields } : {}),
      ...(record ? { record } : {}),
    },
  ];
}

export const loopsWebhook: WebhookHandler<LoopsConfig, LoopsCredentials> = {
  verify: verifyLoopsWebhook,
  parse: async (input) => parseLoopsEvents(input.rawBody, input.headers),
};
