// The conflict inbox: open conflicts of a workspace (a field whose policy is "manual" and whose hub and
// provider values differ), with both values, when and from where each side last changed, and the
// counts shown on the navigation and on each connection.
import type { Principal } from "@/lib/auth/principal";
import { assertAllowed } from "@/lib/auth/principal";
import { db, type Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { CUSTOM_FIELD_PREFIX } from "@/lib/integrations/hub-fields";
import { getProvider } from "@/lib/integrations/registry";
import { parseSourceTag } from "@/lib/records/change-source";
import type { FieldValue } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";

/** Conflicts open longer than this are highlighted. */
export const STALE_CONFLICT_MS = 24 * 60 * 60_000;
export const CONFLICT_PAGE = 200;

export type ConflictFilter = { connectionId?: string | undefined; object?: RecordObject | undefined; field?: string | undefined };

export type ConflictRow = {
  id: string;
  object: RecordObject;
  recordId: string;
  recordTitle: string;
  recordPath: string;
  connectionId: string;
  connectionName: string;
  providerName: string;
  field: string;
  fieldLabel: string;
  hubValue: FieldValue;
  hubChangedAt: Date | null;
  hubSource: string;
  providerValue: FieldValue;
  providerChangedAt: Date | null;
  openedAt: Date;
  stale: boolean;
};

export function conflictWhere(workspaceId: string, filter: ConflictFilter): Prisma.SyncConflictWhereInput {
  return {
    workspaceId,
    status: "open",
    ...(filter.connectionId ? { connectionId: filter.connectionId } : {}),
    ...(filter.object ? { object: filter.object } : {}),
    ...(filter.field ? { field: filter.field } : {}),
  };
}

export function fieldLabel(object: RecordObject, field: string): string {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) return `${field.slice(CUSTOM_FIELD_PREFIX.length)} (custom)`;
  return recordObjects[object].fields.find((f) => f.key === field)?.label ?? field;
}

export async function listOpenConflicts(access: Principal, filter: ConflictFilter = {}, now = new Date()): Promise<{ rows: ConflictRow[]; total: number }> {
  assertAllowed(access, { role: "member", scope: null }, "Only workspace members can see conflicts");
  const where = conflictWhere(access.workspace.id, filter);
  const [rows, total] = await Promise.all([
    db.syncConflict.findMany({
      where,
      orderBy: { createdAt: "asc" },
      take: CONFLICT_PAGE,
      include: {
        record: { select: { id: true, title: true, data: true, fieldMeta: true } },
        connection: { select: { id: true, name: true, provider: true } },
      },
    }),
    db.syncConflict.count({ where }),
  ]);
  const links = await db.recordLink.findMany({
    where: { workspaceId: access.workspace.id, OR: rows.map((r) => ({ connectionId: r.connectionId, recordId: r.recordId })) },
    select: { connectionId: true, recordId: true, remoteUpdatedAt: true },
  });
  const remoteAt = new Map(links.map((l) => [`${l.connectionId}:${l.recordId}`, l.remoteUpdatedAt]));
  const userIds = new Set<string>();
  const connectionIds = new Set<string>();
  for (const r of rows) {
    const tag = (r.record.fieldMeta as Record<string, { source?: string }> | null)?.[r.field]?.source;
    if (!tag) continue;
    const src = parseSourceTag(tag);
    if (src.kind === "user") userIds.add(src.userId);
    if (src.kind === "connection") connectionIds.add(src.connectionId);
  }
  const [users, conns] = await Promise.all([
    userIds.size ? db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true, email: true } }) : [],
    connectionIds.size ? db.connection.findMany({ where: { id: { in: [...connectionIds] }, workspaceId: access.workspace.id }, select: { id: true, name: true } }) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name || u.email]));
  const connName = new Map(conns.map((c) => [c.id, c.name]));
  const sourceWords = (tag: string | undefined): string => {
    if (!tag) return "unknown";
    const src = parseSourceTag(tag);
    switch (src.kind) {
      case "user":
        return userName.get(src.userId) ?? "a former member";
      case "connection":
        return connName.get(src.connectionId) ?? "a deleted connection";
      case "api":
        return "the API";
      case "system":
        return "Switchboard";
    }
  };
  return {
    total,
    rows: rows.map((r) => {
      const meta = (r.record.fieldMeta as Record<string, { at?: string; source?: string }> | null)?.[r.field];
      const data = r.record.data as Record<string, FieldValue>;
      return {
        id: r.id,
        object: r.object,
        recordId: r.recordId,
        recordTitle: r.record.title,
        recordPath: recordObjects[r.object].path,
        connectionId: r.connectionId,
        connectionName: r.connection.name,
        providerName: getProvider(r.connection.provider)?.name ?? r.connection.provider,
        field: r.field,
        fieldLabel: fieldLabel(r.object, r.field),
        hubValue: data[r.field] ?? null,
        hubChangedAt: meta?.at ? new Date(meta.at) : null,
        hubSource: sourceWords(meta?.source),
        providerValue: (r.providerValue ?? null) as FieldValue,
        providerChangedAt: remoteAt.get(`${r.connectionId}:${r.recordId}`) ?? null,
        openedAt: r.createdAt,
        stale: now.getTime() - r.createdAt.getTime() > STALE_CONFLICT_MS,
      };
    }),
  };
}

/** Open conflicts in the workspace (the navigation badge). */
export async function countOpenConflicts(workspaceId: string): Promise<number> {
  return db.syncConflict.count({ where: { workspaceId, status: "open" } });
}

/** Open conflicts per connection of the workspace. */
export async function openConflictsByConnection(workspaceId: string): Promise<Map<string, number>> {
  const rows = await db.syncConflict.groupBy({ by: ["connectionId"], where: { workspaceId, status: "open" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.connectionId, r._count._all]));
}
