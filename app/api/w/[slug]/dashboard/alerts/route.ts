// The alert bell's data (GET) and "I have looked" (POST) for the signed-in member.
import { withWorkspace } from "@/lib/auth/workspace-guard";
import { listAlerts, markAlertsSeen } from "@/lib/alerts/list-alerts";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

export const GET = withBodyLimit(
  BODY_LIMITS.json,
  withWorkspace(async (_req, access) => Response.json(await listAlerts(access), { headers: { "cache-control": "no-store" } })),
);

export const POST = withBodyLimit(
  BODY_LIMITS.form,
  withWorkspace(async (_req, access) => {
    await markAlertsSeen(access);
    return Response.json({ ok: true });
  }),
);
