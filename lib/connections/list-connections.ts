// The workspace's connections as DTOs, and how many each template has (for the catalog).
import { db } from "@/lib/db/client";
import { toConnectionDto, type ConnectionDto } from "@/lib/connections/connection-dto";
import { loadConnection } from "@/lib/connections/load-connection";

export async function listConnections(workspaceId: string, opts: { provider?: string } = {}): Promise<ConnectionDto[]> {
  const rows = await db.connection.findMany({
    where: { workspaceId, ...(opts.provider ? { provider: opts.provider } : {}) },
    orderBy: [{ createdAt: "desc" }],
  });
  return rows.map(toConnectionDto);
}

export async function countConnectionsByProvider(workspaceId: string): Promise<Record<string, number>> {
  const groups = await db.connection.groupBy({ by: ["provider"], where: { workspaceId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.provider, g._count._all]));
}

export async function getConnectionDto(workspaceId: string, connectionId: string): Promise<ConnectionDto> {
  return toConnectionDto(await loadConnection(workspaceId, connectionId));
}
