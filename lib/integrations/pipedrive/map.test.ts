import { describe, expect, it } from "vitest";
import { normalizePhone } from "@/lib/records/normalize-phone";
import {
  hubContactToPipedrive,
  pipedrivePersonSchema,
  pipedrivePersonToHub,
  pipedrivePersonToRemote,
} from "@/lib/integrations/pipedrive/map";

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
  custom_fields: { a1b2: "value", money: { value: 10, currency: "EUR" }, typed: { type: "varchar", value: "w" }, none: null },
});

describe("pipedrivePersonToHub", () => {
  it("maps the v2 person, picking the primary email and phone", () => {
    expect(pipedrivePersonToHub(person, { orgName: "Acme", labelNames: new Map([[1, "Hot lead"]]) })).toEqual({
      firstName: "Jane",
      lastName: "Doe",
      email: "jane@acme.example",
      phone: "+358401234567",
      company: "Acme",
      owner: "456",
      tags: ["Hot lead", "2"],
      customFields: { a1b2: "value", money: 10, typed: "w", none: null },
      subscribed: true,
    });
  });

  it("leaves company out when the org name is unknown, null when there is no org", () => {
    expect(pipedrivePersonToHub(person)).not.toHaveProperty("company");
    expect(pipedrivePersonToHub({ ...person, org_id: null }).company).toBeNull();
  });

  it("maps marketing statuses and omits consent when Pipedrive did not send it", () => {
    expect(pipedrivePersonToHub({ ...person, marketing_status: "unsubscribed" }).subscribed).toBe(false);
    expect(pipedrivePersonToHub({ ...person, marketing_status: "no_consent" }).subscribed).toBe(false);
    expect(pipedrivePersonToHub({ ...person, marketing_status: "archived" }).subscribed).toBe(false);
    const { marketing_status: _m, ...withoutStatus } = person;
    expect(pipedrivePersonToHub(withoutStatus)).not.toHaveProperty("subscribed");
  });

  it("splits `name` when first/last are absent, and falls back to the first entry without a primary", () => {
    const p = pipedrivePersonSchema.parse({ id: 1, name: "Ana María López", emails: [{ value: "a@x.example" }] });
    expect(pipedrivePersonToHub(p)).toMatchObject({ firstName: "Ana", lastName: "María López", email: "a@x.example", phone: null });
  });

  it("builds a RemoteContact with a string id and update_time", () => {
    const remote = pipedrivePersonToRemote(person);
    expect(remote.externalId).toBe("8");
    expect(remote.remoteUpdatedAt).toBe("2025-01-02T10:20:00Z");
  });
});

describe("hubContactToPipedrive", () => {
  it("builds AddPersonRequest: name, primary email/phone, owner, org, labels, consent, custom fields", () => {
    expect(
      hubContactToPipedrive(
        {
          firstName: "Jane",
          lastName: "Doe",
          email: "Jane@Acme.example",
          phone: "040 1234567",
          owner: "456",
          tags: ["Hot lead", "7", "unknown"],
          subscribed: true,
          customFields: { a1b2: "v" },
          leadStatus: "won",
          source: "ignored",
        },
        { orgId: 1, labelIds: new Map([["Hot lead", 1]]), defaultCountry: "FI" },
      ),
    ).toEqual({
      name: "Jane Doe",
      emails: [{ value: "jane@acme.example", primary: true, label: "work" }],
      phones: [{ value: "+358401234567", primary: true, label: "work" }],
      owner_id: 456,
      org_id: 1,
      label_ids: [1, 7],
      marketing_status: "subscribed",
      custom_fields: { a1b2: "v" },
    });
  });

  it("on update keeps the other name half and the non-primary emails", () => {
    const body = hubContactToPipedrive({ lastName: "Smith", email: "new@acme.example" }, { existing: person });
    expect(body.name).toBe("Jane Smith");
    expect(body.emails).toEqual([
      { value: "new@acme.example", primary: true, label: "work" },
      { value: "old@acme.example", primary: false, label: "home" },
    ]);
  });

  it("clearing the email promotes the next one; unsubscribing sets unsubscribed; nothing else is sent", () => {
    expect(hubContactToPipedrive({ email: null }, { existing: person })).toEqual({
      emails: [{ value: "old@acme.example", primary: true, label: "home" }],
    });
    expect(hubContactToPipedrive({ subscribed: false })).toEqual({ marketing_status: "unsubscribed" });
    expect(hubContactToPipedrive({ firstName: null, lastName: null })).toEqual({});
  });

  it("round-trips through the read mapper", () => {
    const hub = pipedrivePersonToHub(person, { orgName: "Acme" });
    const body = hubContactToPipedrive(hub, { orgId: 1 });
    const reread = pipedrivePersonToHub(
      pipedrivePersonSchema.parse({ id: 8, first_name: "Jane", last_name: "Doe", ...body }),
      { orgName: "Acme" },
    );
    expect(reread).toEqual({ ...hub, customFields: { ...hub.customFields } });
  });
});

describe("normalizePhone", () => {
  it("normalises to E.164 where it can", () => {
    expect(normalizePhone("+1 415 555 2671")).toBe("+14155552671");
    expect(normalizePhone("12")).toBe("12");
  });
});
