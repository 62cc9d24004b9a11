// The audit log as CSV (same filters as the page), streamed page by page. Admins only.
import { withWorkspace } from "@/lib/auth/workspace-guard";
import { auditFiltersSchema, auditLogCsv } from "@/lib/dashboard/audit-log";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

export const GET = withBodyLimit(
  BODY_LIMITS.form,
  withWorkspace(
    async (req, access) => {
      const filters = auditFiltersSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
      const day = new Date().toISOString().slice(0, 10);
      return new Response(auditLogCsv(access, filters), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="audit-${access.workspace.slug}-${day}.csv"`,
          "cache-control": "no-store",
        },
      });
    },
    { minRole: "admin" },
  ),
);
