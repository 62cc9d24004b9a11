// Remote JSON <-> hub contact for a Custom REST CRM, driven by the template's field paths.
import { z } from "zod";
import { normalizePhone } from "@/lib/records/normalize-phone";
import { leadStatusSchema, type HubContact, type LeadStatus, type RemoteContact } from "@/lib/records/hub-contact";
import { getPath, setPath } from "./json-path";
import type { CustomRestTemplate } from "./template";

type Scalar = string | number | boolean | null;

const asString = (v: unknown): string | null => {
  if (typeof v === "string") return v.trim() === "" ? null : v;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return null;
};

/** Any of ISO 8601, unix seconds or unix milliseconds -> ISO 8601 UTC. */
export function toIso(value: unknown): string | null {
  let d: Date | null = null;
  if (typeof value === "number") d = new Date(value < 1e12 ? value * 1000 : value);
  else if (typeof value === "string" && value.trim() !== "") {
    d = /^\d+$/.test(value) ? new Date(Number(value) < 1e12 ? Number(value) * 1000 : Number(value)) : new Date(value);
  }
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

function toBool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === 1 || v === "1" || v === "yes") return true;
  if (v === "false" || v === 0 || v === "0" || v === "no") return false;
  return null;
}

function toLeadStatus(v: unknown, map: CustomRestTemplate["leadStatusMap"]): LeadStatus | null {
  const s = asString(v);
  if (s === null) return null;
  const mapped = map?.[s];
  if (mapped) return mapped;
  const direct = leadStatusSchema.safeParse(s.toLowerCase());
  return direct.success ? direct.data : null;
}

function fromLeadStatus(status: LeadStatus, map: CustomRestTemplate["leadStatusMap"]): string {
  const entry = Object.entries(map ?? {}).find(([, hub]) => hub === status);
  return entry ? entry[0] : status;
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

export function fromCustomRest(template: CustomRestTemplate, record: unknown): RemoteContact {
  const f = template.fields;
  const id = asString(getPath(record, template.idField));
  if (id === null) throw new Error(`the record has no id at "${template.idField}"`);
  const fields: HubContact = {};
  const read = (path: string | undefined) => (path === undefined ? undefined : getPath(record, path));
  if (f.firstName) fields.firstName = asString(read(f.firstName));
  if (f.lastName) fields.lastName = asString(read(f.lastName));
  if (f.email) {
    const email = asString(read(f.email))?.toLowerCase() ?? null;
    fields.email = email && z.email().safeParse(email).success ? email : null;
  }
  if (f.phone) fields.phone = normalizePhone(read(f.phone));
  if (f.company) fields.company = asString(read(f.company));
  if (f.leadStatus) fields.leadStatus = toLeadStatus(read(f.leadStatus), template.leadStatusMap);
  if (f.owner) fields.owner = asString(read(f.owner));
  if (f.subscribed) fields.subscribed = toBool(read(f.subscribed));
  if (f.source) fields.source = asString(read(f.source));
  if (f.tags) {
    const tags = read(f.tags);
    if (Array.isArray(tags)) fields.tags = tags.map(asString).filter((t): t is string => t !== null);
    else if (typeof tags === "string") fields.tags = tags.split(",").map((t) => t.trim()).filter(Boolean);
    else fields.tags = [];
  }
  if (f.customFields) {
    const custom = read(f.customFields);
    const out: Record<string, Scalar> = {};
    if (custom && typeof custom === "object" && !Array.isArray(custom)) {
      for (const [k, v] of Object.entries(custom)) {
        if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
      }
    }
    fields.customFields = out;
  }
  const remoteUpdatedAt = template.updatedAtField ? toIso(getPath(record, template.updatedAtField)) : null;
  return { externalId: id, remoteUpdatedAt, fields, raw: record };
}

/** Hub -> remote JSON body. Only hub fields present and mapped are written. */
export function toCustomRest(template: CustomRestTemplate, hub: HubContact): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const f = template.fields;
  const write = (path: string | undefined, value: unknown) => {
    if (path !== undefined && value !== undefined) setPath(record, path, value);
  };
  write(f.firstName, hub.firstName);
  write(f.lastName, hub.lastName);
  write(f.email, hub.email);
  write(f.phone, hub.phone);
  write(f.company, hub.company);
  if (hub.leadStatus !== undefined) write(f.leadStatus, hub.leadStatus === null ? null : fromLeadStatus(hub.leadStatus, template.leadStatusMap));
  write(f.owner, hub.owner);
  write(f.tags, hub.tags);
  write(f.subscribed, hub.subscribed);
  write(f.source, hub.source);
  if (hub.customFields && f.customFields) {
    // keys are set on the object itself, so a key holding a dot is not read as a path
    const bag: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(hub.customFields)) bag[k] = v;
    setPath(record, f.customFields, bag);
  }
  if (!template.requestBodyPath) return record;
  const wrapped: Record<string, unknown> = {};
  setPath(wrapped, template.requestBodyPath, record);
  return wrapped;
}
