import { describe, expect, it } from "vitest";
import { hubFields } from "@/lib/integrations/hub-fields";
import { objectByPath } from "@/lib/records/record-objects";

describe("hub field names", () => {
  it("are exactly the record schemas' fields (mappings and records cannot drift apart)", () => {
    for (const kind of ["contacts", "orders", "products", "appointments", "opportunities"] as const) {
      const def = objectByPath(kind);
      expect(def, kind).toBeDefined();
      expect([...hubFields[kind]].sort(), kind).toEqual(Object.keys(def!.fieldSchemas).sort());
    }
  });
});
