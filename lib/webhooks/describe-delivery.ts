// What the inbox keeps about a verified delivery besides its bytes: the provider's event ids, a type
// people can read, the latest event time, and the de-duplication key: the provider's event ids when the
// payload has them, else a hash of the body (valid for 24 hours).
import { createHash } from "node:crypto";
import type { WebhookChange } from "@/lib/integrations/types";

export type DeliveryFacts = { eventIds: string[]; eventType: string; occurredAt: Date | null; dedupKey: string; byBodyHash: boolean };

const MAX_IDS = 50;

/** The `type`-like field of a JSON or form-encoded body (for deliveries that carry no record change). */
export function bodyEventType(rawBody: string): string | null {
  const pick = (o: Record<string, unknown>): string | null => {
    for (const k of ["type", "event", "eventName", "event_type"]) {
      const v = o[k];
      if (typeof v === "string" && v.trim()) return v.trim().slice(0, 80);
    }
    return null;
  };
  try {
    const json = JSON.parse(rawBody) as unknown;
    if (json && typeof json === "object" && !Array.isArray(json)) return pick(json as Record<string, unknown>);
    if (Array.isArray(json) && json[0] && typeof json[0] === "object") return pick(json[0] as Record<string, unknown>);
    return null;
  } catch {
    if (!rawBody.includes("=")) return null;
    return pick(Object.fromEntries(new URLSearchParams(rawBody)));
  }
}

export function describeDelivery(rawBody: string, changes: readonly WebhookChange[]): DeliveryFacts {
  const ids = [...new Set(changes.map((c) => c.providerEventId))].sort();
  const kinds = [...new Set(changes.map((c) => `${c.object}.${c.action}`))];
  const eventType =
    kinds.length > 0
      ? kinds.length > 3
        ? `${kinds.slice(0, 3).join(", ")} +${kinds.length - 3}`
        : kinds.join(", ")
      : (bodyEventType(rawBody) ?? "unknown");
  let occurredAt: Date | null = null;
  for (const c of changes) {
    const t = c.occurredAt ? new Date(c.occurredAt) : null;
    if (t && !Number.isNaN(t.getTime()) && (!occurredAt || t > occurredAt)) occurredAt = t;
  }
  const byBodyHash = ids.length === 0;
  const dedupKey = byBodyHash
    ? `body:${createHash("sha256").update(rawBody).digest("hex")}`
    : `ev:${createHash("sha256").update(ids.join("\n")).digest("hex")}`;
  return { eventIds: ids.slice(0, MAX_IDS), eventType, occurredAt, dedupKey, byBodyHash };
}
