// Hub fields that point at another hub record (an appointment's or an opportunity's contact) hold that
// hub record's id, never a provider's: a provider's contact id means nothing to another connection.
//  - Pull: the provider's id is translated through this connection's record links (the contact must have
//    been pulled or pushed here). An id the connection has not linked yet is left out of the patch (the
//    hub keeps what it had) rather than stored untranslated.
//  - Push: the hub id is translated to this connection's external id. A record whose contact has no
//    external id on the connection yet is held, not sent: its link says "waiting for contact"
//    (WAITING_FOR_CONTACT, status pending). It is released, and its push requested, as soon as the
//    contact gets its external id there (the contact's push settles), or on the object's next push.
//    Holding was chosen over pushing the contact inline: contact pushes keep their own batching, match
//    keys and create intents (push-pending.ts), and a contact that cannot be pushed (no e-mail, a
//    refused field) leaves a visible reason on the record instead of a half-made remote record.
// Pipelines, stages and calendars are the provider's own reference data with no hub records: they stay
// as the provider's ids, and a connection to another account sets its own in the mapping (a constant).
import { db, Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { pulls, pushes } from "@/lib/integrations/field-mapping";
import type { RawRecord } from "@/lib/integrations/object-contract";
import { recordObjects } from "@/lib/records/record-objects";
import type { RecordData } from "@/lib/records/record-object-definition";
import type { ReferenceTables } from "@/lib/sync/field-mapping-runtime";
import { loadJobModules } from "@/lib/jobs/job-modules";

type Tx = Prisma.TransactionClient | typeof db;

export const WAITING_FOR_CONTACT = "WAITING_FOR_CONTACT";

type Rule = { hubField: string; providerField: string; direction: "push" | "pull" | "both" };
type WithReferences<M> = M & { references?: ReferenceTables };

/** The hub fields of an object that reference another object's records ({ contactId: "contact" }). */
export function referenceFields(object: RecordObject): { hubField: string; object: RecordObject }[] {
  return recordObjects[object].fields.filter((f) => f.kind === "record" && f.references).map((f) => ({ hubField: f.key, object: f.references! }));
}

/** The objects whose records reference `object` (contact -> appointment, opportunity). */
export function referencingObjects(object: RecordObject): RecordObject[] {
  return (Object.keys(recordObjects) as RecordObject[]).filter((o) => referenceFields(o).some((r) => r.object === object));
}

const idOf = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" ? String(v) : null);

/** The mapping with the inbound tables for a page of provider records (one query per reference field). */
export async function withInboundReferences<M extends { rules: Rule[] }>(tx: Tx, connectionId: string, object: RecordObject, mapping: M, items: readonly RawRecord[]): Promise<WithReferences<M>> {
  const refs = referenceFields(object);
  if (refs.length === 0) return mapping;
  const inbound: Record<string, Map<string, string>> = {};
  for (const ref of refs) {
    const providerFields = mapping.rules.filter((r) => r.hubField === ref.hubField && pulls(r)).map((r) => r.providerField);
    if (providerFields.length === 0) continue;
    const ids = [...new Set(items.flatMap((i) => providerFields.map((f) => idOf(i.fields[f]))).filter((v): v is string => v !== null))];
    const links = ids.length ? await tx.recordLink.findMany({ where: { connectionId, object: ref.object, externalId: { in: ids } }, select: { externalId: true, recordId: true } }) : [];
    inbound[ref.hubField] = new Map(links.filter((l) => l.externalId !== null).map((l) => [l.externalId!, l.recordId]));
  }
  return { ...mapping, references: { inbound, outbound: {} } };
}

/**
 * The mapping with the outbound tables for a batch of hub records, and the records that must wait: a
 * referenced record with no external id on this connection yet (the first reference field that waits).
 */
export async function withOutboundReferences<M extends { rules: Rule[] }>(
  connectionId: string,
  object: RecordObject,
  mapping: M,
  records: readonly { id: string; data: RecordData; deletedAt: Date | null }[],
): Promise<{ mapping: WithReferences<M>; waiting: Map<string, string> }> {
  const refs = referenceFields(object);
  const waiting = new Map<string, string>();
  if (refs.length === 0) return { mapping, waiting };
  const outbound: Record<string, Map<string, string>> = {};
  for (const ref of refs) {
    if (!mapping.rules.some((r) => r.hubField === ref.hubField && pushes(r))) continue;
    const ids = [...new Set(records.map((r) => idOf(r.data[ref.hubField])).filter((v): v is string => v !== null))];
    const links = ids.length ? await db.recordLink.findMany({ where: { connectionId, object: ref.object, recordId: { in: ids } }, select: { externalId: true, recordId: true } }) : [];
    const table = new Map(links.filter((l) => l.externalId !== null).map((l) => [l.recordId, l.externalId!]));
    outbound[ref.hubField] = table;
    for (const r of records) {
      const id = idOf(r.data[ref.hubField]);
      if (r.deletedAt || id === null || table.has(id) || waiting.has(r.id)) continue;
      waiting.set(r.id, `Waiting for its ${recordObjects[ref.object].label.toLowerCase()} to be synced to this connection first (${ref.hubField} has no id there yet).`);
    }
  }
  return { mapping: { ...mapping, references: { inbound: {}, outbound } }, waiting };
}

/**
 * Held records of `object` on a connection whose referenced records now have an external id there go
 * back to pending (their next push sends them). Returns how many were released.
 */
export async function releaseWaiting(connectionId: string, object: RecordObject, referencedIds?: readonly string[]): Promise<number> {
  let released = 0;
  for (const ref of referenceFields(object)) {
    const only = referencedIds && referencedIds.length > 0 ? Prisma.sql`AND (r.data->>${ref.hubField}) IN (${Prisma.join(referencedIds)})` : Prisma.empty;
    released += await db.$executeRaw`
      UPDATE record_links l SET last_pushed_version = NULL
      FROM hub_records r
      WHERE l.connection_id = ${connectionId} AND l.object = ${object}::"RecordObject" AND l.last_error_code = ${WAITING_FOR_CONTACT}
        AND l.last_pushed_version IS NOT NULL AND r.id = l.record_id ${only}
        AND EXISTS (
          SELECT 1 FROM record_links c
          WHERE c.connection_id = ${connectionId} AND c.object = ${ref.object}::"RecordObject" AND c.record_id = (r.data->>${ref.hubField}) AND c.external_id IS NOT NULL
        )`;
  }
  return released;
}

/**
 * After records of `object` got their external ids on a connection (a contact's push), the records that
 * were waiting for them there are released and their push requested.
 */
export async function releaseWaitingFor(connectionId: string, object: RecordObject, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  const ready: RecordObject[] = [];
  for (const o of referencingObjects(object)) if ((await releaseWaiting(connectionId, o, recordIds)) > 0) ready.push(o);
  if (ready.length === 0) return;
  // The job runner sits above lib; imported lazily (see lib/records/publish-record-changes.ts).
  const { inngest } = await loadJobModules();
  await inngest.send(ready.map((o) => ({ name: "switchboard/sync.push-requested", data: { connectionId, object: o } })));
}
