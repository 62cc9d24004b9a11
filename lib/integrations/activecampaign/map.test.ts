import { describe, expect, it } from "vitest";
import { acDateToIso, fromActiveCampaign, resolveFieldId, subscribedFromLists, toActiveCampaign, type AcField } from "./map";

const defs: AcField[] = [
  { id: "1", title: "Plan", perstag: "PLAN" },
  { id: "2", title: "Lead score", perstag: "LEAD_SCORE" },
];

describe("fromActiveCampaign", () => {
  it("maps the contact, tags, custom fields by perstag and list status", () => {
    const remote = fromActiveCampaign({
      contact: {
        id: "42",
        email: "Ann@Example.com",
        firstName: "Ann",
        lastName: "",
        phone: "+1 415 555 2671",
        orgname: "Acme",
        cdate: "2024-05-01T09:00:00-05:00",
        udate: "2024-06-01T12:00:00-05:00",
      },
      fieldValues: [
        { field: "1", value: "VIP" },
        { field: "9", value: "x" },
      ],
      fieldDefs: defs,
      tags: ["lead", "vip"],
      contactLists: [
        { list: "1", status: "2" },
        { list: "3", status: "1" },
      ],
    });
    expect(remote.externalId).toBe("42");
    expect(remote.remoteUpdatedAt).toBe("2024-06-01T17:00:00.000Z");
    expect(remote.fields).toEqual({
      firstName: "Ann",
      lastName: null,
      email: "ann@example.com",
      phone: "+14155552671",
      company: "Acme",
      tags: ["lead", "vip"],
      customFields: { PLAN: "VIP", "9": "x" },
      subscribed: true,
    });
  });

  it("keeps an unparseable phone as given and leaves unknown parts out", () => {
    const remote = fromActiveCampaign({ contact: { id: "7", email: "b@c.io", phone: "ext 12", udate: null, cdate: "2024-01-01T00:00:00Z" } });
    expect(remote.fields.phone).toBe("ext 12");
    expect(remote.fields.tags).toBeUndefined();
    expect(remote.fields.subscribed).toBeUndefined();
    expect(remote.remoteUpdatedAt).toBe("2024-01-01T00:00:00.000Z");
  });
});

describe("toActiveCampaign", () => {
  it("builds the sync body, resolving custom fields by perstag, title or id", () => {
    const plan = toActiveCampaign(
      {
        email: "ann@example.com",
        firstName: "Ann",
        lastName: null,
        company: "ignored",
        tags: ["vip"],
        customFields: { plan: "Gold", "Lead score": 12, nope: "x" },
      },
      defs,
    );
    expect(plan.body).toEqual({
      contact: {
        email: "ann@example.com",
        firstName: "Ann",
        lastName: "",
        fieldValues: [
          { field: "1", value: "Gold" },
          { field: "2", value: "12" },
        ],
      },
    });
    expect(plan.tags).toEqual(["vip"]);
    expect(plan.unknownFields).toEqual(["nope"]);
  });

  it("sends only fields the hub record carries", () => {
    expect(toActiveCampaign({ phone: "+14155552671" }).body).toEqual({ contact: { phone: "+14155552671" } });
  });
});

describe("helpers", () => {
  it("reads list status", () => {
    expect(subscribedFromLists([])).toBeNull();
    expect(subscribedFromLists([{ list: "1", status: "2" }])).toBe(false);
    expect(subscribedFromLists([{ list: "1", status: "0" }])).toBeNull();
  });
  it("resolves field ids and dates", () => {
    expect(resolveFieldId("LEAD_SCORE", defs)).toBe("2");
    expect(resolveFieldId("1", defs)).toBe("1");
    expect(toActiveCampaign({ customFields: { PLAN: "a", Plan: "b" } }, defs).body.contact.fieldValues).toEqual([{ field: "1", value: "b" }]);
    expect(resolveFieldId("missing", defs)).toBeNull();
    expect(acDateToIso("garbage")).toBeNull();
    expect(acDateToIso("")).toBeNull();
  });
});
