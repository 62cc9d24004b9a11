// KeyCRM buyers, orders and offers <-> raw records, field descriptions, and the default mappings. Raw
// keys are KeyCRM's own; nested objects are flattened to dotted keys ("buyer.email", "shipping.tracking_code",
// "status.alias", "product.name") and arrays of lines stay as they are (products, payments). KeyCRM keeps
// one `full_name` and arrays of e-mails and phones, so a buyer's raw record also carries `first_name` /
// `last_name` (split from full_name) and `email` / `phone` (the first of each; the arrays are `emails` /
// `phones`); writes join and merge them back. Custom fields are keyed by their uuid. Times are UTC. Pure.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { toFieldValue } from "@/lib/integrations/field-value";
import type { DefaultMapping } from "@/lib/integrations/field-mapping";
import type { FieldDescription, FieldMap, FieldType, FieldValue, RawRecord } from "@/lib/integrations/object-contract";

const id = z.coerce.string();
const optStr = z.string().nullable().optional();

export const keycrmCustomFieldValueSchema = z.looseObject({
  uuid: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
});

export const keycrmBuyerSchema = z.looseObject({
  id,
  full_name: z.string().nullable(),
  email: z.array(z.string()).nullable().optional(),
  phone: z.array(z.string()).nullable().optional(),
  custom_fields: z.array(keycrmCustomFieldValueSchema).nullable().optional(),
  created_at: optStr,
  updated_at: optStr,
});
export type KeycrmBuyer = z.infer<typeof keycrmBuyerSchema>;

export const keycrmOrderSchema = z.looseObject({ id, custom_fields: z.array(keycrmCustomFieldValueSchema).nullable().optional(), created_at: optStr, updated_at: optStr });
export type KeycrmOrder = z.infer<typeof keycrmOrderSchema>;

export const keycrmOfferSchema = z.looseObject({ id });
export type KeycrmOffer = z.infer<typeof keycrmOfferSchema>;

/** A custom field definition (`GET /custom-fields`); `model` is the entity it belongs to ("client", "order", ...). */
export const keycrmCustomFieldSchema = z.looseObject({
  uuid: z.string(),
  name: z.string(),
  model: z.string().optional(),
  type: z.string().optional(),
  required: z.boolean().optional(),
  options: z.array(z.union([z.string(), z.looseObject({ value: z.string(), name: z.string().optional() })])).optional(),
});
export type KeycrmCustomField = z.infer<typeof keycrmCustomFieldSchema>;

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === "" ? null : v.trim());

/** KeyCRM times are UTC; "2024-06-01 12:00:00" (no zone) is read as UTC, ISO strings as given. */
export function keycrmDateToIso(raw: string | null | undefined): string | null {
  const v = blankToNull(raw);
  if (v === null) return null;
  const bare = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v);
  const d = new Date(bare ? `${v.replace(" ", "T")}Z` : v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The format KeyCRM filters take ("Y-m-d H:i:s", UTC). */
export function toKeycrmDate(iso: string | Date | number): string {
  return new Date(iso).toISOString().slice(0, 19).replace("T", " ");
}

export function splitFullName(full: string | null | undefined): { first: string | null; last: string | null } {
  const v = blankToNull(full);
  if (v === null) return { first: null, last: null };
  const [first, ...rest] = v.split(/\s+/);
  return { first: first ?? null, last: rest.length > 0 ? rest.join(" ") : null };
}

/** Top-level keys as they are, nested objects one level down as "parent.key", custom fields by uuid. */
function flatten(record: Record<string, unknown>, skip: ReadonlySet<string>): FieldMap {
  const fields: FieldMap = {};
  for (const [key, value] of Object.entries(record)) {
    if (skip.has(key)) continue;
    if (key === "custom_fields" && Array.isArray(value)) {
      for (const cf of value as { uuid?: unknown; value?: unknown }[]) if (typeof cf.uuid === "string") fields[cf.uuid] = toFieldValue(cf.value);
      continue;
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) fields[`${key}.${k}`] = toFieldValue(v);
      continue;
    }
    fields[key] = toFieldValue(value);
  }
  return fields;
}

