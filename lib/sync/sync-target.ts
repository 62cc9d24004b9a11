// What a sync step works on: the connection, its provider definition (contract v2), the provider object
// that maps to a hub object, and that object's API built on the connection's credentials.
import { db, type Prisma } from "@/lib/db/client";
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
  let objectApi = api;
  if (!objectApi) {
    const ctx = await buildConnectionContext(connection);
    objectApi = def.createClient(ctx as Parameters<typeof def.createClient>[0]).objects[spec.name];
    if (!objectApi) throw new AppError("INTERNAL", `${def.name} declares ${spec.name} but its client has no API for it`);
  }
  await ensureFieldCache(connection, object, spec, objectApi);
  return { connection, def, spec, api: objectApi };
}

/**
 * The engine maps custom fields by the provider's own field list (sync-mapping.ts appliedMapping): read it
 * once per connection and object when the mapping maps custom fields and nothing has cached it yet (the
 * mapping editor refreshes it).
 */
async function ensureFieldCache(connection: Connection, object: RecordObject, spec: ObjectSpec, api: ObjectApi): Promise<void> {
  if (!spec.defaultMapping.customFields || !spec.capabilities.describeFields || !api.describeFields) return;
  const key = `${connection.id}:${object}`;
  if (fieldCacheSeen.has(key)) return;
  const where = { connectionId_object: { connectionId: connection.id, object } };
  if (!(await db.providerFieldCache.findUnique({ where, select: { id: true } }))) {
    const fields = (await api.describeFields()) as unknown as Prisma.InputJsonArray;
    await db.providerFieldCache.upsert({ where, create: { workspaceId: connection.workspaceId, connectionId: connection.id, object, fields, fetchedAt: new Date() }, update: {} });
  }
  if (fieldCacheSeen.size >= FIELD_CACHE_SEEN_MAX) fieldCacheSeen.clear();
  fieldCacheSeen.add(key);
}

/**
 * (connection, object) pairs whose field cache row is known to exist: it is refreshed in place and goes
 * only with its connection, so once seen it is not looked up again for every page of every run.
 */
const fieldCacheSeen = new Set<string>();
const FIELD_CACHE_SEEN_MAX = 10_000;
