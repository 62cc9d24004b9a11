// HubSpot contact (CRM v3 SimplePublicObject, every property a string) <-> the hub's canonical contact.
import { z } from "zod";
import type { HubContact, LeadStatus, RemoteContact } from "@/lib/records/hub-contact";

export const hubspotObjectSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
});
export type HubspotObject = z.infer<typeof hubspotObjectSchema>;

/** Properties that map to canonical fields or are HubSpot bookkeeping: never treated as custom fields. */
const STANDARD = new Set([
  "email", "firstname", "lastname", "phone", "mobilephone", "company", "hs_lead_status", "lifecyclestage",
  "hubspot_owner_id", "createdate", "lastmodifieddate", "hs_object_id", "hs_email_optout", "hs_analytics_source",
  "hs_tag", "jobtitle", "website", "address", "city", "state", "zip", "country",
]);

/** Properties Switchboard reads on every contact. */
export const HUBSPOT_CONTACT_PROPERTIES = [
  "email", "firstname", "lastname", "phone", "mobilephone", "company", "hs_lead_status", "lifecyclestage",
  "hubspot_owner_id", "hs_email_optout", "hs_analytics_source", "createdate", "lastmodifieddate", "hs_object_id",
] as const;

const LEAD_STATUS_FROM_HUBSPOT: Record<string, LeadStatus> = {
  NEW: "new",
  OPEN: "open",
  IN_PROGRESS: "in_progress",
  ATTEMPTED_TO_CONTACT: "in_progress",
  CONNECTED: "in_progress",
  OPEN_DEAL: "qualified",
  UNQUALIFIED: "unqualified",
  BAD_TIMING: "unqualified",
};

const LEAD_STATUS_TO_HUBSPOT: Partial<Record<LeadStatus, string>> = {
  new: "NEW",
  open: "OPEN",
  in_progress: "IN_PROGRESS",
  qualified: "OPEN_DEAL",
  unqualified: "UNQUALIFIED",
  lost: "UNQUALIFIED",
};

function clean(v: string | null | undefined): string | null {
  return v === undefined || v === null || v === "" ? null : v;
}

export function leadStatusFromHubspot(props: Record<string, string | null>): LeadStatus | null {
  const status = clean(props.hs_lead_status);
  if (status && LEAD_STATUS_FROM_HUBSPOT[status]) return LEAD_STATUS_FROM_HUBSPOT[status];
  if (clean(props.lifecyclestage) === "customer") return "won";
  return null;
}

/** Canonical fields from HubSpot properties (only the properties present). */
export function hubspotPropertiesToHub(props: Record<string, string | null>): HubContact {
  const out: HubContact = {};
  if ("email" in props) out.email = clean(props.email)?.toLowerCase() ?? null;
  if ("firstname" in props) out.firstName = clean(props.firstname);
  if ("lastname" in props) out.lastName = clean(props.lastname);
  if ("phone" in props || "mobilephone" in props) out.phone = clean(props.phone) ?? clean(props.mobilephone);
  if ("company" in props) out.company = clean(props.company);
  if ("hs_lead_status" in props || "lifecyclestage" in props) out.leadStatus = leadStatusFromHubspot(props);
  if ("hubspot_owner_id" in props) out.owner = clean(props.hubspot_owner_id);
  if ("hs_email_optout" in props) {
    const optout = clean(props.hs_email_optout);
    out.subscribed = optout === null ? null : optout !== "true";
  }
  if ("hs_analytics_source" in props) out.source = clean(props.hs_analytics_source);
  const custom: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(props)) {
    if (!STANDARD.has(k) && !k.startsWith("hs_")) custom[k] = clean(v);
  }
  if (Object.keys(custom).length) out.customFields = custom;
  return out;
}

export function hubspotToRemote(obj: HubspotObject): RemoteContact {
  return {
    externalId: obj.id,
    remoteUpdatedAt: clean(obj.properties.lastmodifieddate) ?? obj.updatedAt ?? null,
    fields: hubspotPropertiesToHub(obj.properties),
    raw: obj,
  };
}

/**
 * HubSpot properties to write for a hub contact. Only fields present in `fields` are written; null clears
 * a property (HubSpot clears on ""). Read-only properties (opt-out, analytics source) are never written;
 * consent goes through HubSpot's subscriptions API, which Switchboard does not manage.
 */
export function hubToHubspotProperties(fields: HubContact): Record<string, string> {
  const props: Record<string, string> = {};
  const set = (name: string, v: string | null | undefined) => {
    if (v !== undefined) props[name] = v ?? "";
  };
  set("email", fields.email === undefined ? undefined : (fields.email?.toLowerCase() ?? null));
  set("firstname", fields.firstName);
  set("lastname", fields.lastName);
  set("phone", fields.phone);
  set("company", fields.company);
  set("hubspot_owner_id", fields.owner);
  if (fields.leadStatus !== undefined) {
    if (fields.leadStatus === "won") props.lifecyclestage = "customer";
    else props.hs_lead_status = fields.leadStatus === null ? "" : (LEAD_STATUS_TO_HUBSPOT[fields.leadStatus] ?? "");
  }
  for (const [k, v] of Object.entries(fields.customFields ?? {})) {
    props[k] = v === null ? "" : String(v);
  }
  return props;
}