const stamp = (r: { updated_at?: string | null | undefined; created_at?: string | null | undefined }) => keycrmDateToIso(r.updated_at) ?? keycrmDateToIso(r.created_at);
const ISO_KEYS = ["created_at", "updated_at", "ordered_at", "closed_at"] as const;
function isoTimes(fields: FieldMap): void {
  for (const k of ISO_KEYS) if (typeof fields[k] === "string") fields[k] = keycrmDateToIso(fields[k]);
}

export function keycrmBuyerToRaw(buyer: KeycrmBuyer): RawRecord {
  const fields = flatten(buyer, new Set(["id", "email", "phone"]));
  const { first, last } = splitFullName(buyer.full_name);
  const emails = (buyer.email ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean);
  const phones = (buyer.phone ?? []).map((p) => p.trim()).filter(Boolean);
  Object.assign(fields, { first_name: first, last_name: last, email: emails[0] ?? null, emails, phone: phones[0] ?? null, phones });
  // KeyCRM answers manager_id 0 for a buyer without a manager
  if (fields.manager_id === 0 || fields.manager_id === "0") fields.manager_id = null;
  isoTimes(fields);
  return { externalId: buyer.id, remoteUpdatedAt: stamp(buyer), fields };
}

const minor = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.round(n * 100) : null;
};
const PAYMENT_STATUS: Record<string, string> = { paid: "succeeded", not_paid: "pending", canceled: "failed", refund: "refunded" };

/**
 * The order's lines and payments in the hub's shape (derived keys `line_items` and `payment_lines`, like a
 * buyer's first/last name): amounts in minor units, KeyCRM's payment status as the hub's.
 */
function hubLines(order: Record<string, unknown>): FieldMap {
  const out: FieldMap = {};
  if (Array.isArray(order.products)) {
    out.line_items = (order.products as Record<string, unknown>[]).map((p) => ({
      sku: typeof p.sku === "string" && p.sku ? p.sku : null,
      name: typeof p.name === "string" && p.name ? p.name : "Item",
      quantity: Number(p.quantity ?? 1) || 1,
      unitPrice: minor(p.price) ?? 0,
    }));
  }
  if (Array.isArray(order.payments)) {
    out.payment_lines = (order.payments as Record<string, unknown>[]).map((p) => {
      const method = p.payment_method && typeof p.payment_method === "object" ? (p.payment_method as { name?: unknown }).name : null;
      return {
        amount: minor(p.amount) ?? 0,
        method: typeof method === "string" ? method : null,
        status: PAYMENT_STATUS[String(p.status)] ?? "pending",
        paidAt: typeof p.payment_date === "string" ? keycrmDateToIso(p.payment_date) : null,
        reference: p.id === undefined || p.id === null ? null : String(p.id),
      };
    });
  }
  return out;
}

export function keycrmOrderToRaw(order: KeycrmOrder): RawRecord {
  const fields = flatten(order, new Set(["id"]));
  isoTimes(fields);
  Object.assign(fields, hubLines(order));
  return { externalId: order.id, remoteUpdatedAt: stamp(order), fields };
}

export function keycrmOfferToRaw(offer: KeycrmOffer): RawRecord {
  return { externalId: offer.id, remoteUpdatedAt: null, fields: flatten(offer, new Set(["id"])) };
}

/** Dotted keys back into nested objects ("buyer.email" -> { buyer: { email } }); uuid keys into custom_fields. */
function unflatten(fields: FieldMap, customUuids: ReadonlySet<string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: { uuid: string; value: FieldValue }[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (customUuids.has(key)) {
      custom.push({ uuid: key, value });
      continue;
    }
    const dot = key.indexOf(".");
    if (dot > 0) {
      const parent = key.slice(0, dot);
      const child = (body[parent] ??= {}) as Record<string, unknown>;
      child[key.slice(dot + 1)] = value;
    } else body[key] = value;
  }
  if (custom.length) body.custom_fields = custom;
  return body;
}

