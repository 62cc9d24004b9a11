// Secret rotation with an overlap: the secret being replaced is kept (sealed) and still verifies
// deliveries for a while, so deliveries already signed or configured with it are not lost.
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { openWebhookSecret } from "@/lib/connections/webhook-secret";
import { forgetVerifySecrets, previousSecretScope } from "@/lib/webhooks/verify-delivery";

/** How long the replaced secret keeps verifying. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

export async function keepPreviousWebhookSecret(
  connection: Pick<Connection, "id" | "workspaceId" | "webhookSecretSealed">,
  now = new Date(),
): Promise<Date | null> {
  const current = await openWebhookSecret(connection);
  forgetVerifySecrets(connection.id);
  if (!current) return null;
  const until = new Date(now.getTime() + SECRET_OVERLAP_MS);
  const sealed = await sealSecret(previousSecretScope(connection), current);
  const data = { previousSecretSealed: sealed, previousSecretUntil: until };
  await db.webhookEndpoint.upsert({
    where: { connectionId: connection.id },
    create: { connectionId: connection.id, workspaceId: connection.workspaceId, ...data },
    update: data,
  });
  return until;
}
