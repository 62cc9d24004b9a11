// Preview a draft mapping before saving it: the first 20 records from the provider mapped into the hub
// (next to what the hub holds now for linked records) and the 20 most recently changed hub records
// mapped out to the provider (next to what the saved mapping sends). Nothing is written anywhere.
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { applyTransforms, pulls, pushes, type FieldMappingRule } from "@/lib/integrations/field-mapping";
import type { FieldValue, ObjectApi, RawRecord } from "@/lib/integrations/object-contract";
import { parseRecordPatch } from "@/lib/records/record-patch";
import type { RecordData } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import { mapInbound, mapOutbound, withCustomFieldRules, type StoredMapping } from "@/lib/sync/field-mapping-runtime";
import { mappingApi, mappingTarget } from "@/lib/mappings/mapping-target";
import { draftCustomFieldsSchema, draftRulesSchema, loadCurrentMapping } from "@/lib/mappings/mapping-versions";
import { mappingProblems, type MappingProblem } from "@/lib/mappings/validate-mapping";
import { fieldsOf } from "@/lib/mappings/provider-fields";

export const PREVIEW_SIZE = 20;

export type InboundCell = { rule: number; providerValue: FieldValue; hubNow: FieldValue | undefined; hubDraft: FieldValue; error?: string };
export type OutboundCell = { rule: number; hubValue: FieldValue; providerDraft: FieldValue; providerNow: FieldValue | undefined };
export type MappingPreview = {
  rules: FieldMappingRule[];
  fromProvider: { externalId: string; title: string; linkedRecordId: string | null; cells: InboundCell[] }[];
  fromHub: { recordId: string; title: string; cells: OutboundCell[] }[];
  /** why the provider's records could not be read (the hub side is still shown) */
  providerError: string | null;
  problems: MappingProblem[];
};

async function readProviderRecords(api: ObjectApi): Promise<RawRecord[]> {
  if (api.listAll) return (await api.listAll({ cursor: null, limit: PREVIEW_SIZE })).items.slice(0, PREVIEW_SIZE);
  if (api.listChanged) return (await api.listChanged({ checkpoint: null, limit: PREVIEW_SIZE })).items.slice(0, PREVIEW_SIZE);
  throw new AppError("BAD_REQUEST", "This provider cannot list records, so there is nothing to preview from it");
}

function fieldErrors(object: RecordObject, patch: Record<string, unknown>): Record<string, string> {
  try {
    parseRecordPatch(recordObjects[object], patch);
    return {};
  } catch (err) {
    if (isAppError(err)) return (err.details?.fields as Record<string, string> | undefined) ?? { _: err.message };
    throw err;
  }
}

export async function previewMapping(access: Principal, connectionId: string, object: RecordObject, input: { rules: unknown; customFields?: unknown }, opts: { api?: ObjectApi } = {}): Promise<MappingPreview> {
  const target = await mappingTarget(access, connectionId, object);
  const parsed = draftRulesSchema.safeParse(input.rules);
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", "Some rules are incomplete; finish them to preview");
  const stored = (await loadCurrentMapping(target)).mapping;
  const catchAll = input.customFields === undefined ? { success: true as const, data: stored.customFields ?? null } : draftCustomFieldsSchema.safeParse(input.customFields);
  if (!catchAll.success) throw new AppError("VALIDATION_FAILED", "The custom fields setting is incomplete; finish it to preview");
  const def = recordObjects[object];
  const { fields } = await fieldsOf(target, opts.api ? { api: opts.api } : {});
  const problems = mappingProblems({ object, rules: parsed.data as FieldMappingRule[], fields, pushing: false, providerName: target.def.name });
  // the draft and the saved mapping as a run applies them: custom fields the catch-all covers included
  const draft: StoredMapping = withCustomFieldRules({ rules: parsed.data as FieldMappingRule[], ...(catchAll.data ? { customFields: catchAll.data } : {}) }, fields ?? []);
  const current = withCustomFieldRules(stored, fields ?? []);
  const rules = draft.rules;

  // --- provider -> hub
  let providerError: string | null = null;
  const fromProvider: MappingPreview["fromProvider"] = [];
  try {
    const records = await readProviderRecords(await mappingApi(target, opts.api));
    const links = await db.recordLink.findMany({
      where: { connectionId: target.connection.id, object, externalId: { in: records.map((r) => r.externalId) } },
      select: { externalId: true, record: { select: { id: true, data: true } } },
    });
    const linked = new Map(links.map((l) => [l.externalId, l.record]));
    for (const r of records) {
      const hub = mapInbound(draft, r.fields);
      const errors = fieldErrors(object, hub);
      const rec = linked.get(r.externalId);
      const now = rec ? (rec.data as RecordData) : null;
      fromProvider.push({
        externalId: r.externalId,
        title: def.columns(hub as RecordData).title,
        linkedRecordId: rec?.id ?? null,
        cells: rules.flatMap((rule, i) =>
          pulls(rule)
            ? [{
                rule: i,
                providerValue: r.fields[rule.providerField] ?? null,
                hubNow: now ? ((now[rule.hubField] ?? null) as FieldValue) : undefined,
                hubDraft: applyTransforms(rule.transforms, r.fields[rule.providerField] ?? null, "pull"),
                ...(errors[rule.hubField] ? { error: errors[rule.hubField] } : {}),
              }]
            : [],
        ),
      });
    }
  } catch (err) {
    if (!isAppError(err)) throw err;
    providerError = err.message;
  }

  // --- hub -> provider
  const hubRecords = await db.hubRecord.findMany({
    where: { workspaceId: access.workspace.id, object, deletedAt: null },
    orderBy: { updatedAt: "desc" },
    take: PREVIEW_SIZE,
    select: { id: true, title: true, data: true },
  });
  const fromHub = hubRecords.map((r) => {
    const data = r.data as RecordData;
    const out = mapOutbound(draft, data);
    const now = mapOutbound(current, data);
    return {
      recordId: r.id,
      title: r.title,
      cells: rules.flatMap((rule, i) =>
        pushes(rule)
          ? [{ rule: i, hubValue: (data[rule.hubField] ?? null) as FieldValue, providerDraft: out[rule.providerField] ?? null, providerNow: rule.providerField in now ? (now[rule.providerField] ?? null) : undefined }]
          : [],
      ),
    };
  });
  return { rules, fromProvider, fromHub, providerError, problems };
}
