// A record as its page shows it: every field with when and from where it last changed, and its history.
import { assertAllowed, type Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { parseSourceTag } from "@/lib/records/change-source";
import type { FieldValue, RecordData } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import type { FieldMeta } from "@/lib/records/write-record";

export type SourceLabel = { tag: string; kind: "user" | "api" | "connection" | "system"; label: string };

export type RecordFieldView = { key: string; value: FieldValue; changedAt: string | null; source: SourceLabel | null };

export type RecordChangeView = {
  id: string;
  version: number;
  action: "created" | "updated" | "deleted";
  at: string;
  source: SourceLabel;
  changes: { field: string; old: FieldValue; new: FieldValue }[];
};

export type RecordView = {
  id: string;
  object: RecordObject;
  title: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  fields: RecordFieldView[];
  history: RecordChangeView[];
  historyTruncated: boolean;
};

const HISTORY_LIMIT = 100;

export async function getRecord(access: Principal, object: RecordObject, recordId: string): Promise<RecordView> {
  assertAllowed(access, { role: "member", scope: `${recordObjects[object].path}:read` }, "Only workspace members can see records");
  const record = await db.hubRecord.findFirst({
    where: { id: recordId, workspaceId: access.workspace.id, object, deletedAt: null },
    select: { id: true, title: true, version: true, createdAt: true, updatedAt: true, data: true, fieldMeta: true },
  });
  if (!record) throw new AppError("NOT_FOUND", `This ${recordObjects[object].label.toLowerCase()} does not exist or was deleted`);
  const changes = await db.recordChange.findMany({
    where: { recordId: record.id, workspaceId: access.workspace.id },
    orderBy: { version: "desc" },
    take: HISTORY_LIMIT + 1,
    select: { id: true, version: true, action: true, createdAt: true, source: true, changes: true },
  });
  const data = record.data as RecordData;
  const meta = record.fieldMeta as FieldMeta;
  const labels = await sourceLabels(access.workspace.id, [...Object.values(meta).map((m) => m.source), ...changes.map((c) => c.source)]);
  const def = recordObjects[object];
  const keys = [...def.fields.map((f) => f.key), ...Object.keys(data).filter((k) => !def.fieldSchemas[k]).sort()];
  return {
    id: record.id,
    object,
    title: record.title,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    fields: keys.map((key) => {
      const m = meta[key];
      return { key, value: data[key] ?? null, changedAt: m?.at ?? null, source: m ? (labels.get(m.source) ?? null) : null };
    }),
    history: changes.slice(0, HISTORY_LIMIT).map((c) => ({
      id: c.id,
      version: c.version,
      action: c.action,
      at: c.createdAt.toISOString(),
      source: labels.get(c.source) ?? { tag: c.source, kind: "system", label: "Switchboard" },
      changes: Object.entries(c.changes as Record<string, { old: FieldValue; new: FieldValue }>).map(([field, v]) => ({ field, old: v.old, new: v.new })),
    })),
    historyTruncated: changes.length > HISTORY_LIMIT,
  };
}

/** Names for source tags, looked up only within the workspace (a user who left shows as a former member). */
export async function sourceLabels(workspaceId: string, tags: string[]): Promise<Map<string, SourceLabel>> {
  const unique = [...new Set(tags)];
  const parsed = unique.map((tag) => ({ tag, source: parseSourceTag(tag) }));
  const userIds = parsed.flatMap((p) => (p.source.kind === "user" ? [p.source.userId] : []));
  const connectionIds = parsed.flatMap((p) => (p.source.kind === "connection" ? [p.source.connectionId] : []));
  const [members, connections] = await Promise.all([
    userIds.length ? db.membership.findMany({ where: { workspaceId, userId: { in: userIds } }, select: { userId: true, user: { select: { name: true } } } }) : [],
    connectionIds.length ? db.connection.findMany({ where: { workspaceId, id: { in: connectionIds } }, select: { id: true, name: true } }) : [],
  ]);
  const userName = new Map(members.map((m) => [m.userId, m.user.name]));
  const connectionName = new Map(connections.map((c) => [c.id, c.name]));
  const out = new Map<string, SourceLabel>();
  for (const { tag, source } of parsed) {
    switch (source.kind) {
      case "user":
        out.set(tag, { tag, kind: "user", label: userName.get(source.userId) ?? "A former member" });
        break;
      case "api":
        out.set(tag, { tag, kind: "api", label: `API key ${source.keyId.slice(0, 8)}` });
        break;
      case "connection":
        out.set(tag, { tag, kind: "connection", label: connectionName.get(source.connectionId) ?? "A removed connection" });
        break;
      case "system":
        out.set(tag, { tag, kind: "system", label: "Switchboard" });
        break;
    }
  }
  return out;
}

export type RecordVersionView = { id: string; version: number; updatedAt: string; deleted: boolean };

/**
 * The record's version and whether it still exists: what its page polls to know when to re-render (a
 * webhook or a sync run changed it). One indexed row, no history.
 */
export async function getRecordVersion(access: Principal, object: RecordObject, recordId: string): Promise<RecordVersionView> {
  assertAllowed(access, { role: "member", scope: `${recordObjects[object].path}:read` }, "Only workspace members can see records");
  const record = await db.hubRecord.findFirst({
    where: { id: recordId, workspaceId: access.workspace.id, object },
    select: { id: true, version: true, updatedAt: true, deletedAt: true },
  });
  if (!record) throw new AppError("NOT_FOUND", `This ${recordObjects[object].label.toLowerCase()} does not exist`);
  return { id: record.id, version: record.version, updatedAt: record.updatedAt.toISOString(), deleted: record.deletedAt !== null };
}
