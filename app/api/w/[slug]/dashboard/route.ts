// The live dashboard's data (polled by components/dashboard/live-dashboard.tsx): any member of the workspace.
import { withWorkspace } from "@/lib/auth/workspace-guard";
import { dashboardRangeSchema, loadDashboard } from "@/lib/dashboard/load-dashboard";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

export const GET = withBodyLimit(
  BODY_LIMITS.json,
  withWorkspace(async (req, access) => {
    const range = dashboardRangeSchema.catch("24h").parse(new URL(req.url).searchParams.get("range") ?? undefined);
    return Response.json(await loadDashboard(access, { range }), { headers: { "cache-control": "no-store" } });
  }),
);
