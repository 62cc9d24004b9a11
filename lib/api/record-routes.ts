// Route handlers for /api/v1/<object> and /api/v1/<object>/<id> (contacts, orders, products, appointments).
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { API_OBJECTS, type ApiObjectPath } from "@/lib/api/api-objects";
import { apiRoute, type ApiRequest } from "@/lib/api/api-route";
import { patchEnvelopeSchema, writeEnvelopeSchema } from "@/lib/api/api-record-schemas";
import { deleteApiRecord, getApiRecord, listApiRecords, listQuerySchema, patchApiRecord, upsertApiRecord } from "@/lib/api/record-api";

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) throw new AppError("BAD_REQUEST", "Send a JSON body");
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

/** Query string as an object (repeated keys: the last wins). */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

/** `links` and a Link header for a cursor page. */
export function pageLinks(r: ApiRequest, nextCursor: string | null): { links: { self: string; next: string | null }; headers: Record<string, string> } {
  const next = nextCursor ? new URL(r.url) : null;
  next?.searchParams.set("cursor", nextCursor ?? "");
  return { links: { self: r.url.toString(), next: next?.toString() ?? null }, headers: next ? { Link: `<${next.toString()}>; rel="next"` } : {} };
}

export function recordCollectionRoutes(path: ApiObjectPath) {
  const object = API_OBJECTS[path];
  return {
    GET: apiRoute(async (r) => {
      const query = listQuerySchema.parse(queryOf(r.url));
      const page = await listApiRecords(r.principal, object, query);
      const { links, headers } = pageLinks(r, page.next_cursor);
      return { status: 200, body: { data: page.data, next_cursor: page.next_cursor, links }, headers };
    }),
    POST: apiRoute(async (r) => {
      const body = parseBody(writeEnvelopeSchema, r.body);
      const { outcome, record } = await upsertApiRecord(r.principal, object, body);
      return { status: outcome === "created" ? 201 : 200, body: { result: outcome, data: record } };
    }),
  };
}

type IdParams = { id: string };

export function recordItemRoutes(path: ApiObjectPath) {
  const object = API_OBJECTS[path];
  return {
    GET: apiRoute<IdParams>(async (r, { id }) => ({ status: 200, body: { data: await getApiRecord(r.principal, object, id) } })),
    PATCH: apiRoute<IdParams>(async (r, { id }) => {
      const body = parseBody(patchEnvelopeSchema, r.body);
      const { outcome, record } = await patchApiRecord(r.principal, object, id, body.fields);
      return { status: 200, body: { result: outcome, data: record } };
    }),
    DELETE: apiRoute<IdParams>(async (r, { id }) => {
      await deleteApiRecord(r.principal, object, id);
      return { status: 204, body: null };
    }),
  };
}
