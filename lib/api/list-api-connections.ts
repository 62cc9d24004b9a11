// GET /api/v1/connections: the workspace's connections as the API shows them (never credentials).
import { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/auth/principal";
import { assertAllowed } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";

export const apiConnectionSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    name: z.string(),
    environment: z.enum(["live", "sandbox"]),
    status: z.string().meta({ description: "active, needs_reauth, error, …" }),
    sync_enabled: z.boolean(),
    created_at: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "Connection" });

export const connectionsResponseSchema = z.object({ data: z.array(apiConnectionSchema) });

export async function listApiConnections(principal: ApiKeyPrincipal): Promise<z.infer<typeof connectionsResponseSchema>> {
  assertAllowed(principal, { role: "member", scope: "connections:read" }, "");
  const rows = await db.connection.findMany({
    where: { workspaceId: principal.workspace.id },
    orderBy: { createdAt: "asc" },
    take: 500,
    select: { id: true, provider: true, name: true, environment: true, status: true, syncEnabled: true, createdAt: true },
  });
  return { data: rows.map((c) => ({ id: c.id, provider: c.provider, name: c.name, environment: c.environment, status: c.status, sync_enabled: c.syncEnabled, created_at: c.createdAt.toISOString() })) };
}
