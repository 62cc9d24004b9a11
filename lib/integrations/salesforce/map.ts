// Salesforce Lead / Contact sObjects (flat fields, custom fields end in __c) <-> the hub's canonical contact.
import { z } from "zod";
import type { HubContact, LeadStatus, RemoteContact } from "@/lib/records/hub-contact";

export type SalesforceObject = "Lead" | "Contact";

export const salesforceRecordSchema = z
  .object({
    attributes: z.object({ type: z.string(), url: z.string().optional() }).optional(),
    Id: z.string(),
    SystemModstamp: z.string().nullable().optional(),
  })
  .catchall(z.unknown());
export type SalesforceRecord = z.infer<typeof salesforceRecordSchema>;

/** Fields Switchboard selects, per object. */
export const SALESFORCE_FIELDS: Record<SalesforceObject, readonly string[]> = {
  Lead: ["Id", "FirstName", "LastName", "Email", "Phone", "MobilePhone", "Company", "Status", "OwnerId", "LeadSource", "HasOptedOutOfEmail", "CreatedDate", "LastModifiedDate", "SystemModstamp"],
  Contact: ["Id", "FirstName", "LastName", "Email", "Phone", "MobilePhone", "AccountId", "OwnerId", "LeadSource", "HasOptedOutOfEmail", "CreatedDate", "LastModifiedDate", "SystemModstamp"],
};

/** The standard Lead Status picklist of a new org. */
export const LEAD_STATUS_VALUES = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"] as const;

const STATUS_FROM_SF: Record<string, LeadStatus> = {
  "Open - Not Contacted": "open",
  "Working - Contacted": "in_progress",
  "Closed - Converted": "won",
  "Closed - Not Converted": "lost",
};

const STATUS_TO_SF: Record<LeadStatus, string> = {
  new: "Open - Not Contacted",
  open: "Open - Not Contacted",
  in_progress: "Working - Contacted",
  qualified: "Working - Contacted",
  unqualified: "Closed - Not Converted",
  won: "Closed - Converted",
  lost: "Closed - Not Converted",
};

/** Placeholder Salesforce needs for required fields the hub does not have (Lead.Company, LastName). */
export const NOT_PROVIDED = "[not provided]";

/** "2024-06-01T12:00:00.000+0000" -> ISO 8601 (Z). */
export function salesforceDateToIso(v: unknown): string | null {
  if (typeof v !== "string" || !v) return null;
  const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** ISO -> a SOQL datetime literal (unquoted, UTC). */
export function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

export function salesforceFieldsToHub(rec: Record<string, unknown>, object: SalesforceObject): HubContact {
  const out: HubContact = {};
  const has = (k: string) => k in rec;
  if (has("FirstName")) out.firstName = str(rec.FirstName);
  if (has("LastName")) out.lastName = str(rec.LastName) === NOT_PROVIDED ? null : str(rec.LastName);
  if (has("Email")) out.email = str(rec.Email)?.toLowerCase() ?? null;
  if (has("Phone") || has("MobilePhone")) out.phone = str(rec.Phone) ?? str(rec.MobilePhone);
  if (object === "Lead" && has("Company")) out.company = str(rec.Company) === NOT_PROVIDED ? null : str(rec.Company);
  if (object === "Contact" && rec.Account && typeof rec.Account === "object") out.company = str((rec.Account as Record<string, unknown>).Name);
  if (object === "Lead" && has("Status")) out.leadStatus = STATUS_FROM_SF[String(rec.Status)] ?? null;
  if (has("OwnerId")) out.owner = str(rec.OwnerId);
  if (has("LeadSource")) out.source = str(rec.LeadSource);
  if (has("HasOptedOutOfEmail")) out.subscribed = rec.HasOptedOutOfEmail === null || rec.HasOptedOutOfEmail === undefined ? null : rec.HasOptedOutOfEmail !== true && rec.HasOptedOutOfEmail !== "true";
  const custom: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (k.endsWith("__c")) custom[k] = v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : JSON.stringify(v);
  }
  if (Object.keys(custom).length) out.customFields = custom;
  return out;
}

export function salesforceToRemote(rec: SalesforceRecord, object: SalesforceObject): RemoteContact {
  return {
    externalId: rec.Id,
    remoteUpdatedAt: salesforceDateToIso(rec.SystemModstamp ?? rec.LastModifiedDate),
    fields: salesforceFieldsToHub(rec, object),
    raw: rec,
  };
}

/**
 * Fields to write. Only fields present in `fields` are written (null clears). On create, Lead needs
 * LastName and Company and Contact needs LastName: a placeholder fills them when the hub has none.
 * Contact.company is an Account lookup and is not written.
 */
export function hubToSalesforceFields(fields: HubContact, object: SalesforceObject, mode: "create" | "update"): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined) out[k] = v;
  };
  set("FirstName", fields.firstName);
  set("LastName", fields.lastName);
  set("Email", fields.email === undefined ? undefined : (fields.email?.toLowerCase() ?? null));
  set("Phone", fields.phone);
  if (object === "Lead") set("Company", fields.company);
  if (object === "Lead" && fields.leadStatus !== undefined && fields.leadStatus !== null) set("Status", STATUS_TO_SF[fields.leadStatus]);
  set("OwnerId", fields.owner);
  set("LeadSource", fields.source);
  if (fields.subscribed !== undefined && fields.subscribed !== null) set("HasOptedOutOfEmail", !fields.subscribed);
  for (const [k, v] of Object.entries(fields.customFields ?? {})) if (k.endsWith("__c")) out[k] = v;
  if (mode === "create") {
    if (!out.LastName) out.LastName = NOT_PROVIDED;
    if (object === "Lead" && !out.Company) out.Company = NOT_PROVIDED;
  }
  return out;
}
