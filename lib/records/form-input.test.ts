import { describe, expect, it } from "vitest";
import { fieldsFromForm, formatMoneyInput, parseMoney } from "@/lib/records/form-input";
import { productObject } from "@/lib/records/product-object";
import { contactObject } from "@/lib/records/contact-object";
import { caughtAppError } from "@/lib/testing/caught-app-error";

describe("record form input", () => {
  it("parses money to minor units by the currency's digits and back", () => {
    expect(parseMoney("12.5", 2)).toBe(1250);
    expect(parseMoney("1,234.05", 2)).toBe(123405);
    expect(parseMoney("500", 0)).toBe(500);
    expect(parseMoney("", 2)).toBeNull();
    expect(() => parseMoney("1.234", 2)).toThrow(/decimal places/);
    expect(() => parseMoney("abc", 2)).toThrow();
    expect(formatMoneyInput(123405, 2)).toBe("1234.05");
    expect(formatMoneyInput(-5, 2)).toBe("-0.05");
  });

  it("converts a product and a contact form, and names bad fields by label", async () => {
    expect(fieldsFromForm(productObject, { name: "Mug", price: "9.99", currency: "eur", stock: "" })).toEqual({ name: "Mug", price: 999, currency: "eur", stock: null });
    expect(fieldsFromForm(productObject, { price: "999", currency: "JPY" })).toEqual({ price: 999, currency: "JPY" });
    expect(fieldsFromForm(contactObject, { tags: "a, b,,c", subscribed: "false", email: " " })).toEqual({ tags: ["a", "b", "c"], subscribed: false, email: null });
    const err = await caughtAppError(Promise.resolve().then(() => fieldsFromForm(productObject, { stock: "1.5" })));
    expect(err.details?.fields).toEqual({ stock: "Stock: Enter a whole number" });
  });
});
