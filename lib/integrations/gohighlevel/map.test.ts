import { describe, expect, it } from "vitest";
import { normalizePhone } from "@/lib/records/normalize-phone";
import {
  ghlAppointmentSchema,
  ghlAppointmentToRemote,
  ghlContactSchema,
  ghlContactToHub,
  ghlContactToRemote,
  hubContactToGhl,
  leadStatusFromOpportunities,
  leadStatusToOpportunityStatus,
  opportunityStatusToLeadStatus,
} from "@/lib/integrations/gohighlevel/map";

// GetContectByIdSchema-shaped record (fields from apps/contacts.json)
const contact = ghlContactSchema.parse({
  id: "nmFmQEsNgz6AVpgLVUJ0",
  locationId: "ve9EPM428h8vShlRW1KT",
  firstName: "John",
  lastName: "Deo",
  name: "John Deo",
  email: "JohnDeo@Example.com",
  phone: "+1 (415) 555-2671",
  companyName: "Loram ipsum",
  source: "xyz form",
  assignedTo: "user_1",
  dnd: false,
  tags: ["vip", "newsletter"],
  customFields: [
    { id: "BcdmQEsNgz6AVpgLVUJ0", value: "XYZ Corp" },
    { id: "multi", value: ["a", "b"] },
    { id: "num", value: 12 },
    { id: "obj", value: { url: "x" } },
  ],
  dateAdded: "2021-11-26T12:41:02.193Z",
  dateUpdated: "2024-03-01T10:00:00.000Z",
  type: "lead",
});

describe("ghlContactToHub", () => {
  it("maps every canonical field", () => {
    expect(ghlContactToHub(contact)).toEqual({
      firstName: "John",
      lastName: "Deo",
      email: "johndeo@example.com",
      phone: "+14155552671",
      company: "Loram ipsum",
      owner: "user_1",
      tags: ["vip", "newsletter"],
      customFields: { BcdmQEsNgz6AVpgLVUJ0: "XYZ Corp", multi: "a, b", num: 12, obj: '{"url":"x"}' },
      subscribed: true,
      source: "xyz form",
    });
  });

  it("treats DND (global or e-mail channel) as not subscribed and missing DND as unknown", () => {
    expect(ghlContactToHub({ ...contact, dnd: true }).subscribed).toBe(false);
    expect(ghlContactToHub({ ...contact, dnd: null, dndSettings: { Email: { status: "active" } } }).subscribed).toBe(false);
    expect(ghlContactToHub({ ...contact, dnd: undefined }).subscribed).toBeNull();
  });

  it("adds the lead status only when the caller knows it", () => {
    expect(ghlContactToHub(contact)).not.toHaveProperty("leadStatus");
    expect(ghlContactToHub(contact, { leadStatus: "won" }).leadStatus).toBe("won");
  });

  it("falls back to the lower-cased names search results carry", () => {
    const fromSearch = ghlContactSchema.parse({ id: "c1", firstNameLowerCase: "ann", lastNameLowerCase: "lee" });
    expect(ghlContactToHub(fromSearch)).toMatchObject({ firstName: "ann", lastName: "lee", email: null });
  });

  it("with onlyPresent keeps only fields the payload carried", () => {
    const partial = ghlContactSchema.parse({ id: "c1", tags: ["x"], dnd: true });
    expect(ghlContactToHub(partial, { onlyPresent: true })).toEqual({ tags: ["x"], subscribed: false });
  });

  it("builds a RemoteContact with dateUpdated as the remote time", () => {
    const remote = ghlContactToRemote(contact, { leadStatus: "open" });
    expect(remote.externalId).toBe("nmFmQEsNgz6AVpgLVUJ0");
    expect(remote.remoteUpdatedAt).toBe("2024-03-01T10:00:00.000Z");
    expect(remote.fields.leadStatus).toBe("open");
    expect(remote.raw).toBe(contact);
  });
});

