// KeyCRM sends webhooks from trigger automations without any signature. The URL the user pastes into
// the automation carries a random per-connection secret (`?secret=…`), compared here in constant time.
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { WebhookHandlerV1, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import type { HubWebhookEvent } from "@/lib/records/hub-contact";
import { keycrmDateToIso } from "./map";
import { verifyUrlSecret } from "@/lib/integrations/url-secret";
import { parseWebhookJson } from "@/lib/integrations/parse-webhook-json";

export function verifyKeycrmWebhook(input: Pick<WebhookVerifyInput, "url" | "connectionSecret">): WebhookVerifyResult {
  return verifyUrlSecret(input);
}

export const keycrmEventNames = ["order.change_order_status", "order.change_payment_status", "lead.change_lead_status"] as const;

const payloadSchema = z.looseObject({
  event: z.string().min(1),
  context: z.looseObject({
    id: z.coerce.string(),
    status_id: z.coerce.string().nullable().optional(),
    payment_status: z.string().nullable().optional(),
    updated_at: z.string().nullable().optional(),
  }),
});

const kinds: Record<string, Pick<HubWebhookEvent, "object" | "action">> = {
  "order.change_order_status": { object: "order", action: "status_changed" },
  "order.change_payment_status": { object: "order", action: "updated" },
  "lead.change_lead_status": { object: "lead", action: "status_changed" },
};

/**
 * Parse a delivery: `{event, context}` where context is the entity at event time. KeyCRM sends no
 * event id, so the id is the event, entity and a hash of the body (retries of the same body
 * de-duplicate; a later change does not). The context holds no contact fields, so none are mapped.
 */
export function parseKeycrmWebhook(rawBody: string): HubWebhookEvent[] {
  const json = parseWebhookJson(rawBody, "KeyCRM");
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The KeyCRM webhook body is not a KeyCRM event.", {
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    });
  }
  const p = parsed.data;
  const kind = kinds[p.event];
  if (!kind) return [];
  const hash = createHash("sha256").update(rawBody).digest("hex").slice(0, 24);
  return [
    {
      providerEventId: `${p.event}:${p.context.id}:${hash}`,
      ...kind,
      externalId: p.context.id,
      occurredAt: keycrmDateToIso(p.context.updated_at),
      raw: p,
    },
  ];
}

export const keycrmWebhook: WebhookHandlerV1 = {
  verify: verifyKeycrmWebhook,
  parse: (rawBody) => parseKeycrmWebhook(rawBody),
};
