// Contacts (and leads: a contact with a lead status).
import { z } from "zod";
import { normalizePhone } from "@/lib/records/normalize-phone";
import { deriveTimezone } from "@/lib/records/derive-timezone";
import { bool, email, enumOf, tags, text } from "@/lib/records/field-schemas";
import { enumOptions, stringField as str, type RecordObjectDefinition } from "@/lib/records/record-object-definition";
import { emailTerms, phoneTerms, uniqueTerms, wordsOf } from "@/lib/records/search-terms";
import { leadStatuses } from "@/lib/records/hub-contact";

const LEAD_STATUS_LABELS = {
  new: "New", open: "Open", in_progress: "In progress", qualified: "Qualified", unqualified: "Unqualified", won: "Won", lost: "Lost",
} as const;

export const contactObject: RecordObjectDefinition = {
  object: "contact",
  label: "Contact",
  plural: "Contacts",
  path: "contacts",
  listFields: ["email", "phone", "company", "leadStatus", "subscribed"],
  fieldSchemas: {
    firstName: text(200),
    lastName: text(200),
    email: email(),
    phone: z.preprocess((v) => (v === null || v === undefined ? null : normalizePhone(v)), z.string().max(64).nullable()),
    company: text(300),
    leadStatus: enumOf(leadStatuses),
    owner: text(200),
    tags: tags(),
    subscribed: bool(),
    source: text(200),
    country: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() || null : v), z.string().regex(/^[A-Z]{2}$/, "Use a 2-letter country code").nullable()),
    region: text(100),
    postalCode: text(20),
    timezone: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.string().refine(isTimeZone, "Unknown time zone").nullable()),
  },
  fields: [
    { key: "firstName", label: "First name", kind: "text", editable: true },
    { key: "lastName", label: "Last name", kind: "text", editable: true },
    { key: "email", label: "E-mail", kind: "email", editable: true },
    { key: "phone", label: "Phone", kind: "phone", editable: true },
    { key: "company", label: "Company", kind: "text", editable: true },
    { key: "leadStatus", label: "Lead status", kind: "enum", options: enumOptions(leadStatuses, LEAD_STATUS_LABELS), editable: true },
    { key: "owner", label: "Owner", kind: "text", editable: true },
    { key: "tags", label: "Tags", kind: "tags", editable: true },
    { key: "subscribed", label: "Marketing consent", kind: "boolean", editable: true, consent: true },
    { key: "source", label: "Source", kind: "text", editable: true },
    { key: "country", label: "Country (ISO code)", kind: "text", editable: true },
    { key: "region", label: "Region / state", kind: "text", editable: true },
    { key: "postalCode", label: "Postal code", kind: "text", editable: true },
    { key: "timezone", label: "Time zone", kind: "text", editable: true },
  ],
  statusField: "leadStatus",
  derivedKeys: ["timezone"],
  derive(data) {
    if (str(data, "timezone")) return {};
    const zone = deriveTimezone({ country: str(data, "country"), region: str(data, "region"), postalCode: str(data, "postalCode") });
    return zone ? { timezone: zone } : {};
  },
  columns(data) {
    const name = [str(data, "firstName"), str(data, "lastName")].filter(Boolean).join(" ");
    const mail = str(data, "email");
    const phone = str(data, "phone");
    return {
      title: name || mail || phone || "Unnamed contact",
      emailKey: mail?.toLowerCase() ?? null,
      phoneKey: phone && phone.startsWith("+") ? phone : null,
      numberKey: null,
      statusKey: str(data, "leadStatus"),
      terms: uniqueTerms(wordsOf(name), emailTerms(mail), phoneTerms(phone), wordsOf(str(data, "company"))),
    };
  },
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