describe("hubContactToGhl", () => {
  it("writes only the fields present, nulls clear, subscribed becomes dnd", () => {
    expect(
      hubContactToGhl({
        firstName: "Ann",
        lastName: null,
        email: "ann@example.com",
        phone: "040 123 4567",
        company: "Acme",
        owner: "u9",
        tags: ["a"],
        customFields: { "contact.favourite_colour": "blue", fieldId123: 4 },
        subscribed: false,
        source: "switchboard",
      }, { defaultCountry: "FI" }),
    ).toEqual({
      firstName: "Ann",
      lastName: null,
      email: "ann@example.com",
      phone: "+358401234567",
      companyName: "Acme",
      assignedTo: "u9",
      tags: ["a"],
      customFields: [
        { key: "contact.favourite_colour", field_value: "blue" },
        { id: "fieldId123", field_value: 4 },
      ],
      dnd: true,
      source: "switchboard",
    });
    expect(hubContactToGhl({ email: "x@example.com" })).toEqual({ email: "x@example.com" });
    expect(hubContactToGhl({ subscribed: null })).toEqual({});
  });

  it("round-trips through the read mapper", () => {
    const hub = ghlContactToHub(contact);
    const written = hubContactToGhl(hub);
    const reread = ghlContactToHub(
      ghlContactSchema.parse({
        id: contact.id,
        ...written,
        customFields: (written.customFields ?? []).map((f) => ({ id: "id" in f ? f.id : f.key, value: f.field_value })),
      }),
    );
    expect(reread).toEqual(hub);
  });
});

describe("phones", () => {
  it("normalises to E.164 where possible and keeps anything else as given", () => {
    expect(normalizePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalizePhone("(415) 555-2671", "US")).toBe("+14155552671");
    expect(normalizePhone("ext. 12")).toBe("ext. 12");
    expect(normalizePhone("   ")).toBeNull();
    expect(normalizePhone(undefined)).toBeNull();
  });
});

describe("opportunity status <-> lead status", () => {
  it("maps every GHL status", () => {
    expect(opportunityStatusToLeadStatus("open")).toBe("open");
    expect(opportunityStatusToLeadStatus("won")).toBe("won");
    expect(opportunityStatusToLeadStatus("lost")).toBe("lost");
    expect(opportunityStatusToLeadStatus("abandoned")).toBe("unqualified");
    expect(opportunityStatusToLeadStatus("weird")).toBeNull();
  });

  it("maps every hub status back", () => {
    expect(leadStatusToOpportunityStatus("new")).toBe("open");
    expect(leadStatusToOpportunityStatus("in_progress")).toBe("open");
    expect(leadStatusToOpportunityStatus("qualified")).toBe("open");
    expect(leadStatusToOpportunityStatus("unqualified")).toBe("abandoned");
    expect(leadStatusToOpportunityStatus("won")).toBe("won");
    expect(leadStatusToOpportunityStatus("lost")).toBe("lost");
  });

  it("takes the most recently changed opportunity", () => {
    expect(
      leadStatusFromOpportunities([
        { id: "a", status: "lost", lastStatusChangeAt: "2024-01-01T00:00:00Z" },
        { id: "b", status: "won", lastStatusChangeAt: "2024-02-01T00:00:00Z" },
        { id: "c", status: "open", updatedAt: "2023-12-01T00:00:00Z" },
      ]),
    ).toBe("won");
    expect(leadStatusFromOpportunities([])).toBeNull();
  });
});

describe("appointments", () => {
  it("maps the AppointmentCreate appointment object", () => {
    const appt = ghlAppointmentSchema.parse({
      id: "ap1",
      address: "https://example.com/meeting",
      title: "Intro call",
      calendarId: "cal1",
      contactId: "c1",
      groupId: "g1",
      appointmentStatus: "confirmed",
      assignedUserId: "u1",
      users: ["u1"],
      notes: "n",
      source: "booking_widget",
      startTime: "2023-09-25T16:00:00+05:30",
      endTime: "2023-09-25T16:30:00+05:30",
      dateAdded: "2023-09-20T10:00:00Z",
      dateUpdated: "2023-09-21T10:00:00Z",
    });
    expect(ghlAppointmentToRemote(appt)).toMatchObject({
      externalId: "ap1",
      calendarId: "cal1",
      contactExternalId: "c1",
      status: "confirmed",
      startTime: "2023-09-25T16:00:00+05:30",
      remoteUpdatedAt: "2023-09-21T10:00:00Z",
    });
  });
});
