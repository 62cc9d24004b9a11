// Products: SKU, name, price (minor units of the currency), stock.
import { currency, int, money, text } from "@/lib/records/field-schemas";
import { stringField as str, type RecordObjectDefinition } from "@/lib/records/record-object-definition";
import { uniqueTerms, wordsOf } from "@/lib/records/search-terms";

export const productObject: RecordObjectDefinition = {
  object: "product",
  label: "Product",
  plural: "Products",
  path: "products",
  listFields: ["sku", "price", "currency", "stock"],
  fieldSchemas: {
    sku: text(200),
    name: text(500),
    description: text(5000),
    currency: currency(),
    price: money(),
    stock: int(),
  },
  fields: [
    { key: "name", label: "Name", kind: "text", editable: true, requiredOnCreate: true },
    { key: "sku", label: "SKU", kind: "text", editable: true },
    { key: "currency", label: "Currency", kind: "currency", editable: true },
    { key: "price", label: "Price", kind: "money", currencyField: "currency", editable: true },
    { key: "stock", label: "Stock", kind: "integer", editable: true },
    { key: "description", label: "Description", kind: "text", editable: true },
  ],
  columns(data) {
    const sku = str(data, "sku");
    const name = str(data, "name");
    const stock = data.stock;
    return {
      title: name ?? sku ?? "Unnamed product",
      emailKey: null,
      phoneKey: null,
      numberKey: sku?.toLowerCase() ?? null,
      // products filter on availability
      statusKey: typeof stock === "number" ? (stock > 0 ? "in_stock" : "out_of_stock") : null,
      terms: uniqueTerms(sku ? [sku.toLowerCase().slice(0, 64)] : [], wordsOf(sku), wordsOf(name)),
    };
  },
};
