// KeyCRM buyer <-> hub contact, plus read-only views of orders and offers. KeyCRM keeps one
// `full_name`, arrays of e-mails and phones, and reports every time in UTC.
import { z } from "zod";
import { normalizePhone as normalizeAnyPhone } from "@/lib/records/normalize-phone";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";

const id = z.coerce.string();
const optStr = z.string().nullable().optional();

export const keycrmCustomFieldSchema = z.looseObject({
  uuid: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
});

export const keycrmBuyerSchema = z.looseObject({
  id,
  full_name: z.string().nullable(),
  birthday: optStr,
  email: z.array(z.string()).nullable().optional(),
  phone: z.array(z.string()).nullable().optional(),
  note: optStr,
  manager_id: id.nullable().optional(),
  company_id: id.nullable().optional(),
  company: z.looseObject({ id: id.optional(), name: optStr }).nullable().optional(),
  manager: z.looseObject({ id, full_name: optStr, email: optStr }).nullable().optional(),
  custom_fields: z.array(keycrmCustomFieldSchema).nullable().optional(),
  created_at: optStr,
  updated_at: optStr,
});
export type KeycrmBuyer = z.infer<typeof keycrmBuyerSchema>;

/** Body of `POST /buyer` and `PUT /buyer/{id}` (`full_name` is required on create). */
export type KeycrmBuyerWrite = {
  full_name?: string;
  email?: string[];
  phone?: string[];
  manager_id?: number;
  custom_fields?: { uuid: string; value: string | number | boolean | string[] | null }[];
};

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === "" ? null : v.trim());

/**
 * KeyCRM times are UTC. The API has been seen to send both "2024-06-01 12:00:00" and ISO 8601; a
 * bare date-time is read as UTC.
 */
