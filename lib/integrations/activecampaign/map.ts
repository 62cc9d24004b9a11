// ActiveCampaign v3 contact <-> hub contact. AC keeps tags, custom field values and list
// memberships outside the contact object, so the mapper takes them alongside it.
import { z } from "zod";
import { normalizePhone } from "@/lib/records/normalize-phone";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";

const str = z.string().nullable().optional();

/** A contact as `GET /contacts/{id}` and `GET /contacts` return it (ids are strings throughout). */
export const acContactSchema = z.looseObject({
  id: z.coerce.string(),
  email: str,
  firstName: str,
  lastName: str,
  phone: str,
  orgid: z.coerce.string().nullable().optional(),
  orgname: str,
  cdate: str,
  udate: str,
  deleted: z.coerce.string().nullable().optional(),
});
export type AcContact = z.infer<typeof acContactSchema>;

export const acFieldValueSchema = z.looseObject({
  id: z.coerce.string().optional(),
  contact: z.coerce.string().optional(),
  field: z.coerce.string(),
  value: z.string().nullable(),
});
export type AcFieldValue = z.infer<typeof acFieldValueSchema>;

/** A custom field definition from `GET /fields`. */
export const acFieldSchema = z.looseObject({
  id: z.coerce.string(),
  title: z.string(),
  perstag: z.string().nullable().optional(),
  type: z.string().optional(),
});
export type AcField = z.infer<typeof acFieldSchema>;

export const acContactListSchema = z.looseObject({
  list: z.coerce.string(),
  contact: z.coerce.string().optional(),
  /** "1" = subscribed (active), "2" = unsubscribed */
  status: z.coerce.string(),
});
export type AcContactList = z.infer<typeof acContactListSchema>;

/** The request body of `POST /contacts`, `POST /contact/sync` and `PUT /contacts/{id}`. */
export type AcContactWrite = {
  contact: {
    email?: string;
    firstName?: string;
    lastName?: string;
    phone?: string;
    fieldValues?: { field: string; value: string }[];
  };
};

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === "" ? null : v);

/** AC dates carry the account's offset ("2024-06-01T12:00:00-05:00"); the hub wants UTC ISO. */
export function acDateToIso(raw: string | null | undefined): string | null {
  const v = blankToNull(raw);
  if (v === null) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The key a custom field gets in the hub: its personalisation tag when known, else its id. */
export function customFieldKey(fieldId: string, defs: readonly AcField[]): string {
  const def = defs.find((f) => f.id === fieldId);
  return def?.perstag ? def.perstag : fieldId;
}

/** Resolve a hub custom-field key (perstag, title or id, case-insensitive) to an AC field id. */
export function resolveFieldId(key: string, defs: readonly AcField[]): string | null {
  const k = key.toLowerCase();
  const def =
    defs.find((f) => f.id === key) ??
    defs.find((f) => f.perstag?.toLowerCase() === k) ??
    defs.find((f) => f.title.toLowerCase() === k);
  return def ? def.id : null;
}

/** Subscribed when any list membership is active; unsubscribed when every one is; unknown without lists. */
export function subscribedFromLists(lists: readonly AcContactList[]): boolean | null {
  if (lists.length === 0) return null;
  if (lists.some((l) => l.status === "1")) return true;
  if (lists.every((l) => l.status === "2")) return false;
  return null;
}

export type AcContactBundle = {
  contact: AcContact;
  fieldValues?: readonly AcFieldValue[];
  fieldDefs?: readonly AcField[];
  tags?: readonly string[];
  contactLists?: readonly AcContactList[];
};

export function fromActiveCampaign(bundle: AcContactBundle): RemoteContact {
  const { contact } = bundle;
  const fields: HubContact = {
    firstName: blankToNull(contact.firstName),
    lastName: blankToNull(contact.lastName),
    email: blankToNull(contact.email)?.toLowerCase() ?? null,
    phone: normalizePhone(contact.phone),
    company: blankToNull(contact.orgname),
  };
  if (bundle.tags) fields.tags = [...bundle.tags];
  if (bundle.fieldValues) {
    const defs = bundle.fieldDefs ?? [];
    const custom: Record<string, string | null> = {};
    for (const fv of bundle.fieldValues) custom[customFieldKey(fv.field, defs)] = fv.value;
    fields.customFields = custom;
  }
  if (bundle.contactLists) fields.subscribed = subscribedFromLists(bundle.contactLists);
  return {
    externalId: contact.id,
    remoteUpdatedAt: acDateToIso(contact.udate) ?? acDateToIso(contact.cdate),
    fields,
    raw: contact,
  };
}

export type AcWritePlan = {
  body: AcContactWrite;
  /** tag names to make sure the contact carries (AC applies tags through `/contactTags`) */
  tags: string[] | undefined;
  /** hub custom-field keys that match no AC field definition, so were not written */
  unknownFields: string[];
};

/**
 * Hub -> AC. Only fields present on the hub record are sent, so a partial push never blanks the rest.
 * Company, lead status, owner and source have no place on an AC v3 contact and are not written.
 */
export function toActiveCampaign(hub: HubContact, fieldDefs: readonly AcField[] = []): AcWritePlan {
  const contact: AcContactWrite["contact"] = {};
  if (hub.email !== undefined && hub.email !== null) contact.email = hub.email;
  if (hub.firstName !== undefined) contact.firstName = hub.firstName ?? "";
  if (hub.lastName !== undefined) contact.lastName = hub.lastName ?? "";
  if (hub.phone !== undefined) contact.phone = hub.phone ?? "";
  const unknownFields: string[] = [];
  if (hub.customFields) {
    // one value per AC field even when two hub keys name the same field
    const values = new Map<string, string>();
    for (const [key, value] of Object.entries(hub.customFields)) {
      const id = resolveFieldId(key, fieldDefs);
      if (id === null) unknownFields.push(key);
      else values.set(id, value === null ? "" : String(value));
    }
    if (values.size > 0) contact.fieldValues = [...values].map(([field, value]) => ({ field, value }));
  }
  return { body: { contact }, tags: hub.tags ? [...hub.tags] : undefined, unknownFields };
}
