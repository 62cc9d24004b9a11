// A push never re-subscribes a contact: a consent field the hub holds as "subscribed" is written to a
// connection that already has the record only when it changed in the hub since the last push there.
// Otherwise an unrelated edit (a new last name) would send the stale "subscribed" over an unsubscribe
// the person made at the provider in the meantime; the next pull brings that unsubscribe into the hub.
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { pushes } from "@/lib/integrations/field-mapping";
import type { FieldMap } from "@/lib/integrations/object-contract";
import type { RecordData } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import type { StoredMapping } from "@/lib/sync/field-mapping-runtime";

type FieldMetaMap = Record<string, { at?: string } | undefined>;

export function withoutStaleSubscribe(
  object: RecordObject,
  mapping: StoredMapping,
  fields: FieldMap,
  rec: { data: RecordData; fieldMeta: unknown },
  lastPushedAt: Date | null,
): FieldMap {
  const consentKeys = recordObjects[object].fields.filter((f) => f.consent).map((f) => f.key);
  if (consentKeys.length === 0) return fields;
  const meta = (rec.fieldMeta ?? {}) as FieldMetaMap;
  const stale = consentKeys.filter((key) => {
    if (rec.data[key] !== true) return false;
    const at = meta[key]?.at ? new Date(meta[key]!.at!) : null;
    return lastPushedAt !== null && (at === null || at.getTime() <= lastPushedAt.getTime());
  });
  if (stale.length === 0) return fields;
  const drop = new Set(mapping.rules.filter((r) => pushes(r) && stale.includes(r.hubField)).map((r) => r.providerField));
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !drop.has(k)));
}
