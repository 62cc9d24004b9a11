// ActiveCampaign webhooks carry no signature. Each connection registers a URL holding a random
// per-connection secret (`?secret=…`), compared in constant time. Bodies are form-encoded with PHP-style
// brackets; each delivery becomes one contact change carrying the fields the payload has (raw keys as
// in map.ts). With a client the full record (tags and every custom field by its key) is fetched.
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { FieldMap } from "@/lib/integrations/object-contract";
import type { WebhookChange, WebhookHandler, WebhookParseInput, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import { parsePhpForm, type FormObject } from "@/lib/integrations/activecampaign/form-body";
import { AC_LIST_STATUS_KEY, AC_TAGS_KEY, acDateToIso } from "@/lib/integrations/activecampaign/map";
import type { ActiveCampaignConfig, ActiveCampaignCredentials } from "@/lib/integrations/activecampaign/settings";
import { attachRecords } from "@/lib/integrations/attach-records";
import { verifyUrlSecret } from "@/lib/integrations/url-secret";

/** Events registered on `POST /api/3/webhooks` for a connection (AC has no contact-deleted event). */
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

const SYNCED = new Set<string>(subscribedEvents);
const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : v);

function fieldsOf(p: z.infer<typeof payloadSchema>, consentListId: string | null): FieldMap {
  const c = p.contact;
  const fields: FieldMap = {
    email: blank(c.email)?.toLowerCase() ?? null,
    firstName: blank(c.first_name),
    lastName: blank(c.last_name),
    phone: blank(c.phone),
    orgname: blank(c.orgname),
  };
  if (c.tags !== undefined) fields[AC_TAGS_KEY] = c.tags.split(",").map((t) => t.trim()).filter((t) => t !== "");
  // custom fields arrive keyed by personalisation tag (or id), the same keys raw records use
  for (const [k, v] of Object.entries((c.fields ?? {}) as FormObject)) fields[k] = typeof v === "string" ? blank(v) : null;
  if (consentListId && p.list === consentListId && (p.type === "subscribe" || p.type === "unsubscribe")) {
    fields[AC_LIST_STATUS_KEY] = p.type === "subscribe" ? "1" : "2";
  }
  return fields;
}

/**
 * A delivery -> changes (none for events Switchboard does not sync: opens, clicks, deals…). AC sends no
 * event id, so the id is a hash of the body: a redelivery de-duplicates, a new change does not.
 */
export function parseActiveCampaignEvents(rawBody: string, config: Partial<ActiveCampaignConfig> = {}): WebhookChange[] {
  const parsed = payloadSchema.safeParse(parsePhpForm(rawBody));
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The ActiveCampaign webhook body is not a contact event.", {
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    });
  }
  const p = parsed.data;
  if (!SYNCED.has(p.type)) return [];
  return [
    {
      providerEventId: `ac_${createHash("sha256").update(rawBody).digest("hex").slice(0, 32)}`,
      object: "contacts",
      action: "updated",
      externalId: p.contact.id,
      occurredAt: acDateToIso(p.date_time),
      fields: fieldsOf(p, config.listId ? config.listId : null),
    },
  ];
}

export async function parseActiveCampaignWebhook(input: WebhookParseInput<ActiveCampaignConfig>): Promise<WebhookChange[]> {
  const changes = parseActiveCampaignEvents(input.rawBody, input.config);
  return attachRecords(changes, input.client?.objects.contacts?.get);
}

export const activecampaignWebhook: WebhookHandler<ActiveCampaignConfig, ActiveCampaignCredentials> = {
  verify: verifyActiveCampaignWebhook,
  parse: parseActiveCampaignWebhook,
};
