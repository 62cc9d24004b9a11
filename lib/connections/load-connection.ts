// Reading a connection of the caller's workspace (the id alone is never enough) and opening its secrets.
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import { openSecret } from "@/lib/crypto/seal-secret";
import { AppError } from "@/lib/errors/app-error";
import { getProvider } from "@/lib/integrations/registry";
import type { AnyProviderDefinition } from "@/lib/integrations/types";

export type { Connection };

export async function loadConnection(workspaceId: string, connectionId: string): Promise<Connection> {
  const row = await db.connection.findFirst({ where: { id: connectionId, workspaceId } });
  if (!row) throw new AppError("NOT_FOUND", "This connection does not exist.");
  return row;
}

export function providerOf(connection: Pick<Connection, "provider">): AnyProviderDefinition {
  const def = getProvider(connection.provider);
  if (!def) throw new AppError("NOT_FOUND", `The ${connection.provider} template is not installed on this server.`);
  return def;
}

export async function openCredentials(connection: Pick<Connection, "id" | "workspaceId" | "credentialsSealed">): Promise<Record<string, unknown>> {
  const value = await openSecret({ workspaceId: connection.workspaceId, ownerId: connection.id, purpose: "credentials" }, connection.credentialsSealed);
  return (value ?? {}) as Record<string, unknown>;
}

export function jsonRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(jsonRecord(value))) if (typeof v === "string") out[k] = v;
  return out;
}
