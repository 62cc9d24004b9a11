// What the receiver refused, counted without keeping the refused body: per connection (signature
// failures, senders outside the allow-list; shown on the connection page) and, for deliveries no
// connection could take, per provider and day.
import { db } from "@/lib/db/client";

export type RejectionKind = "signature" | "ip";

export async function countRejection(
  connection: { id: string; workspaceId: string },
  kind: RejectionKind,
  code: string,
  reason: string,
  now: Date,
): Promise<void> {
  const inc = kind === "signature" ? { signatureFailures: { increment: 1 } } : { ipRejections: { increment: 1 } };
  const last = { lastRejectedAt: now, lastRejectedCode: code, lastRejectedReason: reason.slice(0, 500) };
  await db.webhookEndpoint.upsert({
    where: { connectionId: connection.id },
    create: {
      connectionId: connection.id,
      workspaceId: connection.workspaceId,
      ...(kind === "signature" ? { signatureFailures: 1 } : { ipRejections: 1 }),
      ...last,
    },
    update: { ...inc, ...last },
  });
}

export async function countUnrouted(provider: string, now: Date): Promise<void> {
  // the provider segment is the caller's input: keep the key short and plain
  const key = /^[a-z0-9-]{1,40}$/.test(provider) ? provider : "other";
  const day = now.toISOString().slice(0, 10);
  await db.$executeRaw`INSERT INTO webhook_unrouted_counts (provider, day, count) VALUES (${key}, ${day}, 1) ON CONFLICT (provider, day) DO UPDATE SET count = webhook_unrouted_counts.count + 1`;
}
