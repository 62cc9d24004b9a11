// Storing a verified delivery in the inbox, first and once: a delivery whose key (provider event ids, or
// body hash within 24 h) is already there is a duplicate — counted on the original row and answered 2xx
// without a second effect.
import { ulid } from "ulid";
import { db, type Prisma } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import type { DeliveryFacts } from "@/lib/webhooks/describe-delivery";

/** Body-hash keys stop de-duplicating after this long (the same bytes later are a new delivery). */
export const BODY_HASH_WINDOW_MS = 24 * 60 * 60 * 1000;

export type StoredDelivery = { id: string; duplicate: boolean };

export async function storeDelivery(
  connection: Pick<Connection, "id" | "workspaceId" | "provider">,
  facts: DeliveryFacts,
  body: { rawBody: string; bytes: number; headers: Record<string, string> },
  now: Date,
): Promise<StoredDelivery> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = ulid().toLowerCase();
    const created = await db.webhookDelivery.createMany({
      data: [
        {
          id,
          workspaceId: connection.workspaceId,
          connectionId: connection.id,
          provider: connection.provider,
          dedupKey: facts.dedupKey,
          providerEventIds: facts.eventIds,
          eventType: facts.eventType,
          rawBody: body.rawBody,
          bodyBytes: body.bytes,
          headers: body.headers as Prisma.InputJsonValue,
          receivedAt: now,
          occurredAt: facts.occurredAt,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 1) return { id, duplicate: false };
    const existing = await db.webhookDelivery.findUnique({
      where: { connectionId_dedupKey: { connectionId: connection.id, dedupKey: facts.dedupKey } },
      select: { id: true, receivedAt: true },
    });
    if (!existing) continue; // released between the insert and the read: try again
    if (facts.byBodyHash && now.getTime() - existing.receivedAt.getTime() > BODY_HASH_WINDOW_MS) {
      // outside the window: the old row gives up its key, this one is a new delivery
      await db.webhookDelivery.updateMany({ where: { id: existing.id, dedupKey: facts.dedupKey }, data: { dedupKey: null } });
      continue;
    }
    await db.webhookDelivery.update({ where: { id: existing.id }, data: { duplicateCount: { increment: 1 }, lastDuplicateAt: now } });
    return { id: existing.id, duplicate: true };
  }
  throw new Error("Could not store the webhook delivery (de-duplication key kept changing)");
}
