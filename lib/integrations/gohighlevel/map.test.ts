import { describe, expect, it } from "vitest";
import { applyTransforms, type FieldMappingRule } from "@/lib/integrations/field-mapping";
import { isHubFieldKey } from "@/lib/integrations/hub-fields";
import {
  GHL_CONTACT_STANDARD_FIELDS,
  OPPORTUNITY_STATUS_FIELD,
  fieldsToGhlContact,
  ghlContactSchema,
  ghlContactToRaw,
  ghlCustomFieldToDescription,
  ghlFlatToRaw,
  gohighlevelAppointmentsMapping,
  gohighlevelBlockSlotsMapping,
  gohighlevelCalendarsMapping,
  gohighlevelContactsMapping,
  gohighlevelOpportunitiesMapping,
  latestOpportunity,
  newGhlCustomField,
  unknownContactKeys,
  APPOINTMENT_UPDATED_KEYS,
} from "@/lib/integrations/gohighlevel/map";

// GetContectByIdSchema-shaped record (fields from apps/contacts.json)
const contact = ghlContactSchema.parse({
  id: "nmFmQEsNgz6AVpgLVUJ0",
  locationId: "ve9EPM428h8vShlRW1KT",
  firstName: "John",
  lastName: "Deo",
  name: "John Deo",
  email: "JohnDeo@Example.com",
  phone: "+14155552671",
  companyName: "Loram ipsum",
  source: "xyz form",
  assignedTo: "user_1",
  dnd: false,
  tags: ["vip", "newsletter"],
  customFields: [
    { id: "BcdmQEsNgz6AVpgLVUJ0", value: "XYZ Corp" },
    { id: "multiOptionsField0001", value: ["a", "b"] },
  ],
  dateAdded: "2021-11-26T12:41:02.193Z",
  dateUpdated: "2024-03-01T10:00:00.000Z",
  type: "lead",
});

const rule = (field: string): FieldMappingRule => {
  const r = gohighlevelContactsMapping.rules.find((x) => x.providerField === field);
  if (!r) throw new Error(`no rule for ${field}`);
  return r;
};

describe("ghlContactToRaw", () => {
  it("keeps the contact's own keys, flattens custom values by field id and uses dateUpdated", () => {
    const raw = ghlContactToRaw(contact);
    expect(raw.externalId).toBe("nmFmQEsNgz6AVpgLVUJ0");
    expect(raw.remoteUpdatedAt).toBe("2024-03-01T10:00:00.000Z");
    expect(raw.fields).toMatchObject({
      firstName: "John",
      email: "JohnDeo@Example.com",
      companyName: "Loram ipsum",
      dnd: false,
      tags: ["vip", "newsletter"],
      BcdmQEsNgz6AVpgLVUJ0: "XYZ Corp",
      multiOptionsField0001: ["a", "b"],
    });
    expect(raw.fields).not.toHaveProperty("customFields");
    expect(raw.fields).not.toHaveProperty("id");
  });

  it("drops search helpers, falls back to their lower-cased names, and merges extra fields", () => {
    const row = ghlContactSchema.parse({ id: "x", firstNameLowerCase: "ann", searchAfter: [1, "x"], dateAdded: "2024-01-01T00:00:00Z" });
    const raw = ghlContactToRaw(row, { [OPPORTUNITY_STATUS_FIELD]: "won" });
    expect(raw.fields).toEqual({ firstName: "ann", dateAdded: "2024-01-01T00:00:00Z", opportunityStatus: "won" });
    expect(raw.remoteUpdatedAt).toBe("2024-01-01T00:00:00.000Z");
  });
});

describe("fieldsToGhlContact", () => {
  it("writes standard keys, custom fields by id or key, lower-cases e-mail, drops read-only keys", () => {
    const { body, opportunityStatus } = fieldsToGhlContact({
      email: " Ann@Example.COM ",
      firstName: null,
      tags: ["a"],
      dnd: true,
      BcdmQEsNgz6AVpgLVUJ0: "XYZ",
      "contact.favourite_colour": "green",
      dateUpdated: "2024-01-01T00:00:00Z",
      type: "lead",
      [OPPORTUNITY_STATUS_FIELD]: "lost",
    });
    expect(body).toEqual({
      email: "ann@example.com",
      firstName: null,
      tags: ["a"],
      dnd: true,
      customFields: [
        { id: "BcdmQEsNgz6AVpgLVUJ0", field_value: "XYZ" },
        { key: "contact.favourite_colour", field_value: "green" },
      ],
    });
    expect(opportunityStatus).toBe("lost");
    expect(fieldsToGhlContact({ firstName: "A" })).toEqual({ body: { firstName: "A" } });
  });

  it("round-trips a raw record: reading back what was written gives the same values", () => {
    const { body } = fieldsToGhlContact(ghlContactToRaw(contact).fields);
    expect(body).toMatchObject({ firstName: "John", companyName: "Loram ipsum", assignedTo: "user_1" });
    expect(body["customFields"]).toEqual([
      { id: "BcdmQEsNgz6AVpgLVUJ0", field_value: "XYZ Corp" },
      { id: "multiOptionsField0001", field_value: ["a", "b"] },
    ]);
    expect(body).not.toHaveProperty("locationId");
  });

  it("names keys GHL would refuse", () => {
    expect(unknownContactKeys({ email: "a@b.c", favourite: "x", "contact.x": 1, dateAdded: "x" })).toEqual(["favourite"]);
  });
});

