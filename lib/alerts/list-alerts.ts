// The bell: a member's recent alerts of the workspace (firing first) and how many fired or resolved
// since the member last opened it.
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { AlertKind, AlertStatus } from "@/lib/generated/prisma/enums";
import { ruleLabel, workspaceRules } from "@/lib/alerts/alert-rules";

export type AlertDto = { id: string; kind: AlertKind; title: string; status: AlertStatus; message: string; connectionId: string | null; firedAt: string; resolvedAt: string | null; resolvedReason: string | null };

export async function listAlerts(access: WorkspaceAccess, limit = 20): Promise<{ alerts: AlertDto[]; unread: number; firing: number }> {
  const ws = access.workspace.id;
  const [rows, seen, firing, rules] = await Promise.all([
    db.alert.findMany({ where: { workspaceId: ws }, orderBy: [{ firedAt: "desc" }, { id: "desc" }], take: limit }),
    db.alertSeen.findUnique({ where: { workspaceId_userId: { workspaceId: ws, userId: access.user.id } } }),
    db.alert.count({ where: { workspaceId: ws, status: "firing" } }),
    workspaceRules(ws),
  ]);
  const since = seen?.seenAt ?? new Date(0);
  const unread = await db.alert.count({ where: { workspaceId: ws, OR: [{ firedAt: { gt: since } }, { resolvedAt: { gt: since } }] } });
  const alerts = rows
    .map((a) => ({
      id: a.id,
      kind: a.kind,
      title: ruleLabel(a.kind, rules[a.kind].threshold),
      status: a.status,
      message: a.message,
      connectionId: a.connectionId,
      firedAt: a.firedAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      resolvedReason: a.resolvedReason,
    }))
    .sort((a, b) => (a.status === b.status ? 0 : a.status === "firing" ? -1 : 1));
  return { alerts, unread, firing };
}

export async function markAlertsSeen(access: WorkspaceAccess, at = new Date()): Promise<void> {
  await db.alertSeen.upsert({
    where: { workspaceId_userId: { workspaceId: access.workspace.id, userId: access.user.id } },
    create: { workspaceId: access.workspace.id, userId: access.user.id, seenAt: at },
    update: { seenAt: at },
  });
}
