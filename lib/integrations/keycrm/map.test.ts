import { describe, expect, it } from "vitest";
import {
  fromKeycrmBuyer,
  fromKeycrmOffer,
  fromKeycrmOrder,
  keycrmBuyerSchema,
  keycrmDateToIso,
  keycrmOrderSchema,
  splitFullName,
  toKeycrmBuyer,
  toKeycrmDate,
} from "./map";

const buyer = keycrmBuyerSchema.parse({
  id: 4545,
  full_name: "Іван Петренко-Коваль Молодший",
  email: ["not-an-email", "Ivan@Example.com", "second@example.com"],
  phone: ["050 123 4567", "+380671112233"],
  company: { id: 1, name: "ТОВ Ромашка" },
  manager: { id: 2, full_name: "Olena" },
  custom_fields: [
    { uuid: "CT_1001", value: "VIP" },
    { uuid: "CT_1002", value: ["a", "b"] },
  ],
  created_at: "2024-05-01 08:00:00",
  updated_at: "2024-06-01 12:30:00",
});

describe("fromKeycrmBuyer", () => {
  it("splits the name, takes the first valid e-mail and phone, reads UTC times", () => {
    expect(fromKeycrmBuyer(buyer)).toMatchObject({
      externalId: "4545",
      remoteUpdatedAt: "2024-06-01T12:30:00.000Z",
      fields: {
        firstName: "Іван",
        lastName: "Петренко-Коваль Молодший",
        email: "ivan@example.com",
        phone: "+380501234567",
        company: "ТОВ Ромашка",
        owner: "2",
        customFields: { CT_1001: "VIP", CT_1002: "a, b" },
      },
    });
  });
  it("copes with a bare buyer", () => {
    const r = fromKeycrmBuyer(keycrmBuyerSchema.parse({ id: 1, full_name: "Cher", email: null }));
    expect(r.fields).toMatchObject({ firstName: "Cher", lastName: null, email: null, phone: null, owner: null });
    expect(r.remoteUpdatedAt).toBeNull();
  });
});

describe("toKeycrmBuyer", () => {
  it("puts the hub e-mail and phone first and keeps the buyer's others", () => {
    expect(toKeycrmBuyer({ email: "second@example.com", phone: "+380501234567", firstName: "Petro", owner: "7" }, buyer)).toEqual({
      full_name: "Petro Петренко-Коваль Молодший",
      email: ["second@example.com", "not-an-email", "Ivan@Example.com"],
      phone: ["+380501234567", "+380671112233"],
      manager_id: 7,
    });
  });
  it("always sends full_name on create", () => {
    expect(toKeycrmBuyer({ email: "a@b.co" })).toEqual({ email: ["a@b.co"], full_name: "a@b.co" });
    expect(toKeycrmBuyer({ firstName: "Ann", lastName: "Lee", customFields: { CT_1: "x" } })).toEqual({
      full_name: "Ann Lee",
      custom_fields: [{ uuid: "CT_1", value: "x" }],
    });
  });
});

describe("orders and offers", () => {
  it("summarises an order in minor units with paid total", () => {
    const order = keycrmOrderSchema.parse({
      id: 12345,
      source_uuid: "A-1001",
      source_id: 5,
      status_id: 4,
      status: { id: 4, name: "Виконано" },
      grand_total: 450.5,
      payment_status: "partially_paid",
      buyer: { id: 5678, full_name: "Ann Lee", email: "ANN@x.io", phone: "+380501234567" },
      products: [{ sku: "SKU-1", name: "Mug", price: 225.25, quantity: 2 }],
      payments: [
        { amount: 100, status: "paid", payment_method: { name: "Card" }, payment_date: "2025-08-26 10:05:00" },
        { amount: 50, status: "not_paid" },
      ],
      created_at: "2025-08-26T10:00:00Z",
      updated_at: "2025-08-26T11:00:00Z",
    });
    expect(fromKeycrmOrder(order)).toEqual({
      externalId: "12345",
      number: "A-1001",
      statusId: "4",
      statusName: "Виконано",
      paymentStatus: "partially_paid",
      grandTotalMinor: 45050,
      paidMinor: 10000,
      buyer: { externalId: "5678", name: "Ann Lee", email: "ann@x.io", phone: "+380501234567" },
      items: [{ sku: "SKU-1", name: "Mug", quantity: 2, priceMinor: 22525 }],
      payments: [
        { amountMinor: 10000, status: "paid", method: "Card", paidAt: "2025-08-26T10:05:00.000Z" },
        { amountMinor: 5000, status: "not_paid", method: null, paidAt: null },
      ],
      createdAt: "2025-08-26T10:00:00.000Z",
      remoteUpdatedAt: "2025-08-26T11:00:00.000Z",
    });
  });
  it("prefers the stock endpoint's quantity for an offer", () => {
    expect(
      fromKeycrmOffer({ id: "9", product_id: "3", sku: "S", price: 10.1, quantity: 4, product: { name: "Mug", currency_code: "UAH" } }, {
        id: "9",
        quantity: 7,
        reserve: 2,
      }),
    ).toEqual({ externalId: "9", productId: "3", sku: "S", name: "Mug", priceMinor: 1010, currency: "UAH", stock: 7, reserved: 2 });
  });
});

describe("helpers", () => {
  it("reads and writes KeyCRM times as UTC", () => {
    expect(keycrmDateToIso("2024-06-01 12:30:00")).toBe("2024-06-01T12:30:00.000Z");
    expect(keycrmDateToIso("2024-06-01T12:30:00.000000Z")).toBe("2024-06-01T12:30:00.000Z");
    expect(keycrmDateToIso("nope")).toBeNull();
    expect(toKeycrmDate("2024-06-01T12:30:00.123Z")).toBe("2024-06-01 12:30:00");
    expect(splitFullName("  ")).toEqual({ firstName: null, lastName: null });
  });
});
