// GET /api/v1/contacts/export?format=json|csv|ndjson: streamed in bounded memory, cursor pages.
import { apiRoute } from "@/lib/api/api-route";
import { exportQuerySchema, exportResponse, exportStream, planExport } from "@/lib/api/export-records";
import { queryOf } from "@/lib/api/record-routes";

export const GET = apiRoute(async (r) => {
  const q = exportQuerySchema.parse(queryOf(r.url));
  const plan = await planExport(r.principal, "contact", q);
  let next: string | null = null;
  if (plan.nextCursor) {
    const u = new URL(r.url);
    u.searchParams.set("cursor", plan.nextCursor);
    next = u.toString();
  }
  return exportResponse(exportStream(r.principal, "contact", q.format, plan), q.format, "contact", next);
});
