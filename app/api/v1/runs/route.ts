// GET /api/v1/runs?connection=&limit=&cursor= (scope sync:read): sync runs, newest first.
import { apiRoute } from "@/lib/api/api-route";
import { queryOf, pageLinks } from "@/lib/api/record-routes";
import { apiListRuns, runsQuerySchema } from "@/lib/api/sync-api";

export const GET = apiRoute(async (r) => {
  const page = await apiListRuns(r.principal, runsQuerySchema.parse(queryOf(r.url)));
  const { links, headers } = pageLinks(r, page.next_cursor);
  return { status: 200, body: { ...page, links }, headers };
});
