// GET /api/v1/sync/status (scope sync:read).
import { apiRoute } from "@/lib/api/api-route";
import { apiSyncStatus } from "@/lib/api/sync-api";

export const GET = apiRoute(async (r) => ({ status: 200, body: await apiSyncStatus(r.principal) }));
