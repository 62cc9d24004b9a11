// One page of a workspace's records of one kind: prefix search on normalised words (hub_records.search), a status filter,
// ordering by last change or by name, keyset pagination (an opaque cursor, never OFFSET), so the 1st and
// the 2,000th page cost the same at 100,000 records.
import { z } from "zod";
import { assertAllowed, type Principal } from "@/lib/auth/principal";
import { db, Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import type { FieldValue, RecordData } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import { queryTerms } from "@/lib/records/search-terms";

export const listRecordsQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.string().trim().max(100).optional(),
  sort: z.enum(["updated", "name"]).default("updated"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListRecordsQuery = z.input<typeof listRecordsQuerySchema>;

export type RecordRow = {
  id: string;
  title: string;
  version: number;
  updatedAt: string;
  fields: Record<string, FieldValue>;
};

export type RecordPage = { rows: RecordRow[]; nextCursor: string | null };

const cursorSchema = z.object({ v: z.string(), id: z.string() });

function encodeCursor(v: string, id: string): string {
  return Buffer.from(JSON.stringify({ v, id })).toString("base64url");
}

function decodeCursor(cursor: string): { v: string; id: string } {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", "This page link is no longer valid; start from the first page");
  }
}

/** 'word':* & 'other':* — each word quoted as a lexeme as it is (a quote doubled, a backslash escaped), matched as a prefix. */
export function prefixQuery(terms: readonly string[]): string {
  return terms.map((t) => `'${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}':*`).join(" & ");
}

export async function listRecords(access: Principal, object: RecordObject, query: ListRecordsQuery): Promise<RecordPage> {
  const q = listRecordsQuerySchema.parse(query);
  const def = recordObjects[object];
  assertAllowed(access, { role: "member", scope: `${def.path}:read` }, "Only workspace members can see records");
  const workspaceId = access.workspace.id;
  const conds: Prisma.Sql[] = [Prisma.sql`r.workspace_id = ${workspaceId}`, Prisma.sql`r.object = ${object}::"RecordObject"`, Prisma.sql`r.deleted_at IS NULL`];
  // Every search word is a prefix of one of the record's words: one tsquery through the GIN index.
  const terms = q.q ? queryTerms(q.q) : [];
  if (terms.length > 0) conds.push(Prisma.sql`r.search @@ ${prefixQuery(terms)}::tsquery`);
  if (q.status) conds.push(Prisma.sql`r.status_key = ${q.status}`);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (q.sort === "updated") {
      const at = new Date(c.v);
      if (Number.isNaN(at.getTime())) throw new AppError("BAD_REQUEST", "This page link is no longer valid; start from the first page");
      conds.push(Prisma.sql`(r.updated_at, r.id) < (${at}, ${c.id})`);
    } else {
      conds.push(Prisma.sql`(r.sort_key, r.id) > (${c.v}, ${c.id})`);
    }
  }
  const order = q.sort === "updated" ? Prisma.sql`r.updated_at DESC, r.id DESC` : Prisma.sql`r.sort_key ASC, r.id ASC`;
  const rows = await db.$queryRaw<{ id: string; title: string; version: number; updated_at: Date; sort_key: string; data: unknown }[]>`
    SELECT r.id, r.title, r.version, r.updated_at, r.sort_key, r.data
    FROM hub_records r
    WHERE ${Prisma.join(conds, " AND ")}
    ORDER BY ${order}
    LIMIT ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last ? encodeCursor(q.sort === "updated" ? last.updated_at.toISOString() : last.sort_key, last.id) : null;
  return {
    rows: page.map((r) => {
      const data = r.data as RecordData;
      return {
        id: r.id,
        title: r.title,
        version: r.version,
        updatedAt: r.updated_at.toISOString(),
        fields: Object.fromEntries(def.listFields.map((k) => [k, data[k] ?? null])),
      };
    }),
    nextCursor,
  };
}
