// The inbox list as JSON for the live table (polled by TanStack Query on /w/<slug>/webhooks).
import { withWorkspace } from "@/lib/auth/workspace-guard";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";
import { deliveryFiltersSchema, listDeliveries } from "@/lib/webhooks/list-deliveries";

export const dynamic = "force-dynamic";

export const GET = withBodyLimit(
  BODY_LIMITS.json,
  withWorkspace(async (req, access) => {
    const q = Object.fromEntries(new URL(req.url).searchParams);
    return Response.json({ deliveries: await listDeliveries(access.workspace.id, deliveryFiltersSchema.parse(q)) });
  }),
);
