// The proactive half of token refresh (the cron function calls this): every OAuth connection in use
// whose token expires within 15 minutes is refreshed through the same lease as on-demand refreshes.
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { getConnectionAccessToken, REFRESH_AHEAD_MS } from "@/lib/connections/refresh-access-token";

export type RefreshSweep = { due: number; refreshed: number; failed: number };

export async function refreshExpiringTokens(now = new Date(), limit = 200): Promise<RefreshSweep> {
  const due = await db.connection.findMany({
    where: { authKind: "oauth2", status: { in: ["active", "error"] }, tokenExpiresAt: { not: null, lte: new Date(now.getTime() + REFRESH_AHEAD_MS) } },
    select: { id: true, workspaceId: true },
    orderBy: { tokenExpiresAt: "asc" },
    take: limit,
  });
  let refreshed = 0;
  let failed = 0;
  for (const c of due) {
    try {
      await getConnectionAccessToken(c.workspaceId, c.id);
      refreshed += 1;
    } catch (err) {
      // Recorded on the connection (status, last error, audit); one failure does not stop the sweep.
      if (!isAppError(err)) console.error("[connections] token refresh sweep failed for a connection", { connectionId: c.id });
      failed += 1;
    }
  }
  return { due: due.length, refreshed, failed };
}
