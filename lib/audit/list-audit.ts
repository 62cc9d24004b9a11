import { db } from "@/lib/db/client";

export type AuditEventDto = { id: string; action: string; actor: string; targetType: string; targetId: string | null; metadata: unknown; createdAt: string };

export async function listRecentAudit(workspaceId: string, take = 20): Promise<AuditEventDto[]> {
  const rows = await db.auditEvent.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, take });
  const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const users = new Map((await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actorUserId ? (users.get(r.actorUserId) ?? "a former member") : r.actorType,
    targetType: r.targetType,
    targetId: r.targetId,
    metadata: r.metadata,
    createdAt: r.createdAt.toISOString(),
  }));
}
