// The event types an outbound webhook endpoint can subscribe to: only those something emits (record
// changes: request-deliveries.ts; messages a provider's webhook reported: process-deliveries.ts; the rest:
// emit-outbound-event.ts).
import { z } from "zod";

export const OUTBOUND_EVENT_TYPES = [
  "contact.created",
  "contact.updated",
  "contact.deleted",
  "order.created",
  "order.updated",
  "order.deleted",
  "product.created",
  "product.updated",
  "product.deleted",
  "appointment.created",
  "appointment.updated",
  "appointment.deleted",
  "sync.completed",
  "sync.failed",
  "conflict.opened",
  "connection.needs_reauth",
  "alert.fired",
  "message.inbound",
  "message.outbound",
  "test.event",
] as const;

export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
export const outboundEventTypeSchema = z.enum(OUTBOUND_EVENT_TYPES);

/** Svix's schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (delay before each attempt). */
export const RETRY_DELAYS_MS = [0, 5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 10 * 3600_000] as const;
export const DELIVERY_TIMEOUT_MS = 15_000;
/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 3600_000;
/** During a secret rotation the previous secret keeps signing this long. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;
