// Who changed what, from where. Callers pass metadata that never contains secrets.
import { db, type Prisma, type PrismaClient } from "@/lib/db/client";

export type AuditActor = { type: "user"; userId: string } | { type: "system" } | { type: "api_key"; keyId: string } | { type: "provider"; slug: string };

export async function recordAudit(
  event: {
    workspaceId: string;
    actor: AuditActor;
    action: string;
    target: { type: string; id?: string | null };
    metadata?: Prisma.InputJsonObject;
  },
  tx: Prisma.TransactionClient | PrismaClient = db,
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      workspaceId: event.workspaceId,
      actorType: event.actor.type,
      actorUserId: event.actor.type === "user" ? event.actor.userId : null,
      action: event.action,
      targetType: event.target.type,
      targetId: event.target.id ?? null,
      metadata: {
        ...(event.actor.type === "api_key" ? { apiKeyId: event.actor.keyId } : {}),
        ...(event.actor.type === "provider" ? { provider: event.actor.slug } : {}),
        ...event.metadata,
      },
    },
  });
}
