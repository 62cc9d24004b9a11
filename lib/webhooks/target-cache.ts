// The per-connection route's lookups (the connection and its webhook endpoint), remembered per process so
// a burst of deliveries does not read them for each one. A remembered target only ever lets a delivery
// in: the statement that stores it (storeCheckedDelivery) re-checks in the database that the connection
// is still enabled and unchanged (updated_at, webhook secret) and its endpoint unchanged (allow-list,
// previous secret), and stores nothing otherwise. Anything refused (sender, signature, replay, a stale
// target) is decided again on a fresh read. So a disable, delete or secret rotation, in this process or
// another, applies to the very next delivery.
import type { Connection, WebhookEndpoint } from "@/lib/generated/prisma/client";

export type WebhookTarget = { connection: Connection; endpoint: WebhookEndpoint | null };

const MAX_TARGETS = 1000;
const targets = new Map<string, WebhookTarget>();

export function cachedTarget(connectionId: string): WebhookTarget | undefined {
  return targets.get(connectionId);
}

export function rememberTarget(target: WebhookTarget): void {
  if (targets.size >= MAX_TARGETS && !targets.has(target.connection.id)) {
    const oldest = targets.keys().next().value;
    if (oldest !== undefined) targets.delete(oldest);
  }
  targets.set(target.connection.id, target);
}

export function forgetTarget(connectionId: string): void {
  targets.delete(connectionId);
}
