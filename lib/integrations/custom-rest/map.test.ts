import { describe, expect, it } from "vitest";
import { exampleTemplate } from "./example-template";
import { getPath, setPath } from "./json-path";
import { fromCustomRest, recordFromResponse, recordsFromListResponse, toCustomRest, toIso } from "./map";
import { assertCustomRestTemplate } from "./template";

const template = assertCustomRestTemplate(exampleTemplate("https://crm.example.com/api"));

const record = {
  id: 17,
  first_name: "Ann",
  last_name: "Lee",
  email: "Ann@Example.com",
  phone: "(415) 555-2671",
  company: { name: "Acme" },
  status: "contacted",
  owner_email: "owner@acme.test",
  tags: ["vip", 3, null],
  marketing_opt_in: "true",
  source: "web",
  custom: { plan: "gold", seats: 4, nested: { x: 1 } },
  updated_at: "2024-06-01T12:00:00+02:00",
};

describe("fromCustomRest", () => {
  it("reads every mapped path", () => {
    expect(fromCustomRest(template, record)).toEqual({
      externalId: "17",
      remoteUpdatedAt: "2024-06-01T10:00:00.000Z",
      fields: {
        firstName: "Ann",
        lastName: "Lee",
        email: "ann@example.com",
        phone: "(415) 555-2671",
        company: "Acme",
        leadStatus: "in_progress",
        owner: "owner@acme.test",
        subscribed: true,
        source: "web",
        tags: ["vip", "3"],
        customFields: { plan: "gold", seats: 4 },
      },
      raw: record,
    });
  });

  it("normalises phones with a country code, splits comma tags and reads unix times", () => {
    const t = assertCustomRestTemplate({ ...exampleTemplate("https://x.test"), updatedAtField: "ts" });
    const r = fromCustomRest(t, { id: "a", email: "bad", phone: "+44 20 7946 0958", tags: "a, b,,c", ts: 1717243200, status: "QUALIFIED" });
    expect(r.fields).toMatchObject({ phone: "+442079460958", tags: ["a", "b", "c"], email: null, leadStatus: "qualified" });
    expect(r.remoteUpdatedAt).toBe("2024-06-01T12:00:00.000Z");
  });

  it("throws when the record has no id", () => {
    expect(() => fromCustomRest(template, { email: "a@b.co" })).toThrow(/no id/);
  });
});

describe("toCustomRest", () => {
  it("writes hub fields at their paths, mapping lead status back", () => {
    expect(
      toCustomRest(template, {
        firstName: "Ann",
        email: "ann@example.com",
        company: "Acme",
        leadStatus: "won",
        tags: ["vip"],
        subscribed: false,
        customFields: { plan: "gold", "a.b": 1 },
      }),
    ).toEqual({
      first_name: "Ann",
      email: "ann@example.com",
      company: { name: "Acme" },
      status: "customer",
      tags: ["vip"],
      marketing_opt_in: false,
      custom: { plan: "gold", "a.b": 1 },
    });
  });

  it("wraps the body when requestBodyPath is set and passes unmapped statuses through", () => {
    const t = assertCustomRestTemplate({ ...exampleTemplate("https://x.test"), requestBodyPath: "contact", leadStatusMap: {} });
    expect(toCustomRest(t, { leadStatus: "open", lastName: null })).toEqual({ contact: { status: "open", last_name: null } });
  });
});

describe("paths and responses", () => {
  it("gets and sets dot paths", () => {
    const o: Record<string, unknown> = {};
    setPath(o, "a.b", 1);
    setPath(o, "list.0.v", 2);
    expect(o).toEqual({ a: { b: 1 }, list: [{ v: 2 }] });
    expect(getPath(o, "list.0.v")).toBe(2);
    expect(getPath(o, "a.b.c")).toBeUndefined();
    expect(getPath(o, "")).toBe(o);
  });
  it("finds records in responses", () => {
    expect(recordsFromListResponse(template, { data: [1, 2] })).toEqual([1, 2]);
    expect(recordsFromListResponse(template, { items: [] })).toBeNull();
    expect(recordFromResponse(template, { data: { id: 1 } })).toEqual({ id: 1 });
    expect(toIso("1717243200000")).toBe("2024-06-01T12:00:00.000Z");
  });
});