export function keycrmDateToIso(raw: string | null | undefined): string | null {
  const v = blankToNull(raw);
  if (v === null) return null;
  const bare = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v);
  const d = new Date(bare ? `${v.replace(" ", "T")}Z` : v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The format KeyCRM filters take ("Y-m-d H:i:s", UTC). */
export function toKeycrmDate(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return d.toISOString().slice(0, 19).replace("T", " ");
}

export function splitFullName(full: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const v = blankToNull(full);
  if (v === null) return { firstName: null, lastName: null };
  const [first, ...rest] = v.split(/\s+/);
  return { firstName: first ?? null, lastName: rest.length > 0 ? rest.join(" ") : null };
}

export function fromKeycrmBuyer(buyer: KeycrmBuyer): RemoteContact {
  const { firstName, lastName } = splitFullName(buyer.full_name);
  const email = (buyer.email ?? []).map((e) => e.trim().toLowerCase()).find((e) => z.email().safeParse(e).success) ?? null;
  const fields: HubContact = {
    firstName,
    lastName,
    email,
    phone: normalizePhone(buyer.phone?.[0]),
    company: blankToNull(buyer.company?.name),
    owner: buyer.manager?.id ?? buyer.manager_id ?? null,
  };
  if (buyer.custom_fields) {
    const custom: Record<string, string | number | boolean | null> = {};
    for (const cf of buyer.custom_fields) custom[cf.uuid] = Array.isArray(cf.value) ? cf.value.join(", ") : cf.value;
    fields.customFields = custom;
  }
  return {
    externalId: buyer.id,
    remoteUpdatedAt: keycrmDateToIso(buyer.updated_at) ?? keycrmDateToIso(buyer.created_at),
    fields,
    raw: buyer,
  };
}

/**
 * Hub -> KeyCRM. The hub's e-mail and phone go first in KeyCRM's arrays; the buyer's other addresses
 * (from `existing`) are kept after them. Company needs a KeyCRM company id and is not written by name.
 */
export function toKeycrmBuyer(hub: HubContact, existing?: KeycrmBuyer): KeycrmBuyerWrite {
  const body: KeycrmBuyerWrite = {};
  if (hub.firstName !== undefined || hub.lastName !== undefined) {
    const current = splitFullName(existing?.full_name);
    const first = hub.firstName !== undefined ? hub.firstName : current.firstName;
    const last = hub.lastName !== undefined ? hub.lastName : current.lastName;
    const full = [first, last].filter((p): p is string => !!p && p.trim() !== "").join(" ");
    if (full) body.full_name = full;
  }
  const mergeFirst = (value: string, others: readonly string[] | null | undefined, same: (a: string, b: string) => boolean) => [
    value,
    ...(others ?? []).filter((o) => !same(o, value)),
  ];
  if (hub.email) body.email = mergeFirst(hub.email, existing?.email, (a, b) => a.toLowerCase() === b.toLowerCase());
  if (hub.phone) {
    const norm = (p: string) => normalizePhone(p) ?? p;
    body.phone = mergeFirst(hub.phone, existing?.phone, (a, b) => norm(a) === norm(b));
  }
  if (hub.owner !== undefined && hub.owner !== null && /^\d+$/.test(hub.owner)) body.manager_id = Number(hub.owner);
  if (hub.customFields) {
    body.custom_fields = Object.entries(hub.customFields).map(([uuid, value]) => ({ uuid, value }));
  }
  if (!existing && !body.full_name) body.full_name = hub.email ?? hub.phone ?? "Unknown";
  return body;
}

// ---- orders, payments, offers (read-only views the hub stores as orders / products) ----

const money = z.coerce.number();

export const keycrmPaymentSchema = z.looseObject({
  id: id.optional(),
  payment_method_id: id.nullable().optional(),
  payment_method: z.looseObject({ name: optStr }).nullable().optional(),
  amount: money,
  status: optStr,
  description: optStr,
  payment_date: optStr,
  created_at: optStr,
  updated_at: optStr,
});

export const keycrmOrderSchema = z.looseObject({
  id,
  source_uuid: optStr,
  source_id: id.nullable().optional(),
  status_id: id.nullable().optional(),
  status_group_id: id.nullable().optional(),
  status: z.looseObject({ id: id.optional(), name: optStr, alias: optStr }).nullable().optional(),
  grand_total: money.nullable().optional(),
  total_discount: money.nullable().optional(),
  payment_status: optStr,
  buyer: z
    .looseObject({ id: id.optional(), full_name: optStr, email: optStr, phone: optStr })
    .nullable()
    .optional(),
  products: z
    .array(
      z.looseObject({
        sku: optStr,
        name: optStr,
        price: money.nullable().optional(),
        quantity: money.nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
  payments: z.array(keycrmPaymentSchema).nullable().optional(),
  ordered_at: optStr,
  created_at: optStr,
  updated_at: optStr,
  closed_at: optStr,
});
export type KeycrmOrder = z.infer<typeof keycrmOrderSchema>;

/** Money as integer minor units (KeyCRM sends floats such as 450.5). */
export const toMinorUnits = (amount: number | null | undefined): number | null =>
  amount === null || amount === undefined ? null : Math.round(amount * 100);

export type KeycrmOrderView = {
  externalId: string;
  number: string | null;
  statusId: string | null;
  statusName: string | null;
  paymentStatus: string | null;
  grandTotalMinor: number | null;
  paidMinor: number;
  buyer: { externalId: string | null; name: string | null; email: string | null; phone: string | null };
  items: { sku: string | null; name: string | null; quantity: number; priceMinor: number | null }[];
  payments: { amountMinor: number; status: string | null; method: string | null; paidAt: string | null }[];
  createdAt: string | null;
  remoteUpdatedAt: string | null;
};

export function fromKeycrmOrder(order: KeycrmOrder): KeycrmOrderView {
  const payments = (order.payments ?? []).map((p) => ({
    amountMinor: toMinorUnits(p.amount) ?? 0,
    status: p.status ?? null,
    method: p.payment_method?.name ?? null,
    paidAt: keycrmDateToIso(p.payment_date ?? p.created_at),
  }));
  return {
    externalId: order.id,
    number: order.source_uuid ?? null,
    statusId: order.status_id ?? order.status?.id ?? null,
    statusName: order.status?.name ?? null,
    paymentStatus: order.payment_status ?? null,
    grandTotalMinor: toMinorUnits(order.grand_total),
    paidMinor: payments.filter((p) => p.status === "paid").reduce((sum, p) => sum + p.amountMinor, 0),
    buyer: {
      externalId: order.buyer?.id ?? null,
      name: blankToNull(order.buyer?.full_name),
      email: blankToNull(order.buyer?.email)?.toLowerCase() ?? null,
      phone: normalizePhone(order.buyer?.phone),
    },
    items: (order.products ?? []).map((p) => ({
      sku: p.sku ?? null,
      name: p.name ?? null,
      quantity: p.quantity ?? 1,
      priceMinor: toMinorUnits(p.price),
    })),
    payments,
    createdAt: keycrmDateToIso(order.ordered_at ?? order.created_at),
    remoteUpdatedAt: keycrmDateToIso(order.updated_at),
  };
}

export const keycrmOfferSchema = z.looseObject({
  id,
  product_id: id.nullable().optional(),
  sku: optStr,
  barcode: optStr,
  price: money.nullable().optional(),
  purchased_price: money.nullable().optional(),
  quantity: money.nullable().optional(),
  product: z.looseObject({ id: id.optional(), name: optStr, currency_code: optStr }).nullable().optional(),
});
export type KeycrmOffer = z.infer<typeof keycrmOfferSchema>;

export const keycrmOfferStockSchema = z.looseObject({
  id,
  sku: optStr,
  price: money.nullable().optional(),
  quantity: money.nullable().optional(),
  reserve: money.nullable().optional(),
});
export type KeycrmOfferStock = z.infer<typeof keycrmOfferStockSchema>;

export type KeycrmOfferView = {
  externalId: string;
  productId: string | null;
  sku: string | null;
  name: string | null;
  priceMinor: number | null;
  currency: string | null;
  stock: number | null;
  reserved: number | null;
};

export function fromKeycrmOffer(offer: KeycrmOffer, stock?: KeycrmOfferStock): KeycrmOfferView {
  return {
    externalId: offer.id,
    productId: offer.product_id ?? offer.product?.id ?? null,
    sku: offer.sku ?? null,
    name: offer.product?.name ?? null,
    priceMinor: toMinorUnits(offer.price),
    currency: offer.product?.currency_code ?? null,
    stock: stock?.quantity ?? offer.quantity ?? null,
    reserved: stock?.reserve ?? null,
  };
}

/** KeyCRM is mostly used in Ukraine: numbers without a country code are read as Ukrainian. */
export function normalizePhone(raw: string | null | undefined): string | null {
  return normalizeAnyPhone(raw, "UA");
}
