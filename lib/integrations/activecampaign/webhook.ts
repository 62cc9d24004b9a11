// ActiveCampaign webhooks carry no signature. Each connection registers a URL holding a random
// per-connection secret (`?secret=…`), which is compared here in constant time. Bodies are form-encoded.
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { WebhookHandler, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import type { HubContact, HubWebhookEvent } from "@/lib/records/hub-contact";
import { parsePhpForm, type FormObject, type FormValue } from "./form-body";
import { acDateToIso } from "./map";
import { normalizePhone } from "@/lib/records/normalize-phone";
import { verifyUrlSecret } from "@/lib/integrations/url-secret";

/** Events registered on `POST /api/3/webhooks` for a connection. */
export const subscribedEvents = ["subscribe", "unsubscribe", "update", "contact_tag_added", "contact_tag_removed"] as const;

export function verifyActiveCampaignWebhook(input: Pick<WebhookVerifyInput, "url" | "connectionSecret">): WebhookVerifyResult {
  return verifyUrlSecret(input);
}

const text = z.string().optional();
const payloadSchema = z.looseObject({
  type: z.string().min(1, "type is missing"),
  date_time: text,
  initiated_from: text,
  initiated_by: text,
  list: text,
  tag: text,
  contact: z.looseObject({
    id: z.string().min(1, "contact[id] is missing"),
    email: text,
    first_name: text,
    last_name: text,
    phone: text,
    orgname: text,
    tags: text,
    fields: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type AcWebhookPayload = z.infer<typeof payloadSchema>;

const actions: Record<string, HubWebhookEvent["action"]> = {
  subscribe: "subscribed",
  unsubscribe: "unsubscribed",
  update: "updated",
  contact_tag_added: "updated",
  contact_tag_removed: "updated",
};

function flatValue(v: FormValue | unknown): string | null {
  return typeof v === "string" ? v : null;
}

function fieldsOf(p: AcWebhookPayload): HubContact {
  const c = p.contact;
  const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : v);
  const fields: HubContact = {
    firstName: blank(c.first_name),
    lastName: blank(c.last_name),
    phone: normalizePhone(c.phone),
    company: blank(c.orgname),
  };
  const email = blank(c.email);
  if (email && z.email().safeParse(email).success) fields.email = email.toLowerCase();
  if (c.tags !== undefined) {
    fields.tags = c.tags
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
  }
  if (c.fields) {
    const custom: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(c.fields as FormObject)) custom[k] = flatValue(v);
    fields.customFields = custom;
  }
  if (p.type === "subscribe") fields.subscribed = true;
  if (p.type === "unsubscribe") fields.subscribed = false;
  return fields;
}

/**
 * Parse a delivery into hub events. Events Switchboard does not sync (opens, clicks, deals…) give an
 * empty list. AC sends no event id, so the id is a hash of the body: a redelivery of the same body
 * de-duplicates, a new change does not.
 */
export function parseActiveCampaignWebhook(rawBody: string): HubWebhookEvent[] {
  const parsed = payloadSchema.safeParse(parsePhpForm(rawBody));
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The ActiveCampaign webhook body is not a contact event.", {
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    });
  }
  const p = parsed.data;
  const action = actions[p.type];
  if (!action) return [];
  return [
    {
      providerEventId: `ac_${createHash("sha256").update(rawBody).digest("hex").slice(0, 32)}`,
      object: "contact",
      action,
      externalId: p.contact.id,
      occurredAt: acDateToIso(p.date_time),
      fields: fieldsOf(p),
      raw: p,
    },
  ];
}


export const activecampaignWebhook: WebhookHandler = {
  verify: verifyActiveCampaignWebhook,
  parse: (rawBody) => parseActiveCampaignWebhook(rawBody),
};
