// A Custom REST CRM's JSON records <-> raw records, driven by the connection's template. Raw keys are
// the record's own dot paths (nested objects flattened: "company.name", "custom.plan"; arrays kept as
// values), plus every path the template names (so "emails.0" is there too). The template's field paths
// become the default mapping and its capabilities the object spec (customRestObjects). Pure: no I/O.
import { toFieldValue } from "@/lib/integrations/field-value";
import type { DefaultMapping, FieldMappingRule, Transform } from "@/lib/integrations/field-mapping";
import type { FieldDescription, FieldMap, FieldType, FieldValue, ObjectSpec, RawRecord } from "@/lib/integrations/object-contract";
import { getPath, setPath } from "@/lib/integrations/custom-rest/json-path";
import type { CustomRestTemplate } from "@/lib/integrations/custom-rest/template";

/** Any of ISO 8601, unix seconds or unix milliseconds -> ISO 8601 UTC. */
export function toIso(value: unknown): string | null {
  let d: Date | null = null;
  if (typeof value === "number") d = new Date(value < 1e12 ? value * 1000 : value);
  else if (typeof value === "string" && value.trim() !== "") {
    d = /^\d+$/.test(value) ? new Date(Number(value) < 1e12 ? Number(value) * 1000 : Number(value)) : new Date(value);
  }
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

/** The record inside a get/create/update response, per `recordPath`. */
export function recordFromResponse(template: CustomRestTemplate, body: unknown): unknown {
  return getPath(body, template.recordPath);
}

/** The records inside a list/search response, per `listPath`. */
export function recordsFromListResponse(template: CustomRestTemplate, body: unknown): unknown[] | null {
  const list = getPath(body, template.listPath);
  return Array.isArray(list) ? list : null;
}

function flattenInto(out: FieldMap, value: unknown, prefix: string): void {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    // an empty object stays a value (a custom-field bag with nothing in it)
    if (entries.length === 0 && prefix) out[prefix] = {};
    for (const [k, v] of entries) flattenInto(out, v, prefix ? `${prefix}.${k}` : k);
    return;
  }
  if (prefix) out[prefix] = toFieldValue(value);
}

const templatePaths = (t: CustomRestTemplate) => Object.values(t.fields).filter((p): p is string => typeof p === "string");

/** A record as a raw record; throws when it has no id at `idField`. */
export function customRestToRaw(template: CustomRestTemplate, record: unknown): RawRecord {
  const rawId = getPath(record, template.idField);
  if (!(typeof rawId === "string" && rawId.trim() !== "") && typeof rawId !== "number") throw new Error(`the record has no id at "${template.idField}"`);
  const fields: FieldMap = {};
  flattenInto(fields, record, "");
  for (const path of templatePaths(template)) if (!(path in fields) && path !== template.fields.customFields) fields[path] = toFieldValue(getPath(record, path));
  const remoteUpdatedAt = template.updatedAtField ? toIso(getPath(record, template.updatedAtField)) : null;
  return { externalId: String(rawId), remoteUpdatedAt, fields };
}

/** A raw field map -> the create/update body: each key set at its path; the id and updated-at are not written. */
export function fieldsToCustomRest(template: CustomRestTemplate, fields: FieldMap): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(fields)) {
    if (path === template.idField || path === template.updatedAtField) continue;
    // no tags is an empty list: a REST API that takes an array of tags refuses null
    setPath(record, path, path === template.fields.tags && value === null ? [] : value);
  }
  if (!template.requestBodyPath) return record;
  const wrapped: Record<string, unknown> = {};
  setPath(wrapped, template.requestBodyPath, record);
  return wrapped;
}

// ---------------------------------------------------------------------------------------------------
// Field descriptions, default mapping, capabilities: all from the template

const HUB_TYPES: Record<string, FieldType> = { email: "email", phone: "phone", subscribed: "boolean", tags: "multi_enum", owner: "string", leadStatus: "enum" };
const LABELS: Record<string, string> = {
  firstName: "First name", lastName: "Last name", email: "E-mail", phone: "Phone", company: "Company", leadStatus: "Lead status",
  owner: "Owner", tags: "Tags", subscribed: "Marketing consent", source: "Source",
};

function typeOf(v: FieldValue | undefined): FieldType {
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "boolean";
  if (Array.isArray(v) || (v !== null && typeof v === "object")) return "json";
  return "string";
}

