// The workspace's audit log: workspace events (lib/audit: members, connections, API keys, webhooks) and
// record changes with their field-level diffs (lib/records' change rows), merged newest first, filtered
// by kind, actor and time, paged by (time, id) so entries that share a millisecond are neither skipped
// nor repeated. Admins only: it names people and their addresses.
import { z } from "zod";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { sourceLabels } from "@/lib/records/get-record";
import { recordObjects } from "@/lib/records/record-objects";
import { keysetCursor, keysetCursorSchema, olderThan } from "@/lib/dashboard/keyset-cursor";

export const auditFiltersSchema = z.object({
  kind: z.enum(["workspace", "records"]).optional().catch(undefined),
  actor: z.enum(["user", "api", "connection", "system"]).optional().catch(undefined),
  since: z.enum(["24h", "7d", "30d"]).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  /** "<ISO time>|<id>" of the last entry of the previous page */
  before: z.string().max(200).optional().catch(undefined),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export type AuditLogEntry = {
  id: string;
  at: string;
  actor: { kind: "user" | "api" | "connection" | "system"; label: string };
  action: string;
  target: { type: string; id: string | null; label: string; href: string | null };
  ip: string | null;
  diff: { field: string; old: unknown; new: unknown }[];
};

const SINCE_MS = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;

/** audit_events.actor_type -> the log's actor kinds */
const EVENT_ACTOR: Record<string, AuditLogEntry["actor"]["kind"]> = { user: "user", api_key: "api", provider: "connection", system: "system" };
const SOURCE_PREFIX = { user: "user:", api: "api:", connection: "connection:", system: "system" } as const;

function assertAdmin(access: WorkspaceAccess) {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only a workspace admin or owner can read the audit log");
}

function str(v: unknown): string | null {
  return typeof v === "string" && v ? v : null;
}

export async function listAuditLog(access: WorkspaceAccess, filters: AuditFilters, opts: { limit?: number; now?: Date } = {}): Promise<{ rows: AuditLogEntry[]; nextBefore: string | null }> {
  assertAdmin(access);
  const ws = access.workspace.id;
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const now = opts.now ?? new Date();
  const before = filters.before ? keysetCursorSchema.safeParse(filters.before) : null;
  const timeWhere = {
    ...(filters.since ? { createdAt: { gte: new Date(now.getTime() - SINCE_MS[filters.since]) } } : {}),
    ...(before?.success ? { AND: [olderThan("createdAt", before.data)] } : {}),
  };
  const eventActorTypes = filters.actor ? Object.entries(EVENT_ACTOR).filter(([, k]) => k === filters.actor).map(([t]) => t) : null;
  const [events, changes] = await Promise.all([
    filters.kind === "records"
      ? []
      : db.auditEvent.findMany({
          where: {
            workspaceId: ws,
            ...timeWhere,
            ...(eventActorTypes ? { actorType: { in: eventActorTypes } } : {}),
            ...(filters.q ? { action: { contains: filters.q, mode: "insensitive" as const } } : {}),
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: limit + 1,
        }),
    filters.kind === "workspace"
      ? []
      : db.recordChange.findMany({
          where: {
            workspaceId: ws,
            ...timeWhere,
            ...(filters.actor ? (filters.actor === "system" ? { source: "system" } : { source: { startsWith: SOURCE_PREFIX[filters.actor] } }) : {}),
            ...(filters.q ? { OR: [{ action: { in: ["created", "updated", "deleted"].filter((a) => a.includes(filters.q!.toLowerCase())) as ("created" | "updated" | "deleted")[] } }, { record: { title: { contains: filters.q, mode: "insensitive" as const } } }] } : {}),
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: limit + 1,
          select: { id: true, recordId: true, object: true, action: true, changes: true, source: true, createdAt: true, record: { select: { title: true } } },
        }),
  ]);

  const userIds = [...new Set(events.map((e) => e.actorUserId).filter((x): x is string => !!x))];
  const [users, labels] = await Promise.all([
    userIds.length ? db.membership.findMany({ where: { workspaceId: ws, userId: { in: userIds } }, select: { userId: true, user: { select: { name: true, email: true } } } }) : [],
    sourceLabels(ws, changes.map((c) => c.source)),
  ]);
  const userName = new Map(users.map((u) => [u.userId, `${u.user.name} <${u.user.email}>`]));

  const slug = access.workspace.slug;
  const fromEvents: AuditLogEntry[] = events.map((e) => {
    const meta = (e.metadata && typeof e.metadata === "object" && !Array.isArray(e.metadata) ? e.metadata : {}) as Record<string, unknown>;
    const kind = EVENT_ACTOR[e.actorType] ?? "system";
    const label = e.actorUserId
      ? (userName.get(e.actorUserId) ?? "A former member")
      : kind === "api"
        ? `API key ${(str(meta.apiKeyId) ?? "").slice(0, 8)}`
        : kind === "connection"
          ? (str(meta.provider) ?? "A provider")
          : "Switchboard";
    return {
      id: e.id,
      at: e.createdAt.toISOString(),
      actor: { kind, label },
      action: e.action,
      target: { type: e.targetType, id: e.targetId, label: str(meta.name) ?? str(meta.email) ?? e.targetId ?? e.targetType, href: e.targetType === "connection" && e.targetId ? `/w/${slug}/connections/${e.targetId}` : null },
      ip: e.ip ?? str(meta.ip),
      diff: [],
    };
  });
  const fromChanges: AuditLogEntry[] = changes.map((c) => {
    const source = labels.get(c.source) ?? { kind: "system" as const, label: "Switchboard" };
    const diff = c.changes && typeof c.changes === "object" && !Array.isArray(c.changes) ? Object.entries(c.changes as Record<string, { old?: unknown; new?: unknown } | null>).map(([field, v]) => ({ field, old: v?.old ?? null, new: v?.new ?? null })) : [];
    const def = recordObjects[c.object as RecordObject];
    return {
      id: c.id,
      at: c.createdAt.toISOString(),
      actor: { kind: source.kind, label: source.label },
      action: `${c.object}.${c.action}`,
      target: { type: c.object, id: c.recordId, label: c.record.title, href: `/w/${slug}/${def.path}/${c.recordId}` },
      ip: null,
      diff,
    };
  });
  // the same order as the queries' (created_at desc, id desc): ids compared by code point
  const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  const merged = [...fromEvents, ...fromChanges].sort((a, b) => (a.at === b.at ? desc(a.id, b.id) : desc(a.at, b.at)));
  const rows = merged.slice(0, limit);
  const last = rows.at(-1);
  return { rows, nextBefore: merged.length > limit && last ? keysetCursor(last) : null };
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // a leading = + - @ would be run as a formula by spreadsheet programs
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const AUDIT_CSV_MAX_ROWS = 100_000;

/** The filtered log as CSV, produced page by page while it is sent (at most AUDIT_CSV_MAX_ROWS rows). */
export function auditLogCsv(access: WorkspaceAccess, filters: AuditFilters): ReadableStream<Uint8Array> {
  assertAdmin(access);
  const enc = new TextEncoder();
  let before = filters.before;
  let sent = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode("time_utc,actor_kind,actor,action,target_type,target_id,target,ip,changes\r\n"));
        return;
      }
      const page = await listAuditLog(access, { ...filters, ...(before ? { before } : {}) }, { limit: 500 });
      const lines = page.rows.map((r) =>
        [r.at, r.actor.kind, r.actor.label, r.action, r.target.type, r.target.id, r.target.label, r.ip, r.diff.length ? Object.fromEntries(r.diff.map((d) => [d.field, { old: d.old, new: d.new }])) : ""].map(csvCell).join(","),
      );
      sent += lines.length;
      if (lines.length) controller.enqueue(enc.encode(lines.join("\r\n") + "\r\n"));
      if (!page.nextBefore || sent >= AUDIT_CSV_MAX_ROWS) controller.close();
      else before = page.nextBefore;
    },
  });
}
