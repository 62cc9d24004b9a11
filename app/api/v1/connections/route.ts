// GET /api/v1/connections (scope connections:read).
import { apiRoute } from "@/lib/api/api-route";
import { listApiConnections } from "@/lib/api/list-api-connections";

export const GET = apiRoute(async (r) => ({ status: 200, body: await listApiConnections(r.principal) }));