/** KeyCRM keys Switchboard never writes (ids, stamps, includes that are read only). */
const BUYER_READ_ONLY = new Set(["created_at", "updated_at", "company.name", "manager.full_name", "manager.email", "manager.id", "company.id", "loyalty", "shipping", "emails", "phones"]);

/**
 * A buyer write (`POST /buyer`, `PUT /buyer/{id}`). first/last name are joined into full_name (the other
 * half kept from `existing`); `email` / `phone` go first in KeyCRM's arrays, the buyer's other addresses
 * kept after them; `emails` / `phones` replace the arrays.
 */
export function fieldsToKeycrmBuyer(fields: FieldMap, customUuids: ReadonlySet<string>, existing?: KeycrmBuyer | null): Record<string, unknown> {
  const rest: FieldMap = {};
  for (const [k, v] of Object.entries(fields)) if (!BUYER_READ_ONLY.has(k) && !["first_name", "last_name", "email", "phone"].includes(k)) rest[k] = v;
  const body = unflatten(rest, customUuids);
  if ("first_name" in fields || "last_name" in fields) {
    const current = splitFullName(existing?.full_name);
    const str = (v: FieldValue | undefined) => (typeof v === "string" ? v : v === null || v === undefined ? null : String(v));
    const first = "first_name" in fields ? str(fields.first_name) : current.first;
    const last = "last_name" in fields ? str(fields.last_name) : current.last;
    const full = [first, last].filter((p): p is string => !!p && p.trim() !== "").join(" ");
    if (full) body.full_name = full;
  }
  const mergeFirst = (value: string, others: readonly string[], same: (a: string, b: string) => boolean) => [value, ...others.filter((o) => !same(o, value))];
  if (typeof fields.email === "string" && fields.email.trim()) {
    const email = fields.email.trim().toLowerCase();
    body.email = mergeFirst(email, Array.isArray(fields.emails) ? fields.emails.map(String) : (existing?.email ?? []), (a, b) => a.toLowerCase() === b.toLowerCase());
  } else if (Array.isArray(fields.emails)) body.email = fields.emails.map(String);
  if (typeof fields.phone === "string" && fields.phone.trim()) {
    const digits = (p: string) => p.replace(/\D/g, "");
    body.phone = mergeFirst(fields.phone.trim(), Array.isArray(fields.phones) ? fields.phones.map(String) : (existing?.phone ?? []), (a, b) => digits(a) === digits(b));
  } else if (Array.isArray(fields.phones)) body.phone = fields.phones.map(String);
  if (!existing && typeof body.full_name !== "string") {
    const fallback = Array.isArray(body.email) ? body.email[0] : Array.isArray(body.phone) ? body.phone[0] : undefined;
    if (typeof fallback === "string") body.full_name = fallback;
  }
  return body;
}

const ORDER_READ_ONLY = new Set(["created_at", "updated_at", "closed_at", "status_group_id", "status.id", "status.name", "status.alias", "status.group_id", "payments", "payment_status", "grand_total", "last_synced_at", "line_items", "payment_lines"]);

/** An order write (`POST /order`, `PUT /order/{id}`): dotted keys nested back (buyer.*, shipping.*). */
export function fieldsToKeycrmOrder(fields: FieldMap, customUuids: ReadonlySet<string>): Record<string, unknown> {
  const rest: FieldMap = {};
  for (const [k, v] of Object.entries(fields)) if (!ORDER_READ_ONLY.has(k)) rest[k] = v;
  return unflatten(rest, customUuids);
}

// ---------------------------------------------------------------------------------------------------
// Field descriptions

type Std = [key: string, label: string, type: FieldType, extra?: Partial<FieldDescription>];
const describe = ([key, label, type, extra]: Std): FieldDescription => ({ key, label, type, required: false, readOnly: false, custom: false, ...extra });
const ro = { readOnly: true };

