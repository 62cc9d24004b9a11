// Loops.so contact <-> hub contact. Loops has no phone, company, owner, lead status or tags, and no
// "updated at"; custom contact properties sit at the top level of the contact object.
import { z } from "zod";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const loopsContactSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
    source: z.string().nullable().optional(),
    subscribed: z.boolean().nullable().optional(),
    userGroup: z.string().nullable().optional(),
    userId: z.string().nullable().optional(),
    mailingLists: z.record(z.string(), z.boolean()).nullable().optional(),
    optInStatus: z.enum(["accepted", "pending", "rejected"]).nullable().optional(),
  })
  .catchall(z.unknown());
export type LoopsContact = z.infer<typeof loopsContactSchema>;

/** Body of `POST /v1/contacts/create` and `PUT /v1/contacts/update`. */
export type LoopsContactWrite = {
  email?: string;
  userId?: string;
  firstName?: string | null;
  lastName?: string | null;
  source?: string;
  subscribed?: boolean;
  userGroup?: string;
  mailingLists?: Record<string, boolean>;
  [customProperty: string]: string | number | boolean | null | Record<string, boolean> | undefined;
};

/** Keys of the contact object that are Loops' own, not custom properties. */
export const standardKeys = new Set([
  "id",
  "email",
  "firstName",
  "lastName",
  "source",
  "subscribed",
  "userGroup",
  "userId",
  "mailingLists",
  "optInStatus",
]);

/** Loops rejects string values longer than this. */
export const MAX_STRING_LENGTH = 500;

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === "" ? null : v);

export function fromLoops(contact: LoopsContact): RemoteContact {
  const custom: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(contact)) {
    if (standardKeys.has(key)) continue;
    const v = scalar.safeParse(value);
    if (v.success) custom[key] = v.data;
  }
  // userGroup is Loops' one segmentation field; it travels as a custom field so mappings can use it
  if (blankToNull(contact.userGroup) !== null) custom.userGroup = contact.userGroup ?? null;
  const fields: HubContact = {
    firstName: blankToNull(contact.firstName),
    lastName: blankToNull(contact.lastName),
    email: contact.email.toLowerCase(),
    subscribed: contact.subscribed ?? null,
    source: blankToNull(contact.source),
    customFields: custom,
  };
  return { externalId: contact.id, remoteUpdatedAt: null, fields, raw: contact };
}

/**
 * Hub -> Loops. Only present hub fields are sent (the update endpoint leaves absent ones alone).
 * Custom fields become top-level properties; `userGroup` goes to Loops' own field.
 */
export function toLoops(hub: HubContact): LoopsContactWrite {
  const body: LoopsContactWrite = {};
  if (hub.email) body.email = hub.email;
  if (hub.firstName !== undefined) body.firstName = hub.firstName;
  if (hub.lastName !== undefined) body.lastName = hub.lastName;
  if (hub.source) body.source = hub.source;
  if (hub.subscribed !== undefined && hub.subscribed !== null) body.subscribed = hub.subscribed;
  for (const [key, value] of Object.entries(hub.customFields ?? {})) {
    if (key === "userGroup") {
      body.userGroup = value === null ? "" : String(value);
      continue;
    }
    if (standardKeys.has(key)) continue;
    body[key] = typeof value === "string" ? value.slice(0, MAX_STRING_LENGTH) : value;
  }
  return body;
}
