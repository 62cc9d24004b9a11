// The connection and provider object a mapping belongs to, checked against the caller's workspace; the
// provider object's API is opened only when the provider must be called (describe, create, preview).
import type { Principal } from "@/lib/auth/principal";
import { assertAllowed } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { jsonRecord, providerOf } from "@/lib/connections/load-connection";
import type { ObjectApi, ObjectSpec } from "@/lib/integrations/object-contract";
import { connectionObjects, isContractV2, type ProviderDefinition } from "@/lib/integrations/types";
import { hubKindOf } from "@/lib/sync/hub-object";
import { openSyncTarget } from "@/lib/sync/sync-target";

export type MappingTarget = { connection: Connection; def: ProviderDefinition; spec: ObjectSpec; object: RecordObject };

export function assertCanViewMappings(access: Principal): void {
  assertAllowed(access, { role: "member", scope: null }, "Only workspace members can see field mappings");
}

export function assertCanChangeMappings(access: Principal): void {
  assertAllowed(access, { role: "admin", scope: null }, "Only a workspace admin or owner can change field mappings");
}

export async function mappingTarget(access: Principal, connectionId: string, object: RecordObject): Promise<MappingTarget> {
  assertCanViewMappings(access);
  const connection = await db.connection.findFirst({ where: { id: connectionId, workspaceId: access.workspace.id } });
  if (!connection) throw new AppError("NOT_FOUND", "Connection not found");
  const def = providerOf(connection);
  if (!isContractV2(def)) throw new AppError("BAD_REQUEST", `${def.name} has no field mappings`);
  const spec = connectionObjects(def, jsonRecord(connection.config)).find((o) => o.hubObject === hubKindOf[object]);
  if (!spec) throw new AppError("BAD_REQUEST", `${def.name} does not sync ${object}s`);
  return { connection, def, spec, object };
}

/** The provider object's API on the connection's credentials; `api` replaces it (tests point it at a sandbox). */
export async function mappingApi(target: MappingTarget, api?: ObjectApi): Promise<ObjectApi> {
  if (api) return api;
  return (await openSyncTarget(target.connection.id, target.object)).api;
}
