import { describe, expect, it } from "vitest";
import { applyTransforms } from "@/lib/integrations/field-mapping";
import { fieldsToLoops, loopsContactsMapping, loopsPropertyName, loopsPropertyToField, loopsToRaw, mailingListsField, newLoopsProperty } from "@/lib/integrations/loops/map";

describe("Loops map", () => {
  it("reads a contact as a raw record: own keys, custom properties at the top level, lists as ids", () => {
    expect(
      loopsToRaw({
        id: "cm1", email: "Ann@Example.com", firstName: "Ann", lastName: null, source: "API", subscribed: true, userGroup: "", userId: null,
        mailingLists: { listA: true, listB: false }, optInStatus: "accepted", plan: "pro", seats: 3, nested: { no: 1 },
      }),
    ).toEqual({
      externalId: "cm1",
      remoteUpdatedAt: null,
      fields: { email: "ann@example.com", firstName: "Ann", lastName: null, source: "API", subscribed: true, userGroup: "", userId: null, mailingLists: ["listA"], optInStatus: "accepted", plan: "pro", seats: 3 },
    });
  });

  it("writes: lists as exactly the given ids, read-only keys left out, long strings cut to 500", () => {
    expect(fieldsToLoops({ email: " Ann@Example.com ", mailingLists: ["listA"], optInStatus: "pending", plan: "x".repeat(600), seats: 2, subscribed: false }, ["listA", "listB"])).toEqual({
      email: "ann@example.com", mailingLists: { listA: true, listB: false }, plan: "x".repeat(500), seats: 2, subscribed: false,
    });
    expect(fieldsToLoops({ mailingLists: { listB: true } })).toEqual({ mailingLists: { listB: true } });
  });

  it("describes properties and mailing lists; names new properties camelCase with Loops' four types", () => {
    expect(loopsPropertyToField({ key: "plan", label: "Plan", type: "string" }, true)).toEqual({ key: "plan", label: "Plan", type: "string", required: false, readOnly: false, custom: true });
    expect(loopsPropertyToField({ key: "email", label: "Email", type: "string" }, false)).toMatchObject({ type: "email", required: true });
    expect(mailingListsField([{ id: "l1", name: "News" }])).toMatchObject({ key: "mailingLists", type: "multi_enum", options: [{ value: "l1", label: "News" }] });
    expect(loopsPropertyName("contract_ab_1")).toBe("contractAb1");
    expect(loopsPropertyName("Favourite colour")).toBe("favouriteColour");
    expect(newLoopsProperty({ key: "seats count", label: "Seats", type: "number" })).toEqual({ name: "seatsCount", type: "number" });
    expect(() => newLoopsProperty({ key: "tags", label: "Tags", type: "multi_enum" })).toThrow(/no multi_enum/);
  });

  it("default mapping: the fields Loops has, custom properties both ways", () => {
    expect(loopsContactsMapping.rules.map((r) => r.hubField).sort()).toEqual(["email", "firstName", "lastName", "source", "subscribed"]);
    expect(applyTransforms(loopsContactsMapping.rules[0]!.transforms, " A@B.CO ", "push")).toBe("a@b.co");
    expect(loopsContactsMapping.customFields).toEqual({ direction: "both", conflictPolicy: "last_writer_wins" });
  });
});
