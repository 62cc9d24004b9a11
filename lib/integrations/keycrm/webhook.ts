// KeyCRM sends webhooks from trigger automations without any signature. The URL the user pastes into
// the automation carries a random per-connection secret (`?secret=…`), compared here in constant time.
// Order events become order changes carrying the context's fields (dotted keys as in map.ts); with a
// client the full order is fetched (the context lacks buyer, products and payments).
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { WebhookChange, WebhookHandler, WebhookParseInput, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import { keycrmDateToIso, keycrmOrderToRaw } from "@/lib/integrations/keycrm/map";
import type { KeycrmConfig, KeycrmCredentials } from "@/lib/integrations/keycrm/settings";
import { attachRecords } from "@/lib/integrations/attach-records";
import { verifyUrlSecret } from "@/lib/integrations/url-secret";
import { parseWebhookJson } from "@/lib/integrations/parse-webhook-json";

export function verifyKeycrmWebhook(input: Pick<WebhookVerifyInput, "url" | "connectionSecret">): WebhookVerifyResult {
  return verifyUrlSecret(input);
}

export const keycrmEventNames = ["order.change_order_status", "order.change_payment_status", "lead.change_lead_status"] as const;
/** Events about orders (pipeline cards, lead.*, are not an object Switchboard syncs). */
const ORDER_EVENTS = new Set(["order.change_order_status", "order.change_payment_status"]);

const payloadSchema = z.looseObject({
  event: z.string().min(1),
  context: z.looseObject({ id: z.coerce.string(), updated_at: z.string().nullable().optional() }),
});

/**
 * A delivery -> changes. KeyCRM sends no event id, so the id is the event, entity and a hash of the body
 * (retries of the same body de-duplicate; a later change does not).
 */
export function parseKeycrmEvents(rawBody: string): WebhookChange[] {
  const json = parseWebhookJson(rawBody, "KeyCRM");
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The KeyCRM webhook body is not a KeyCRM event.", {
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    });
  }
  const p = parsed.data;
  if (!ORDER_EVENTS.has(p.event)) return [];
  const hash = createHash("sha256").update(rawBody).digest("hex").slice(0, 24);
  return [
    {
      providerEventId: `${p.event}:${p.context.id}:${hash}`,
      object: "orders",
      action: "updated",
      externalId: p.context.id,
      occurredAt: keycrmDateToIso(p.context.updated_at),
      fields: keycrmOrderToRaw(p.context).fields,
    },
  ];
}

export async function parseKeycrmWebhook(input: WebhookParseInput<KeycrmConfig>): Promise<WebhookChange[]> {
  const changes = parseKeycrmEvents(input.rawBody);
  return attachRecords(changes, input.client?.objects.orders?.get);
}

export const keycrmWebhook: WebhookHandler<KeycrmConfig, KeycrmCredentials> = {
  verify: verifyKeycrmWebhook,
  parse: parseKeycrmWebhook,
};
