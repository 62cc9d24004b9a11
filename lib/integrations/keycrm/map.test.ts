import { describe, expect, it } from "vitest";
import { applyTransforms } from "@/lib/integrations/field-mapping";
import {
  fieldsToKeycrmBuyer,
  fieldsToKeycrmOrder,
  keycrmBuyerToRaw,
  keycrmDateToIso,
  keycrmOffersMapping,
  keycrmOrderToRaw,
  keycrmOrdersMapping,
  splitFullName,
  toKeycrmDate,
} from "@/lib/integrations/keycrm/map";

const rule = (rules: typeof keycrmOrdersMapping.rules, providerField: string) => {
  const r = rules.find((x) => x.providerField === providerField);
  if (!r) throw new Error(`no rule for ${providerField}`);
  return r;
};

describe("KeyCRM map", () => {
  it("reads UTC times with or without a zone, and writes filter times", () => {
    expect(keycrmDateToIso("2024-06-01 12:00:00")).toBe("2024-06-01T12:00:00.000Z");
    expect(keycrmDateToIso("2024-06-01T12:00:00+03:00")).toBe("2024-06-01T09:00:00.000Z");
    expect(toKeycrmDate("2024-06-01T12:00:00.500Z")).toBe("2024-06-01 12:00:00");
    expect(splitFullName("Іван Петро Петренко")).toEqual({ first: "Іван", last: "Петро Петренко" });
  });

  it("reads a buyer: own keys, name halves, first e-mail and phone plus the arrays, includes dotted, custom fields by uuid", () => {
    const r = keycrmBuyerToRaw({
      id: "1001", full_name: "Іван Петренко", email: ["Ivan@Example.com", "second@example.com"], phone: ["+380501234567"], note: null,
      company: { id: 3, name: "ТОВ Ромашка" }, manager_id: 2, custom_fields: [{ uuid: "CT_1001", value: "VIP" }],
      created_at: "2024-06-01 10:00:00", updated_at: "2024-06-02 11:00:00",
    });
    expect(r).toEqual({
      externalId: "1001",
      remoteUpdatedAt: "2024-06-02T11:00:00.000Z",
      fields: {
        full_name: "Іван Петренко", first_name: "Іван", last_name: "Петренко", email: "ivan@example.com", emails: ["ivan@example.com", "second@example.com"],
        phone: "+380501234567", phones: ["+380501234567"], note: null, "company.id": 3, "company.name": "ТОВ Ромашка", manager_id: 2, CT_1001: "VIP",
        created_at: "2024-06-01T10:00:00.000Z", updated_at: "2024-06-02T11:00:00.000Z",
      },
    });
  });

  it("writes a buyer: names joined with the other half kept, e-mail first in the array, custom fields by uuid, read-only keys dropped", () => {
    const existing = { id: "1", full_name: "Іван Петренко", email: ["old@example.com"], phone: ["+380501234567"] };
    expect(fieldsToKeycrmBuyer({ first_name: "Петро", email: "New@Example.com", CT_1001: "Opt", "company.name": "x", updated_at: "y" }, new Set(["CT_1001"]), existing)).toEqual({
      full_name: "Петро Петренко",
      email: ["new@example.com", "old@example.com"],
      custom_fields: [{ uuid: "CT_1001", value: "Opt" }],
    });
    // a new buyer without a name takes its e-mail as full_name (KeyCRM requires one)
    expect(fieldsToKeycrmBuyer({ email: "a@b.co" }, new Set())).toEqual({ email: ["a@b.co"], full_name: "a@b.co" });
  });

  it("reads and writes orders with dotted keys for buyer, shipping and status", () => {
    const r = keycrmOrderToRaw({
      id: "5001", source_uuid: "A-1", status_id: 3, status: { id: 3, alias: "shipped", name: "Відправлено" }, grand_total: 450.5, payment_status: "paid",
      buyer: { full_name: "Ann", email: "ann@example.com" }, shipping: { tracking_code: "20400123" }, payments: [{ amount: 450.5, status: "paid" }],
      custom_fields: [{ uuid: "OR_1001", value: true }], updated_at: "2024-06-02 11:00:00",
    });
    expect(r.fields).toMatchObject({ "status.alias": "shipped", "buyer.email": "ann@example.com", "shipping.tracking_code": "20400123", payments: [{ amount: 450.5, status: "paid" }], OR_1001: true });
    expect(fieldsToKeycrmOrder({ status_id: 4, "shipping.tracking_code": "X1", "buyer.full_name": "Ann", grand_total: 1, "status.alias": "x", OR_1001: false }, new Set(["OR_1001"]))).toEqual({
      status_id: 4, shipping: { tracking_code: "X1" }, buyer: { full_name: "Ann" }, custom_fields: [{ uuid: "OR_1001", value: false }],
    });
  });

  it("default mappings: statuses through value maps, money scaled to minor units", () => {
    const rules = keycrmOrdersMapping.rules;
    expect(applyTransforms(rule(rules, "status.alias").transforms, "shipped", "pull")).toBe("shipped");
    expect(applyTransforms(rule(rules, "status.alias").transforms, "canceled", "pull")).toBe("cancelled");
    expect(applyTransforms(rule(rules, "payment_status").transforms, "part_paid", "pull")).toBe("partially_paid");
    expect(applyTransforms(rule(rules, "grand_total").transforms, 450.5, "pull")).toBe(45050);
    expect(applyTransforms(rule(rules, "grand_total").transforms, 45050, "push")).toBe(450.5);
    expect(applyTransforms(rule(keycrmOffersMapping.rules, "price").transforms, "1200.99", "pull")).toBe(120099);
    expect(applyTransforms(rule(keycrmOffersMapping.rules, "price").transforms, 0.29, "pull")).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(keycrmOrdersMapping.rules.map((r) => r.hubField)).toEqual(expect.arrayContaining(["status", "paymentStatus", "total", "trackingNumber", "buyerEmail", "placedAt"]));
  });
});
