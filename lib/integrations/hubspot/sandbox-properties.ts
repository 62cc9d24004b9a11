// The HubSpot sandbox's contact properties (GET / POST /crm/v3/properties/contacts): HubSpot's standard
// contact properties with their real types, and the portal's custom properties, kept in the account's
// settings (`customPropertyDefs`; the older `customProperties` name list still counts). Sandbox only.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { accountSetting, updateSandboxSettings } from "@/lib/integrations/sandbox/accounts";
import type { SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";
import { json } from "@/lib/integrations/sandbox/serve-api";

export const LIFECYCLE_STAGES = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"] as const;
export const LEAD_STATUSES = ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"] as const;
export const OWNER_IDS = ["51234567", "51234568", "51234569", "51234570"] as const;
/** Custom contact properties every sandbox portal starts with. */
export const DEFAULT_CUSTOM_PROPERTIES = ["favorite_product", "switchboard_notes"];

export type PropertyDef = {
  name: string;
  label: string;
  type: "string" | "number" | "date" | "datetime" | "enumeration" | "bool";
  fieldType: string;
  options?: readonly { label: string; value: string }[];
  readOnly?: boolean;
  groupName?: string;
};

const opts = (values: readonly string[]) => values.map((v) => ({ label: v.replace(/_/g, " ").toLowerCase().replace(/^./, (c) => c.toUpperCase()), value: v }));

export const STANDARD_PROPERTY_DEFS: readonly PropertyDef[] = [
  { name: "email", label: "Email", type: "string", fieldType: "text" },
  { name: "firstname", label: "First Name", type: "string", fieldType: "text" },
  { name: "lastname", label: "Last Name", type: "string", fieldType: "text" },
  { name: "phone", label: "Phone Number", type: "string", fieldType: "phonenumber" },
  { name: "mobilephone", label: "Mobile Phone Number", type: "string", fieldType: "phonenumber" },
  { name: "company", label: "Company Name", type: "string", fieldType: "text" },
  { name: "jobtitle", label: "Job Title", type: "string", fieldType: "text" },
  { name: "website", label: "Website URL", type: "string", fieldType: "text" },
  { name: "address", label: "Street Address", type: "string", fieldType: "text" },
  { name: "city", label: "City", type: "string", fieldType: "text" },
  { name: "state", label: "State/Region", type: "string", fieldType: "text" },
  { name: "zip", label: "Postal Code", type: "string", fieldType: "text" },
  { name: "country", label: "Country/Region", type: "string", fieldType: "text" },
  { name: "lifecyclestage", label: "Lifecycle Stage", type: "enumeration", fieldType: "radio", options: opts(LIFECYCLE_STAGES) },
  { name: "hs_lead_status", label: "Lead Status", type: "enumeration", fieldType: "radio", options: opts(LEAD_STATUSES) },
  { name: "hubspot_owner_id", label: "Contact owner", type: "enumeration", fieldType: "select", options: OWNER_IDS.map((id) => ({ label: `Owner ${id}`, value: id })) },
  { name: "hs_email_optout", label: "Unsubscribed from all email", type: "enumeration", fieldType: "booleancheckbox", options: [{ label: "Yes", value: "true" }, { label: "No", value: "false" }], readOnly: true },
  { name: "hs_analytics_source", label: "Original Traffic Source", type: "enumeration", fieldType: "select", options: opts(["ORGANIC_SEARCH", "DIRECT_TRAFFIC", "PAID_SEARCH", "REFERRALS", "OFFLINE"]), readOnly: true },
  { name: "createdate", label: "Create Date", type: "datetime", fieldType: "date", readOnly: true },
  { name: "lastmodifieddate", label: "Last Modified Date", type: "datetime", fieldType: "date", readOnly: true },
  { name: "hs_object_id", label: "Record ID", type: "number", fieldType: "number", readOnly: true },
];

export function customPropertyDefs(account: SandboxAccount): PropertyDef[] {
  const defs = accountSetting<PropertyDef[]>(account, "customPropertyDefs", []);
  const names = accountSetting<string[]>(account, "customProperties", DEFAULT_CUSTOM_PROPERTIES);
  const byName = new Map(defs.map((d) => [d.name, d]));
  for (const name of names) if (!byName.has(name)) byName.set(name, { name, label: name.replace(/_/g, " "), type: "string", fieldType: "text" });
  return [...byName.values()];
}

export function allPropertyDefs(account: SandboxAccount): PropertyDef[] {
  return [...STANDARD_PROPERTY_DEFS, ...customPropertyDefs(account)];
}

/** A property as the properties API returns it. */
function toApi(d: PropertyDef, custom: boolean) {
  const iso = "2020-01-01T00:00:00.000Z";
  return {
    updatedAt: iso,
    createdAt: iso,
    name: d.name,
    label: d.label,
    type: d.type,
    fieldType: d.fieldType,
    description: "",
    groupName: d.groupName ?? "contactinformation",
    options: (d.options ?? []).map((o, i) => ({ ...o, displayOrder: i, hidden: false })),
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: d.name === "email",
    hidden: false,
    hubspotDefined: !custom,
    modificationMetadata: { archivable: custom, readOnlyDefinition: !custom, readOnlyValue: d.readOnly === true },
    formField: !d.readOnly,
  };
}

const err = (status: number, message: string, category: string) => json({ status: "error", message, correlationId: randomUUID(), category }, status);

export function listProperties(account: SandboxAccount): Response {
  const custom = new Set(customPropertyDefs(account).map((d) => d.name));
  return json({ results: allPropertyDefs(account).map((d) => toApi(d, custom.has(d.name))) });
}

const TYPES: Record<string, readonly string[]> = {
  string: ["text", "textarea", "phonenumber", "html", "file"],
  number: ["number", "calculation_equation"],
  date: ["date"],
  datetime: ["date"],
  enumeration: ["select", "radio", "checkbox", "booleancheckbox", "calculation_equation"],
  bool: ["booleancheckbox"],
};

const createSchema = z.object({
  name: z.string(),
  label: z.string().min(1),
  type: z.enum(["string", "number", "date", "datetime", "enumeration", "bool"]),
  fieldType: z.string(),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(z.object({ label: z.string(), value: z.string(), displayOrder: z.number().optional(), hidden: z.boolean().optional() })).default([]),
});

export async function createProperty(account: SandboxAccount, body: unknown): Promise<Response> {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success) return err(400, `Invalid input JSON on line 1: ${parsed.error.issues[0]?.path.join(".") ?? "body"} ${parsed.error.issues[0]?.message ?? ""}`.trim(), "VALIDATION_ERROR");
  const p = parsed.data;
  if (!/^[a-z][a-z0-9_]*$/.test(p.name)) return err(400, `Property name '${p.name}' is invalid: use lower-case letters, digits and underscores`, "VALIDATION_ERROR");
  if (!TYPES[p.type]?.includes(p.fieldType)) return err(400, `fieldType ${p.fieldType} is not valid for type ${p.type}`, "VALIDATION_ERROR");
  if (p.type === "enumeration" && p.options.length === 0) return err(400, "Enumeration properties need at least one option", "VALIDATION_ERROR");
  if (allPropertyDefs(account).some((d) => d.name === p.name)) return err(409, `A property named '${p.name}' already exists.`, "OBJECT_ALREADY_EXISTS");
  const def: PropertyDef = { name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, groupName: p.groupName, ...(p.options.length ? { options: p.options.map((o) => ({ label: o.label, value: o.value })) } : {}) };
  await updateSandboxSettings(account.id, { customPropertyDefs: [...accountSetting<PropertyDef[]>(account, "customPropertyDefs", []), def] });
  return json(toApi(def, true), 201);
}