export const KEYCRM_BUYER_FIELDS: readonly FieldDescription[] = (
  [
    ["full_name", "Full name", "string", { required: true }],
    ["first_name", "First name (from full name)", "string"],
    ["last_name", "Last name (from full name)", "string"],
    ["email", "E-mail (first)", "email"],
    ["emails", "All e-mails", "json"],
    ["phone", "Phone (first)", "phone"],
    ["phones", "All phones", "json"],
    ["birthday", "Birthday", "date"],
    ["note", "Note", "text"],
    ["manager_id", "Manager", "reference"],
    ["company_id", "Company", "reference"],
    ["company.name", "Company name", "string", ro],
    ["created_at", "Created", "datetime", ro],
    ["updated_at", "Updated", "datetime", ro],
  ] satisfies Std[]
).map(describe);

export const KEYCRM_ORDER_STATUS_ALIASES = ["new", "approved", "shipped", "completed", "canceled"] as const;

export function keycrmOrderFields(statuses: readonly { id: string; name: string }[]): FieldDescription[] {
  return (
    [
      ["source_id", "Source", "reference", { required: true }],
      ["source_uuid", "Order number (source)", "string"],
      ["status_id", "Status", "enum", statuses.length ? { options: statuses.map((s) => ({ value: s.id, label: s.name })) } : {}],
      ["status.alias", "Status alias", "string", ro],
      ["status.name", "Status name", "string", ro],
      ["payment_status", "Payment status", "enum", { readOnly: true, options: ["not_paid", "part_paid", "paid", "refund"].map((v) => ({ value: v, label: v })) }],
      ["payments", "Payments", "json", ro],
      ["grand_total", "Total", "number", ro],
      ["total_discount", "Discount", "number"],
      ["shipping_price", "Shipping price", "number"],
      ["products", "Products", "json"],
      ["line_items", "Items (hub shape: SKU, name, quantity, unit price)", "json", ro],
      ["payment_lines", "Payments (hub shape: amount, method, status, time)", "json", ro],
      ["buyer.full_name", "Buyer name", "string", { required: true }],
      ["buyer.email", "Buyer e-mail", "email"],
      ["buyer.phone", "Buyer phone", "phone"],
      ["buyer.id", "Buyer", "reference", ro],
      ["shipping.delivery_service_id", "Delivery service", "reference"],
      ["shipping.tracking_code", "Tracking number", "string"],
      ["shipping.shipping_status", "Shipping status", "string"],
      ["shipping.shipping_address_city", "Shipping city", "string"],
      ["shipping.recipient_full_name", "Recipient", "string"],
      ["manager_comment", "Manager comment", "text"],
      ["ordered_at", "Ordered at", "datetime"],
      ["created_at", "Created", "datetime", ro],
      ["updated_at", "Updated", "datetime", ro],
    ] satisfies Std[]
  ).map(describe);
}

export const KEYCRM_OFFER_FIELDS: readonly FieldDescription[] = (
  [
    ["sku", "SKU", "string", ro],
    ["barcode", "Barcode", "string", ro],
    ["price", "Price", "number"],
    ["purchased_price", "Purchase price", "number"],
    ["quantity", "Stock (in the connection's warehouse when written)", "number"],
    ["product_id", "Product", "reference", ro],
    ["product.name", "Product name", "string", ro],
    ["product.currency_code", "Currency", "string", ro],
  ] satisfies Std[]
).map(describe);

const CF_TYPES: Record<string, FieldType> = { text: "string", textarea: "text", number: "number", date: "date", datetime: "datetime", select: "enum", multiselect: "multi_enum", switcher: "boolean", link: "string" };

export function keycrmCustomFieldToDescription(cf: KeycrmCustomField): FieldDescription {
  const type = CF_TYPES[cf.type ?? "text"] ?? "string";
  const options = (cf.options ?? []).map((o) => (typeof o === "string" ? { value: o, label: o } : { value: o.value, label: o.name ?? o.value }));
  return { key: cf.uuid, label: cf.name, type, required: cf.required === true, readOnly: false, ...(options.length ? { options } : {}), custom: true };
}

// ---------------------------------------------------------------------------------------------------
// Default mappings

const money = [{ kind: "scale", factor: 100 }] as const;

