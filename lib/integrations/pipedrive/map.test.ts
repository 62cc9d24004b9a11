import { describe, expect, it } from "vitest";
import { applyTransforms, type FieldMappingRule } from "@/lib/integrations/field-mapping";
import { isHubFieldKey } from "@/lib/integrations/hub-fields";
import {
  fieldsToPipedrive,
  newPipedriveField,
  pipedriveFieldToDescription,
  pipedrivePersonSchema,
  pipedrivePersonToRaw,
  pipedrivePersonsMapping,
  unknownPersonKeys,
} from "@/lib/integrations/pipedrive/map";

const TIER = "0b3e2a1c9f8d7e6b5a4c3d2e1f0a9b8c7d6e5f4a";

const person = pipedrivePersonSchema.parse({
  id: 8,
  name: "Jane Doe",
  first_name: "Jane",
  last_name: "Doe",
  owner_id: 456,
  org_id: 1,
  add_time: "2025-01-01T10:00:00Z",
  update_time: "2025-01-02T10:20:00Z",
  emails: [
    { value: "old@acme.example", primary: false, label: "home" },
    { value: "Jane@Acme.example", primary: true, label: "work" },
  ],
  phones: [{ value: "+358 40 1234567", primary: true, label: "mobile" }],
  is_deleted: false,
  visible_to: 3,
  label_ids: [1, 2],
  marketing_status: "subscribed",
  custom_fields: { [TIER]: "Gold", money: { value: 10, currency: "EUR" }, typed: { type: "varchar", value: "w" }, none: null },
});

const rule = (field: string): FieldMappingRule => {
  const r = pipedrivePersonsMapping.rules.find((x) => x.providerField === field);
  if (!r) throw new Error(`no rule for ${field}`);
  return r;
};

describe("pipedrivePersonToRaw", () => {
  it("keeps the person's keys, flattens custom fields, adds the primary email / phone and the org name when known", () => {
    const raw = pipedrivePersonToRaw(person, { orgName: "Acme" });
    expect(raw.externalId).toBe("8");
    expect(raw.remoteUpdatedAt).toBe("2025-01-02T10:20:00.000Z");
    expect(raw.fields).toMatchObject({
      first_name: "Jane",
      last_name: "Doe",
      email: "Jane@Acme.example",
      phone: "+358 40 1234567",
      owner_id: 456,
      org_id: 1,
      org_name: "Acme",
      label_ids: [1, 2],
      marketing_status: "subscribed",
      [TIER]: "Gold",
      money: { value: 10, currency: "EUR" },
      typed: "w",
      none: null,
    });
    for (const k of ["id", "custom_fields", "is_deleted"]) expect(raw.fields).not.toHaveProperty(k);
  });

  it("leaves org_name out when unknown, null when there is no organisation", () => {
    expect(pipedrivePersonToRaw(person).fields).not.toHaveProperty("org_name");
    expect(pipedrivePersonToRaw({ ...person, org_id: null }).fields["org_name"]).toBeNull();
  });
});

