// A record's links, as its page shows them: per connection the provider's id, last push and pull,
// sync status and last error.
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import type { SyncLinkStatus } from "@/lib/generated/prisma/enums";

export type RecordLinkView = {
  connectionId: string;
  connectionName: string;
  provider: string;
  externalId: string | null;
  status: SyncLinkStatus;
  lastPushedAt: string | null;
  lastPulledAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  openConflicts: string[];
};

export async function recordLinks(access: WorkspaceAccess, recordId: string): Promise<RecordLinkView[]> {
  const links = await db.recordLink.findMany({
    where: { recordId, workspaceId: access.workspace.id },
    include: { connection: { select: { name: true, provider: true } } },
    orderBy: { createdAt: "asc" },
  });
  const conflicts = await db.syncConflict.findMany({ where: { recordId, workspaceId: access.workspace.id, status: "open" }, select: { connectionId: true, field: true } });
  return links.map((l) => ({
    connectionId: l.connectionId,
    connectionName: l.connection.name,
    provider: l.connection.provider,
    externalId: l.externalId,
    status: l.status,
    lastPushedAt: l.lastPushedAt?.toISOString() ?? null,
    lastPulledAt: l.lastPulledAt?.toISOString() ?? null,
    lastError: l.lastErrorCode && l.lastErrorAt ? { code: l.lastErrorCode, message: l.lastErrorMessage ?? "", at: l.lastErrorAt.toISOString() } : null,
    openConflicts: conflicts.filter((c) => c.connectionId === l.connectionId).map((c) => c.field),
  }));
}
