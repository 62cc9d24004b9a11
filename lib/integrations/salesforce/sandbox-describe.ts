// The Salesforce sandbox org's field metadata for Lead and Contact (what /sobjects/<type>/describe
// returns, trimmed to the keys integrations read), including the org's custom fields (account setting
// `customFields`: [{ name, label, type }], default Favorite_Product__c and Score__c). Sandbox only.
import { accountSetting } from "@/lib/integrations/sandbox/accounts";
import type { SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";
import { LEAD_STATUS_VALUES } from "@/lib/integrations/salesforce/map";

export const SF_OBJECTS = ["Lead", "Contact"] as const;
export type SfObject = (typeof SF_OBJECTS)[number];

export const LEAD_SOURCES = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"] as const;

type FieldMeta = { name: string; label: string; type: string; nillable?: boolean; createable?: boolean; updateable?: boolean; defaultedOnCreate?: boolean; picklist?: readonly string[] };
export type CustomFieldDef = { name: string; label: string; type: "string" | "double" | "boolean" | "date" | "picklist"; picklist?: readonly string[] };

const SYSTEM = { createable: false, updateable: false, nillable: false, defaultedOnCreate: true };

const COMMON: FieldMeta[] = [
  { name: "Id", label: "Record ID", type: "id", ...SYSTEM },
  { name: "FirstName", label: "First Name", type: "string" },
  { name: "LastName", label: "Last Name", type: "string", nillable: false },
  { name: "Name", label: "Full Name", type: "string", ...SYSTEM },
  { name: "Email", label: "Email", type: "email" },
  { name: "Phone", label: "Phone", type: "phone" },
  { name: "MobilePhone", label: "Mobile Phone", type: "phone" },
  { name: "Title", label: "Title", type: "string" },
  { name: "OwnerId", label: "Owner ID", type: "reference", nillable: false, defaultedOnCreate: true },
  { name: "LeadSource", label: "Lead Source", type: "picklist", picklist: LEAD_SOURCES },
  { name: "HasOptedOutOfEmail", label: "Email Opt Out", type: "boolean", nillable: false, defaultedOnCreate: true },
  { name: "City", label: "City", type: "string" },
  { name: "State", label: "State/Province", type: "string" },
  { name: "Country", label: "Country", type: "string" },
  { name: "CreatedDate", label: "Created Date", type: "datetime", ...SYSTEM },
  { name: "LastModifiedDate", label: "Last Modified Date", type: "datetime", ...SYSTEM },
  { name: "SystemModstamp", label: "System Modstamp", type: "datetime", ...SYSTEM },
  { name: "IsDeleted", label: "Deleted", type: "boolean", ...SYSTEM },
];

const STANDARD: Record<SfObject, FieldMeta[]> = {
  Lead: [
    ...COMMON,
    { name: "Company", label: "Company", type: "string", nillable: false },
    { name: "Status", label: "Lead Status", type: "picklist", nillable: false, defaultedOnCreate: true, picklist: LEAD_STATUS_VALUES },
    { name: "Industry", label: "Industry", type: "picklist", picklist: ["Agriculture", "Education", "Finance", "Technology", "Other"] },
    { name: "Rating", label: "Rating", type: "picklist", picklist: ["Hot", "Warm", "Cold"] },
    { name: "Website", label: "Website", type: "url" },
  ],
  Contact: [...COMMON, { name: "AccountId", label: "Account ID", type: "reference" }, { name: "Department", label: "Department", type: "string" }],
};

export const DEFAULT_CUSTOM_FIELDS: readonly CustomFieldDef[] = [
  { name: "Favorite_Product__c", label: "Favorite Product", type: "string" },
  { name: "Score__c", label: "Score", type: "double" },
];

export function customFields(account: SandboxAccount): readonly CustomFieldDef[] {
  return accountSetting<CustomFieldDef[]>(account, "customFields", [...DEFAULT_CUSTOM_FIELDS]);
}

/** Every field name of the object in this org (standard + custom). */
export function fieldNames(account: SandboxAccount, object: SfObject): Set<string> {
  return new Set([...STANDARD[object].map((f) => f.name), ...customFields(account).map((f) => f.name)]);
}

export const SYSTEM_FIELD_NAMES = new Set(STANDARD.Lead.filter((f) => f.createable === false).map((f) => f.name));

function describeField(f: FieldMeta, custom: boolean) {
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    custom,
    nillable: f.nillable ?? true,
    createable: f.createable ?? true,
    updateable: f.updateable ?? true,
    defaultedOnCreate: f.defaultedOnCreate ?? false,
    length: f.type === "string" || f.type === "email" || f.type === "phone" || f.type === "url" ? 255 : 0,
    picklistValues: (f.picklist ?? []).map((v, i) => ({ active: true, defaultValue: f.name === "Status" && i === 0, label: v, validFor: null, value: v })),
    soapType: f.type === "double" ? "xsd:double" : f.type === "boolean" ? "xsd:boolean" : f.type === "datetime" ? "xsd:dateTime" : f.type === "id" || f.type === "reference" ? "tns:ID" : "xsd:string",
  };
}

/** The describe body (a subset of DescribeSObjectResult). */
export function describe(account: SandboxAccount, object: SfObject, version: string) {
  return {
    name: object,
    label: object,
    labelPlural: object === "Lead" ? "Leads" : "Contacts",
    keyPrefix: object === "Lead" ? "00Q" : "003",
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    replicateable: true,
    urls: { sobject: `/services/data/${version}/sobjects/${object}`, describe: `/services/data/${version}/sobjects/${object}/describe` },
    fields: [...STANDARD[object].map((f) => describeField(f, false)), ...customFields(account).map((f) => describeField(f, true))],
  };
}