describe("fieldsToPipedrive", () => {
  it("builds AddPersonRequest: name from first/last, primary email and phone, custom fields, integer ids", () => {
    const { body, orgName } = fieldsToPipedrive({ first_name: "Ann", last_name: "Lee", email: " Ann@Example.COM ", phone: "+14155550100", owner_id: "456", [TIER]: "Silver", org_name: "Acme", add_time: "x" }, null);
    expect(body).toEqual({
      name: "Ann Lee",
      emails: [{ value: "ann@example.com", primary: true, label: "work" }],
      phones: [{ value: "+14155550100", primary: true, label: "work" }],
      owner_id: 456,
      custom_fields: { [TIER]: "Silver" },
    });
    expect(orgName).toBe("Acme");
  });

  it("on update keeps the other name half and the non-primary e-mails; clearing promotes the next one", () => {
    expect(fieldsToPipedrive({ last_name: "Smith" }, person).body).toEqual({ name: "Jane Smith" });
    expect(fieldsToPipedrive({ email: "new@acme.example" }, person).body["emails"]).toEqual([
      { value: "new@acme.example", primary: true, label: "work" },
      { value: "old@acme.example", primary: false, label: "home" },
    ]);
    expect(fieldsToPipedrive({ email: null }, person).body["emails"]).toEqual([{ value: "old@acme.example", primary: true, label: "home" }]);
    // never blanks the required name
    expect(fieldsToPipedrive({ first_name: null, last_name: null }, person).body).toEqual({});
  });

  it("round-trips a raw record", () => {
    const { body } = fieldsToPipedrive(pipedrivePersonToRaw(person, { orgName: "Acme" }).fields, person);
    expect(body).toMatchObject({ name: "Jane Doe", owner_id: 456, org_id: 1, label_ids: [1, 2], marketing_status: "subscribed", custom_fields: { [TIER]: "Gold" } });
    expect(body).not.toHaveProperty("update_time");
  });

  it("names keys Pipedrive would refuse", () => {
    expect(unknownPersonKeys({ email: "a@b.c", favourite: "x", [TIER]: 1, open_deals_count: 2, add_time: "x" })).toEqual(["favourite"]);
  });
});

describe("person fields", () => {
  it("describes types, options, read-only and custom flags", () => {
    expect(pipedriveFieldToDescription({ field_code: TIER, field_name: "Tier", field_type: "enum", is_custom_field: true, options: [{ id: 1, label: "Gold" }] })).toEqual({
      key: TIER, label: "Tier", type: "enum", required: false, readOnly: false, options: [{ value: "1", label: "Gold" }], custom: true,
    });
    expect(pipedriveFieldToDescription({ field_code: "update_time", field_name: "Update time", field_type: "date" })).toMatchObject({ readOnly: true, custom: false });
    expect(pipedriveFieldToDescription({ field_code: "name", field_name: "Name", field_type: "varchar" })).toMatchObject({ type: "string", required: true });
    expect(newPipedriveField({ key: "x", label: "Colour", type: "enum", options: [{ value: "red", label: "Red" }] })).toEqual({ field_name: "Colour", field_type: "enum", options: [{ label: "Red" }] });
    expect(newPipedriveField({ key: "x", label: "Agreed", type: "boolean" })).toEqual({ field_name: "Agreed", field_type: "enum", options: [{ label: "Yes" }, { label: "No" }] });
    expect(newPipedriveField({ key: "x", label: "Score", type: "number" })).toEqual({ field_name: "Score", field_type: "double" });
  });
});

describe("default mapping", () => {
  it("consent <-> marketing status both ways", () => {
    const t = rule("marketing_status").transforms;
    expect(applyTransforms(t, true, "push")).toBe("subscribed");
    expect(applyTransforms(t, false, "push")).toBe("unsubscribed");
    expect(applyTransforms(t, "subscribed", "pull")).toBe(true);
    expect(applyTransforms(t, null, "push")).toBe("no_consent");
    expect(applyTransforms(t, "no_consent", "pull")).toBeNull();
    expect(applyTransforms(t, "archived", "pull")).toBe(false);
  });

  it("covers the standard table with custom fields and names only hub fields that exist", () => {
    expect(pipedrivePersonsMapping.rules.map((r) => r.hubField).sort()).toEqual(["company", "email", "firstName", "lastName", "owner", "phone", "subscribed"]);
    expect(pipedrivePersonsMapping.customFields).toEqual({ direction: "both", conflictPolicy: "last_writer_wins" });
    for (const r of pipedrivePersonsMapping.rules) expect(isHubFieldKey("contacts", r.hubField)).toBe(true);
    expect(applyTransforms(rule("email").transforms, " Ann@Acme.Example ", "push")).toBe("ann@acme.example");
    expect(applyTransforms(rule("phone").transforms, "+358 40 1234567", "pull")).toBe("+358401234567");
  });
});
