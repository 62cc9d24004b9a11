// What a sync step works on: the connection, its provider definition (contract v2), the provider object
// that maps to a hub object, and that object's API built on the connection's credentials.
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { buildConnectionContext } from "@/lib/connections/build-connection-context";
import { jsonRecord, providerOf } from "@/lib/connections/load-connection";
import type { ObjectApi, ObjectSpec } from "@/lib/integrations/object-contract";
import { connectionObjects, isContractV2, type AnyProviderDefinition, type ProviderDefinition } from "@/lib/integrations/types";
import { hubKindOf } from "@/lib/sync/hub-object";

export type SyncTarget = { connection: Connection; def: ProviderDefinition; spec: ObjectSpec; api: ObjectApi };

/**
 * The provider objects of one connection: its config decides them where the definition says so (Custom
 * REST's template; Salesforce's Lead or Contact). A config the definition cannot read offers none.
 */
export function connectionSpecs(def: AnyProviderDefinition, config: unknown): readonly ObjectSpec[] {
  if (!isContractV2(def)) return [];
  try {
    return connectionObjects(def, jsonRecord(config));
  } catch {
    return [];
  }
}

/** The provider object a connection syncs for a hub object (the first its config offers), or null when it has none. */
export function objectSpecFor(def: AnyProviderDefinition, object: RecordObject, config: unknown = {}): ObjectSpec | null {
  return connectionSpecs(def, config).find((o) => o.hubObject === hubKindOf[object]) ?? null;
}

/** Builds the target from the stored connection; `api` replaces the provider client (tests point it at a sandbox). */
export async function openSyncTarget(connectionId: string, object: RecordObject, api?: ObjectApi): Promise<SyncTarget> {
  const connection = await db.connection.findUnique({ where: { id: connectionId } });
  if (!connection) throw new AppError("NOT_FOUND", "The connection no longer exists");
  const def = providerOf(connection);
  const spec = objectSpecFor(def, object, connection.config);
  if (!spec || !isContractV2(def)) throw new AppError("BAD_REQUEST", `${def.name} does not sync ${object}s yet`);
  if (api) return { connection, def, spec, api };
  const ctx = await buildConnectionContext(connection);
  const objectApi = def.createClient(ctx as Parameters<typeof def.createClient>[0]).objects[spec.name];
  if (!objectApi) throw new AppError("INTERNAL", `${def.name} declares ${spec.name} but its client has no API for it`);
  return { connection, def, spec, api: objectApi };
}
