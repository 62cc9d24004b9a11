// GET /api/v1/contacts/export: every matching record, streamed page by page (keyset on updated_at, id)
// as JSON, CSV or NDJSON, so memory stays flat whatever the size. With `limit`, the boundary row is found
// first (an index-only OFFSET probe), so the next cursor is known before the first byte and travels in
// the Link / X-Next-Cursor headers for every format (and in the JSON body).
import { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/auth/principal";
import { assertAllowed } from "@/lib/auth/principal";
import { db, type Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { recordObjects } from "@/lib/records/record-objects";
import { recordScope } from "@/lib/records/save-record";
import { encodeCursor, recordWhere, toApiRecord, type ApiRecord } from "@/lib/api/record-api";

export const exportQuerySchema = z.object({
  format: z.enum(["json", "csv", "ndjson"]).default("json"),
  status: z.string().trim().max(100).optional(),
  updated_since: z.iso.datetime({ offset: true }).optional(),
  source: z.string().trim().max(200).optional().meta({ description: "the contact's Source field" }),
  connection: z.string().trim().max(100).optional().meta({ description: "only records linked to this connection id" }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

const PAGE = 1000;

const CONTENT_TYPES = { json: "application/json; charset=utf-8", csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson" } as const;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
  // formulas are neutralised for spreadsheet apps; quotes doubled; every cell quoted when needed
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export type ExportPlan = { where: Prisma.HubRecordWhereInput; stopAfter: { updatedAt: Date; id: string } | null; nextCursor: string | null };

export async function planExport(principal: ApiKeyPrincipal, object: RecordObject, q: ExportQuery): Promise<ExportPlan> {
  assertAllowed(principal, { role: "member", scope: recordScope(object, "read") }, "");
  const base = await recordWhere(principal.workspace.id, object, q);
  const and = [...((base.AND as Prisma.HubRecordWhereInput[] | undefined) ?? [])];
  if (q.source) and.push({ data: { path: ["source"], equals: q.source } });
  if (q.connection) and.push({ links: { some: { connectionId: q.connection, workspaceId: principal.workspace.id } } });
  const where: Prisma.HubRecordWhereInput = { ...base, AND: and };
  if (!q.limit) return { where, stopAfter: null, nextCursor: null };
  const edge = await db.hubRecord.findMany({ where, orderBy: [{ updatedAt: "asc" }, { id: "asc" }], skip: q.limit - 1, take: 2, select: { id: true, updatedAt: true } });
  const last = edge[0];
  if (!last || edge.length < 2) return { where, stopAfter: null, nextCursor: null };
  return { where, stopAfter: { updatedAt: last.updatedAt, id: last.id }, nextCursor: encodeCursor(last.updatedAt, last.id) };
}

/** The export as a byte stream; pages are read only as the client consumes them (pull). */
export function exportStream(principal: ApiKeyPrincipal, object: RecordObject, format: ExportQuery["format"], plan: ExportPlan): ReadableStream<Uint8Array> {
  const def = recordObjects[object];
  const enc = new TextEncoder();
  const columns = ["id", "external_id", "version", "created_at", "updated_at", ...def.fields.map((f) => f.key), "custom_fields"];
  let after: { updatedAt: Date; id: string } | null = null;
  let started = false;
  let count = 0;
  let done = false;
  const line = (r: ApiRecord): string => {
    if (format === "csv") {
      const { customFields, ...rest } = r.fields;
      const values = [r.id, r.external_id, r.version, r.created_at, r.updated_at, ...def.fields.map((f) => rest[f.key]), customFields && Object.keys(customFields).length ? customFields : null];
      return `${values.map(csvCell).join(",")}\r\n`;
    }
    const json = JSON.stringify(r);
    return format === "ndjson" ? `${json}\n` : `${count > 0 ? "," : ""}${json}`;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          if (format === "csv") controller.enqueue(enc.encode(`${columns.join(",")}\r\n`));
          if (format === "json") controller.enqueue(enc.encode('{"data":['));
        }
        if (done) return;
        const and: Prisma.HubRecordWhereInput[] = [plan.where];
        if (after) and.push({ OR: [{ updatedAt: { gt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { gt: after.id } }] });
        if (plan.stopAfter) and.push({ OR: [{ updatedAt: { lt: plan.stopAfter.updatedAt } }, { updatedAt: plan.stopAfter.updatedAt, id: { lte: plan.stopAfter.id } }] });
        const rows = await db.hubRecord.findMany({
          where: { AND: and },
          orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
          take: PAGE,
          select: { id: true, version: true, createdAt: true, updatedAt: true, data: true },
        });
        const refs = rows.length
          ? await db.apiExternalRef.findMany({ where: { workspaceId: principal.workspace.id, object, recordId: { in: rows.map((r) => r.id) } }, select: { recordId: true, externalId: true } })
          : [];
        const ext = new Map(refs.map((r) => [r.recordId, r.externalId]));
        let chunk = "";
        for (const r of rows) {
          chunk += line(toApiRecord(object, r, ext.get(r.id) ?? null));
          count++;
        }
        const last = rows.at(-1);
        if (last) after = { updatedAt: last.updatedAt, id: last.id };
        if (rows.length < PAGE) {
          done = true;
          if (format === "json") chunk += `],"next_cursor":${JSON.stringify(plan.nextCursor)}}`;
        }
        if (chunk) controller.enqueue(enc.encode(chunk));
        if (done) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

export function exportResponse(stream: ReadableStream<Uint8Array>, format: ExportQuery["format"], object: RecordObject, nextUrl: string | null): Response {
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${recordObjects[object].path}.${format}"`,
      "Cache-Control": "no-store",
      ...(nextUrl ? { Link: `<${nextUrl}>; rel="next"`, "X-Next-Cursor": new URL(nextUrl).searchParams.get("cursor") ?? "" } : {}),
    },
  });
}
