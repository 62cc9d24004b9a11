// Orders: number, buyer, status, payment status and payments, shipping and tracking, totals, items.
// Money is in minor units of the order's currency.
import { z } from "zod";
import { currency, email, enumOf, isoDateTime, money, text } from "@/lib/records/field-schemas";
import { enumOptions, stringField as str, type RecordObjectDefinition } from "@/lib/records/record-object-definition";
import { emailTerms, uniqueTerms, wordsOf } from "@/lib/records/search-terms";

export const orderStatuses = ["pending", "processing", "on_hold", "shipped", "completed", "cancelled", "refunded"] as const;
export const paymentStatuses = ["unpaid", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "failed"] as const;

const address = z.object({
  line1: z.string().max(300).nullable().optional(),
  line2: z.string().max(300).nullable().optional(),
  city: z.string().max(200).nullable().optional(),
  region: z.string().max(200).nullable().optional(),
  postalCode: z.string().max(40).nullable().optional(),
  country: z.string().max(2).nullable().optional(),
});

export const orderItemSchema = z.object({
  sku: z.string().max(200).nullable().optional(),
  name: z.string().max(500),
  quantity: z.number().positive(),
  unitPrice: z.number().int(),
  /** the hub product, when the item is linked to one */
  productId: z.string().nullable().optional(),
});

export const paymentSchema = z.object({
  amount: z.number().int(),
  method: z.string().max(100).nullable().optional(),
  status: z.enum(["pending", "succeeded", "failed", "refunded"]),
  paidAt: z.iso.datetime({ offset: true }).nullable().optional(),
  reference: z.string().max(200).nullable().optional(),
});

export const orderObject: RecordObjectDefinition = {
  object: "order",
  label: "Order",
  plural: "Orders",
  path: "orders",
  listFields: ["buyerName", "status", "paymentStatus", "total", "currency"],
  fieldSchemas: {
    number: text(100),
    buyerContactId: text(64),
    buyerName: text(300),
    buyerEmail: email(),
    status: enumOf(orderStatuses),
    paymentStatus: enumOf(paymentStatuses),
    payments: z.array(paymentSchema).max(100).nullable(),
    currency: currency(),
    subtotal: money(),
    discountTotal: money(),
    shippingTotal: money(),
    taxTotal: money(),
    total: money(),
    items: z.array(orderItemSchema).max(1000).nullable(),
    shippingAddress: address.nullable(),
    shippingMethod: text(200),
    carrier: text(100),
    trackingNumber: text(200),
    placedAt: isoDateTime(),
  },
  fields: [
    { key: "number", label: "Order number", kind: "text", editable: true, requiredOnCreate: true },
    { key: "status", label: "Status", kind: "enum", editable: true, options: enumOptions(orderStatuses, {
      pending: "Pending", processing: "Processing", on_hold: "On hold", shipped: "Shipped", completed: "Completed", cancelled: "Cancelled", refunded: "Refunded",
    }) },
    { key: "paymentStatus", label: "Payment status", kind: "enum", editable: true, options: enumOptions(paymentStatuses, {
      unpaid: "Unpaid", authorized: "Authorized", partially_paid: "Partially paid", paid: "Paid", partially_refunded: "Partially refunded", refunded: "Refunded", failed: "Failed",
    }) },
    { key: "buyerContactId", label: "Buyer (contact)", kind: "record", references: "contact", editable: false },
    { key: "buyerName", label: "Buyer name", kind: "text", editable: true },
    { key: "buyerEmail", label: "Buyer e-mail", kind: "email", editable: true },
    { key: "currency", label: "Currency", kind: "currency", editable: true },
    { key: "total", label: "Total", kind: "money", currencyField: "currency", editable: true },
    { key: "subtotal", label: "Subtotal", kind: "money", currencyField: "currency", editable: true },
    { key: "discountTotal", label: "Discounts", kind: "money", currencyField: "currency", editable: true },
    { key: "shippingTotal", label: "Shipping", kind: "money", currencyField: "currency", editable: true },
    { key: "taxTotal", label: "Tax", kind: "money", currencyField: "currency", editable: true },
    { key: "shippingMethod", label: "Shipping method", kind: "text", editable: true },
    { key: "carrier", label: "Carrier", kind: "text", editable: true },
    { key: "trackingNumber", label: "Tracking number", kind: "text", editable: true },
    { key: "placedAt", label: "Placed at", kind: "datetime", editable: true },
    { key: "shippingAddress", label: "Shipping address", kind: "json", editable: false },
    { key: "items", label: "Items", kind: "json", editable: false },
    { key: "payments", label: "Payments", kind: "json", editable: false },
  ],
  statusField: "status",
  columns(data) {
    const number = str(data, "number");
    const buyerEmail = str(data, "buyerEmail");
    return {
      title: number ? `#${number}` : "Order without number",
      emailKey: buyerEmail?.toLowerCase() ?? null,
      phoneKey: null,
      numberKey: number?.toLowerCase() ?? null,
      statusKey: str(data, "status"),
      terms: uniqueTerms(number ? [number.toLowerCase().slice(0, 64)] : [], wordsOf(number), wordsOf(str(data, "buyerName")), emailTerms(buyerEmail), wordsOf(str(data, "trackingNumber"))),
    };
  },
};
