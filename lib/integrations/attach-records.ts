// For webhook handlers whose payloads are partial: attach each changed record's current state, fetched
// one by one through the object's `get` (deletions and records gone meanwhile are left as they are).
import type { RawRecord } from "@/lib/integrations/object-contract";
import type { WebhookChange } from "@/lib/integrations/types";

export async function attachRecords(changes: readonly WebhookChange[], get: ((externalId: string) => Promise<RawRecord | null>) | undefined): Promise<WebhookChange[]> {
  if (!get) return [...changes];
  const out: WebhookChange[] = [];
  for (const change of changes) {
    const record = change.action === "deleted" ? null : await get(change.externalId);
    out.push(record ? { ...change, record } : change);
  }
  return out;
}
