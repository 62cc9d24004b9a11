// The hub's canonical contact: what every provider's map.ts converts to and from. Field names here are
// the hub's; provider field names live only in lib/integrations/<slug>/map.ts.
import { z } from "zod";

export const leadStatuses = ["new", "open", "in_progress", "qualified", "unqualified", "won", "lost"] as const;
export const leadStatusSchema = z.enum(leadStatuses);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const hubContactSchema = z.object({
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  email: z.email().nullable().optional(),
  /** E.164 where it can be normalised, else as given */
  phone: z.string().nullable().optional(),
  company: z.string().nullable().optional(),
  leadStatus: leadStatusSchema.nullable().optional(),
  /** the remote owner's id or e-mail, as the provider identifies owners */
  owner: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** marketing consent / subscribed */
  subscribed: z.boolean().nullable().optional(),
  source: z.string().nullable().optional(),
});
export type HubContact = z.infer<typeof hubContactSchema>;

/** A contact as read from a provider: the canonical fields plus where it lives and when it changed there. */
export const remoteContactSchema = z.object({
  externalId: z.string(),
  /** when the provider last changed the record (ISO 8601), used for incremental pulls and conflicts */
  remoteUpdatedAt: z.string().nullable(),
  fields: hubContactSchema,
  /** the provider's record as received, for audit and debugging (never holds secrets) */
  raw: z.unknown().optional(),
});
export type RemoteContact = z.infer<typeof remoteContactSchema>;

/** Events a provider webhook turns into, applied later through the pull path. */
export const hubWebhookEventSchema = z.object({
  /** the provider's own event id, used to de-duplicate deliveries */
  providerEventId: z.string(),
  object: z.enum(["contact", "lead", "order", "appointment", "product", "opportunity"]),
  action: z.enum(["created", "updated", "deleted", "merged", "unsubscribed", "subscribed", "status_changed"]),
  externalId: z.string(),
  occurredAt: z.string().nullable(),
  /** canonical fields when the payload carries them; absent when only an id was sent (fetch it) */
  fields: hubContactSchema.optional(),
  raw: z.unknown().optional(),
});
export type HubWebhookEvent = z.infer<typeof hubWebhookEventSchema>;