export const keycrmBuyersMapping: DefaultMapping = {
  hubObject: "contacts",
  rules: [
    { hubField: "email", providerField: "email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "firstName", providerField: "first_name", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "lastName", providerField: "last_name", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "phone", providerField: "phone", direction: "both", transforms: [{ kind: "phoneE164" }], conflictPolicy: "last_writer_wins" },
    { hubField: "company", providerField: "company.name", direction: "pull", conflictPolicy: "fill_if_empty" },
    // manager_id is a number in KeyCRM, the hub's owner is text
    { hubField: "owner", providerField: "manager_id", direction: "both", transforms: [{ kind: "numberString" }], conflictPolicy: "provider_wins" },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
};

export const keycrmOrdersMapping: DefaultMapping = {
  hubObject: "orders",
  rules: [
    { hubField: "number", providerField: "source_uuid", direction: "both", conflictPolicy: "provider_wins" },
    {
      hubField: "status",
      providerField: "status.alias",
      direction: "pull",
      transforms: [{ kind: "valueMap", push: { pending: "new", processing: "approved", shipped: "shipped", completed: "completed", cancelled: "canceled" } }],
      conflictPolicy: "provider_wins",
    },
    {
      hubField: "paymentStatus",
      providerField: "payment_status",
      direction: "pull",
      transforms: [{ kind: "valueMap", push: { unpaid: "not_paid", partially_paid: "part_paid", paid: "paid", refunded: "refund" } }],
      conflictPolicy: "provider_wins",
    },
    { hubField: "total", providerField: "grand_total", direction: "pull", transforms: money, conflictPolicy: "provider_wins" },
    { hubField: "discountTotal", providerField: "total_discount", direction: "pull", transforms: money, conflictPolicy: "provider_wins" },
    { hubField: "shippingTotal", providerField: "shipping_price", direction: "pull", transforms: money, conflictPolicy: "provider_wins" },
    { hubField: "buyerName", providerField: "buyer.full_name", direction: "both", conflictPolicy: "fill_if_empty" },
    { hubField: "buyerEmail", providerField: "buyer.email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "fill_if_empty" },
    { hubField: "trackingNumber", providerField: "shipping.tracking_code", direction: "both", conflictPolicy: "last_writer_wins" },
    { hubField: "placedAt", providerField: "ordered_at", direction: "pull", conflictPolicy: "provider_wins" },
    { hubField: "items", providerField: "line_items", direction: "pull", conflictPolicy: "provider_wins" },
    { hubField: "payments", providerField: "payment_lines", direction: "pull", conflictPolicy: "provider_wins" },
  ],
  customFields: { direction: "pull", conflictPolicy: "provider_wins" },
};

export const keycrmOffersMapping: DefaultMapping = {
  hubObject: "products",
  rules: [
    { hubField: "sku", providerField: "sku", direction: "pull", conflictPolicy: "provider_wins" },
    { hubField: "name", providerField: "product.name", direction: "pull", conflictPolicy: "provider_wins" },
    { hubField: "currency", providerField: "product.currency_code", direction: "pull", conflictPolicy: "provider_wins" },
    { hubField: "price", providerField: "price", direction: "both", transforms: money, conflictPolicy: "last_writer_wins" },
    { hubField: "stock", providerField: "quantity", direction: "both", conflictPolicy: "last_writer_wins" },
  ],
};

const OFFER_WRITABLE = new Set(["price", "purchased_price", "quantity"]);

/**
 * Why KeyCRM would refuse this offer write, checked before any call: only price, purchase price and stock
 * are written (offers are created with their product in KeyCRM), numbers at or above 0, and stock needs
 * the connection's warehouse.
 */
export function offerWriteError(fields: FieldMap, warehouseId: number | undefined): AppError | null {
  for (const [key, value] of Object.entries(fields)) {
    if (!OFFER_WRITABLE.has(key)) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      return new AppError("PROVIDER_VALIDATION", `KeyCRM needs ${key === "quantity" ? "the stock" : `the ${key.replace("_", " ")}`} as a number of 0 or more.`, { provider: "keycrm", field: key });
    }
  }
  if (fields.quantity !== undefined && warehouseId === undefined) {
    return new AppError("PROVIDER_VALIDATION", "Set the KeyCRM warehouse id in this connection's settings to write stock.", { provider: "keycrm", field: "quantity" });
  }
  return null;
}
