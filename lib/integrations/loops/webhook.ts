// Loops signs webhooks with Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature,
// HMAC-SHA256 keyed by the base64 part of the `whsec_…` secret, 5-minute window), checked here with
// the `standardwebhooks` package.
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { HubContact, HubWebhookEvent } from "@/lib/records/hub-contact";
import { fromLoops, loopsContactSchema } from "./map";

export type IncomingWebhook = { rawBody: string; headers: Headers; url: URL };

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

export function verifyLoopsWebhook(req: IncomingWebhook, signingSecret: string): void {
  const headers = {
    "webhook-id": req.headers.get("webhook-id") ?? "",
    "webhook-timestamp": req.headers.get("webhook-timestamp") ?? "",
    "webhook-signature": req.headers.get("webhook-signature") ?? "",
  };
  try {
    new Webhook(signingSecret).verify(req.rawBody, headers);
  } catch (err) {
    if (err instanceof WebhookVerificationError && /timestamp too (old|new)/i.test(err.message)) {
      throw new AppError("WEBHOOK_TIMESTAMP_EXPIRED", "The webhook timestamp is outside the 5-minute window.");
    }
    if (err instanceof WebhookVerificationError) {
      throw new AppError("WEBHOOK_SIGNATURE_INVALID", `The Loops webhook signature is invalid: ${err.message}.`);
    }
    // a malformed secret (not base64) ends here; never echo it
    throw new AppError("WEBHOOK_SIGNATURE_INVALID", "The Loops webhook could not be verified with this connection's signing secret.");
  }
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

const actions: Partial<Record<string, HubWebhookEvent["action"]>> = {
  "contact.created": "created",
  "contact.unsubscribed": "unsubscribed",
  "contact.deleted": "deleted",
  "contact.mailingList.subscribed": "updated",
  "contact.mailingList.unsubscribed": "updated",
  "email.unsubscribed": "unsubscribed",
  "email.resubscribed": "subscribed",
};

/** Parse a verified delivery. Sends, opens, clicks and the test event give an empty list. */
export function parseLoopsWebhook(req: Pick<IncomingWebhook, "rawBody" | "headers">): HubWebhookEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(req.rawBody);
  } catch {
    throw new AppError("BAD_REQUEST", "The Loops webhook body is not JSON.");
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", "The Loops webhook body is not a Loops event.", {
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    });
  }
  const p = parsed.data;
  const action = actions[p.eventName];
  const externalId = p.contactIdentity?.id ?? p.contact?.id;
  if (!action || !externalId) return [];
  let fields: HubContact | undefined;
  if (p.contact && p.eventName === "contact.created") fields = fromLoops(p.contact).fields;
  else if (action === "unsubscribed") fields = { subscribed: false };
  else if (action === "subscribed") fields = { subscribed: true };
  const email = p.contactIdentity?.email ?? p.contact?.email;
  if (fields && email && fields.email === undefined) fields.email = email.toLowerCase();
  const webhookId = req.headers.get("webhook-id");
  return [
    {
      providerEventId: webhookId ?? `${p.eventName}:${externalId}:${p.eventTime}`,
      object: "contact",
      action,
      externalId,
      occurredAt: new Date(p.eventTime * 1000).toISOString(),
      ...(fields ? { fields } : {}),
      raw: p,
    },
  ];
}
