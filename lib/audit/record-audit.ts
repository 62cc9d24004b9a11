// Who changed what, from where. Callers pass metadata that never contains secrets. A person's or an API
// key's action carries the client address of the request it came in on (trusted proxy hops applied);
// jobs, providers and the system have none.
import { db, type Prisma, type PrismaClient } from "@/lib/db/client";
import { currentRequestIp } from "@/lib/audit/request-ip";

export type AuditActor = { type: "user"; userId: string } | { type: "system" } | { type: "api_key"; keyId: string } | { type: "provider"; slug: string };

export async function recordAudit(
  event: {
    workspaceId: string;
    actor: AuditActor;
    action: string;
    target: { type: string; id?: string | null };
    metadata?: Prisma.InputJsonObject;
    /** the client address; omitted: taken from the request being served */
    ip?: string | null;
  },
  tx: Prisma.TransactionClient | PrismaClient = db,
): Promise<void> {
  const fromClient = event.actor.type === "user" || event.actor.type === "api_key";
  const ip = fromClient ? (event.ip === undefined ? await currentRequestIp() : event.ip) : null;
  await tx.auditEvent.create({
    data: {
      ip,
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