describe("field descriptions", () => {
  it("describes the standard contact fields with the virtual opportunity status", () => {
    const status = GHL_CONTACT_STANDARD_FIELDS.find((f) => f.key === OPPORTUNITY_STATUS_FIELD);
    expect(status).toMatchObject({ type: "enum", custom: false, readOnly: false });
    expect(status?.options?.map((o) => o.value)).toEqual(["open", "won", "lost", "abandoned"]);
    expect(GHL_CONTACT_STANDARD_FIELDS.find((f) => f.key === "dateUpdated")?.readOnly).toBe(true);
  });

  it("maps custom field data types, options and read-only uploads", () => {
    expect(ghlCustomFieldToDescription({ id: "cf1", name: "Plan", dataType: "SINGLE_OPTIONS", picklistOptions: ["A", "B"] })).toEqual({
      key: "cf1", label: "Plan", type: "enum", required: false, readOnly: false, options: [{ value: "A", label: "A" }, { value: "B", label: "B" }], custom: true,
    });
    expect(ghlCustomFieldToDescription({ id: "cf2", name: "Score", dataType: "NUMERICAL" }).type).toBe("number");
    expect(ghlCustomFieldToDescription({ id: "cf3", name: "File", dataType: "FILE_UPLOAD" }).readOnly).toBe(true);
    expect(newGhlCustomField({ key: "colour", label: "Colour", type: "enum", options: [{ value: "red", label: "Red" }] })).toEqual({
      name: "Colour", dataType: "SINGLE_OPTIONS", model: "contact", options: ["red"],
    });
    expect(newGhlCustomField({ key: "n", label: "N", type: "number" })).toEqual({ name: "N", dataType: "NUMERICAL", model: "contact" });
  });
});

describe("default mappings", () => {
  it("lead status <-> the latest opportunity's status, both ways", () => {
    const t = rule(OPPORTUNITY_STATUS_FIELD).transforms;
    expect(applyTransforms(t, "won", "push")).toBe("won");
    expect(applyTransforms(t, "qualified", "push")).toBe("open");
    expect(applyTransforms(t, "unqualified", "push")).toBe("abandoned");
    expect(applyTransforms(t, "abandoned", "pull")).toBe("unqualified");
    expect(applyTransforms(t, "open", "pull")).toBe("open");
    expect(applyTransforms(t, "mystery", "pull")).toBeNull();
  });

  it("consent is the negated do-not-disturb flag", () => {
    const t = rule("dnd").transforms;
    expect(applyTransforms(t, true, "pull")).toBe(false);
    expect(applyTransforms(t, true, "push")).toBe(false);
    expect(applyTransforms(t, false, "push")).toBe(true);
  });

  it("covers the standard table, with custom fields, and names only hub fields that exist", () => {
    expect(gohighlevelContactsMapping.rules.map((r) => r.hubField)).toEqual(expect.arrayContaining(["email", "firstName", "lastName", "phone", "company", "leadStatus", "owner", "source", "subscribed", "tags"]));
    expect(gohighlevelContactsMapping.customFields).toEqual({ direction: "both", conflictPolicy: "last_writer_wins" });
    for (const m of [gohighlevelContactsMapping, gohighlevelOpportunitiesMapping, gohighlevelAppointmentsMapping, gohighlevelBlockSlotsMapping, gohighlevelCalendarsMapping]) {
      for (const r of m.rules) expect(isHubFieldKey(m.hubObject, r.hubField), `${m.hubObject}.${r.hubField}`).toBe(true);
    }
  });

  it("appointment statuses map to the hub's", () => {
    const r = gohighlevelAppointmentsMapping.rules.find((x) => x.providerField === "appointmentStatus")!;
    expect(applyTransforms(r.transforms, "noshow", "pull")).toBe("no_show");
    expect(applyTransforms(r.transforms, "new", "pull")).toBe("booked");
    expect(applyTransforms(r.transforms, "no_show", "push")).toBe("noshow");
    expect(applyTransforms(r.transforms, "booked", "push")).toBe("new");
  });
});

describe("opportunities and appointments", () => {
  it("the most recently changed opportunity decides the lead status", () => {
    const latest = latestOpportunity([
      { id: "a", status: "lost", lastStatusChangeAt: "2024-01-01T00:00:00Z" },
      { id: "b", status: "won", lastStatusChangeAt: "2024-02-01T00:00:00Z" },
      { id: "c", status: "open", updatedAt: "2023-12-01T00:00:00Z" },
    ]);
    expect(latest?.id).toBe("b");
    expect(latestOpportunity([])).toBeNull();
  });

  it("flat records keep their keys and take the first present update time", () => {
    const raw = ghlFlatToRaw({ id: "ap1", startTime: "2023-09-25T16:00:00+05:30", dateAdded: "2023-09-01T00:00:00Z", dateUpdated: null }, APPOINTMENT_UPDATED_KEYS);
    expect(raw).toEqual({
      externalId: "ap1",
      remoteUpdatedAt: "2023-09-01T00:00:00.000Z",
      fields: { startTime: "2023-09-25T16:00:00+05:30", dateAdded: "2023-09-01T00:00:00Z", dateUpdated: null },
    });
  });
});