/**
 * The fields of this CRM: the template's mapped paths (typed by the hub field they hold), the id and
 * updated-at (read only), and every other path seen in `samples` (records from the list endpoint); paths
 * under the template's custom-fields object are custom.
 */
export function customRestFieldDescriptions(template: CustomRestTemplate, samples: readonly RawRecord[]): FieldDescription[] {
  const out = new Map<string, FieldDescription>();
  const customPrefix = template.fields.customFields ? `${template.fields.customFields}.` : null;
  const add = (d: FieldDescription) => {
    if (!out.has(d.key)) out.set(d.key, d);
  };
  add({ key: template.idField, label: "Id", type: "string", required: false, readOnly: true, custom: false });
  if (template.updatedAtField) add({ key: template.updatedAtField, label: "Updated at", type: "datetime", required: false, readOnly: true, custom: false });
  const statusOptions = Object.keys(template.leadStatusMap ?? {}).map((v) => ({ value: v, label: v }));
  for (const [hub, path] of Object.entries(template.fields)) {
    if (hub === "customFields" || typeof path !== "string") continue;
    add({
      key: path, label: LABELS[hub] ?? hub, type: HUB_TYPES[hub] ?? "string", required: hub === "email", readOnly: false, custom: false,
      ...(hub === "leadStatus" && statusOptions.length ? { options: statusOptions } : {}),
    });
  }
  for (const record of samples) {
    for (const [key, value] of Object.entries(record.fields)) {
      const custom = customPrefix !== null && key.startsWith(customPrefix);
      add({ key, label: custom ? key.slice(customPrefix.length) : key, type: typeOf(value), required: false, readOnly: false, custom });
    }
  }
  return [...out.values()];
}

function invert(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [remote, hub] of Object.entries(map)) if (!(hub in out)) out[hub] = remote;
  return out;
}

const TRANSFORMS: Partial<Record<string, readonly Transform[]>> = {
  email: [{ kind: "trim" }, { kind: "lowercase" }],
  phone: [{ kind: "phoneE164" }],
};

export function customRestMapping(template: CustomRestTemplate): DefaultMapping {
  const rules: FieldMappingRule[] = [];
  for (const [hub, path] of Object.entries(template.fields)) {
    if (hub === "customFields" || typeof path !== "string") continue;
    const transforms: readonly Transform[] | undefined =
      hub === "leadStatus" && template.leadStatusMap
        ? [{ kind: "valueMap", push: invert(template.leadStatusMap), pull: template.leadStatusMap, unmapped: "keep" }]
        : TRANSFORMS[hub];
    rules.push({ hubField: hub as FieldMappingRule["hubField"], providerField: path, direction: "both", ...(transforms ? { transforms } : {}), conflictPolicy: "last_writer_wins" });
  }
  return { hubObject: "contacts", rules, ...(template.fields.customFields ? { customFields: { direction: "both", conflictPolicy: "last_writer_wins" } } : {}) };
}

/** A page size the template allows ("none": the whole list is one page). */
export const NO_PAGING_PAGE = 10_000;
export const pageSizeOf = (t: CustomRestTemplate): number => (t.pagination.style === "none" ? NO_PAGING_PAGE : t.pagination.pageSize);

/** What a connection with this template can do: delete and listChanged only when the template has them. */
export function customRestObjects(template: CustomRestTemplate): ObjectSpec[] {
  const maxPageSize = pageSizeOf(template);
  const incremental = Boolean(template.modifiedSince && template.updatedAtField);
  const limitations = [
    "No upsert in a generic REST API: Switchboard searches by e-mail, then creates or updates.",
    "Deletions are not reported by a REST listing; a webhook with a delete event reports them when the template has one.",
    ...(incremental ? [] : ["The template has no modified-since parameter: every pull reads the whole list."]),
    ...(template.endpoints.delete ? [] : ["The template has no delete endpoint: Switchboard cannot delete records here."]),
  ];
  return [
    {
      name: "contacts",
      hubObject: "contacts",
      label: "Contacts",
      capabilities: {
        get: true,
        listAll: { maxPageSize },
        ...(incremental ? { listChanged: { maxPageSize, deletions: template.webhook?.eventTypes.deleted.length ? "webhook" : "none" } as const } : {}),
        create: {},
        update: {},
        upsert: { matchKey: template.fields.email ?? "email", atomic: false },
        ...(template.endpoints.delete ? { delete: {} } : {}),
        describeFields: true,
      },
      defaultMapping: customRestMapping(template),
      limitations,
    },
  ];
}
