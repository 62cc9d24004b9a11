// The hub's own object kinds and field names: the left-hand side of every field mapping. Provider
// field keys live only in lib/integrations/<slug>/; the sync engine (lib/sync) and the records
// (lib/records) import the names from here so a default mapping and a stored record agree.
import { z } from "zod";

/** Lead status values (contacts.leadStatus): `leadStatuses` in lib/records/hub-contact.ts; value maps translate them. */
export { leadStatuses } from "@/lib/records/hub-contact";

export const hubObjectKinds = ["contacts", "orders", "products", "appointments", "opportunities", "calendars"] as const;
export const hubObjectKindSchema = z.enum(hubObjectKinds);
export type HubObjectKind = z.infer<typeof hubObjectKindSchema>;

/**
 * The standard fields of each hub object, exactly the keys of lib/records/<object>-object.ts fieldSchemas
 * (hub-fields.test.ts fails when they drift). Custom fields are `customFields.<key>`. Calendars are a
 * provider reference object (GoHighLevel) with no hub record of their own.
 */
export const hubFields = {
  contacts: [
    "firstName", "lastName", "email", "phone", "company", "leadStatus", "owner", "tags", "subscribed", "source",
    "country", "region", "postalCode", "timezone",
  ],
  orders: [
    "number", "buyerContactId", "buyerName", "buyerEmail", "status", "paymentStatus", "payments", "currency", "subtotal",
    "discountTotal", "shippingTotal", "taxTotal", "total", "items", "shippingAddress", "shippingMethod", "carrier",
    "trackingNumber", "placedAt",
  ],
  products: ["sku", "name", "description", "currency", "price", "stock"],
  appointments: ["title", "contactId", "calendar", "startAt", "endAt", "status", "notes"],
  opportunities: ["name", "contactId", "pipeline", "stage", "status", "currency", "value"],
  calendars: ["name", "timezone", "description"],
} as const satisfies Record<HubObjectKind, readonly string[]>;

export type StandardHubField<K extends HubObjectKind = HubObjectKind> = (typeof hubFields)[K][number];
/** A hub field a mapping can name: a standard field or `customFields.<key>`. */
export type HubFieldKey<K extends HubObjectKind = HubObjectKind> = StandardHubField<K> | `customFields.${string}`;

export const CUSTOM_FIELD_PREFIX = "customFields.";

export function isHubFieldKey(object: HubObjectKind, key: string): key is HubFieldKey {
  if (key.startsWith(CUSTOM_FIELD_PREFIX)) return key.length > CUSTOM_FIELD_PREFIX.length;
  return (hubFields[object] as readonly string[]).includes(key);
}
