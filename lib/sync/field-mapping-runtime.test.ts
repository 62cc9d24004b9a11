import { describe, expect, it } from "vitest";
import { echoHash, hashFields, mapInbound, mapOutbound, policiesOf, pullOnlyFields, withCustomFieldRules, writtenHash, type StoredMapping } from "@/lib/sync/field-mapping-runtime";

const mapping: StoredMapping = {
  rules: [
    { hubField: "email", providerField: "email", direction: "both", transforms: [{ kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "phone", providerField: "phone", direction: "both", transforms: [], conflictPolicy: "hub_wins" },
    { hubField: "phone", providerField: "mobilephone", direction: "pull", transforms: [], conflictPolicy: "hub_wins" },
    { hubField: "subscribed", providerField: "optout", direction: "pull", transforms: [{ kind: "negate" }, { kind: "booleanString" }], conflictPolicy: "never_overwrite" },
    { hubField: "leadStatus", providerField: "status", direction: "push", transforms: [{ kind: "valueMap", push: { new: "NEW" } }], conflictPolicy: "manual" },
  ],
};

describe("field mapping at work", () => {
  it("maps provider fields in through the transforms; the first non-empty source of a hub field wins", () => {
    expect(mapInbound(mapping, { email: "ADA@X.TEST", phone: "", mobilephone: "+1 415 555 2671", optout: "true", status: "NEW" })).toEqual({
      email: "ada@x.test",
      phone: "+1 415 555 2671",
      subscribed: false,
    });
    expect(mapInbound(mapping, { email: "a@x.test" })).toEqual({ email: "a@x.test" });
  });

  it("maps hub fields out only for the rules that push, and names each pulled field's policy", () => {
    expect(mapOutbound(mapping, { email: "A@X.TEST", phone: null, leadStatus: "new", subscribed: false })).toEqual({ email: "a@x.test", phone: null, status: "NEW" });
    expect(policiesOf(mapping)).toEqual({ email: "last_writer_wins", phone: "hub_wins", subscribed: "never_overwrite" });
  });

  it("recognises Switchboard's own write coming back (same pushed fields), and not a partial record", () => {
    const written = mapOutbound(mapping, { email: "a@x.test", phone: "+14155552671", leadStatus: "new" });
    expect(echoHash(mapping, { ...written, mobilephone: "other", optout: "false" })).toBe(hashFields(written));
    expect(echoHash(mapping, { ...written, phone: "+14155550000" })).not.toBe(hashFields(written));
    expect(echoHash(mapping, { email: "a@x.test" })).toBeNull();
  });
});

describe("custom fields by the mapping's customFields default", () => {
  const base: StoredMapping = { rules: [{ hubField: "email", providerField: "email", direction: "both", transforms: [], conflictPolicy: "last_writer_wins" }], customFields: { direction: "both", conflictPolicy: "hub_wins" } };
  const described = [
    { key: "email", label: "Email", type: "email" as const, required: true, readOnly: false, custom: false },
    { key: "PLAN", label: "Plan", type: "enum" as const, required: false, readOnly: false, custom: true },
    { key: "SCORE", label: "Score", type: "number" as const, required: false, readOnly: true, custom: true },
    { key: "INTERESTS", label: "Interests", type: "multi_enum" as const, required: false, readOnly: false, custom: true },
  ];

  it("adds one rule per scalar custom field (read-only ones pull only) and maps them both ways", () => {
    const m = withCustomFieldRules(base, described);
    expect(m.rules.map((r) => [r.hubField, r.providerField, r.direction])).toEqual([
      ["email", "email", "both"],
      ["customFields.PLAN", "PLAN", "both"],
      ["customFields.SCORE", "SCORE", "pull"],
    ]);
    expect(mapInbound(m, { email: "a@x.test", PLAN: "Pro", SCORE: 7, INTERESTS: ["a"] })).toEqual({ email: "a@x.test", "customFields.PLAN": "Pro", "customFields.SCORE": 7 });
    expect(policiesOf(m)).toMatchObject({ "customFields.PLAN": "hub_wins" });
    expect(withCustomFieldRules({ rules: base.rules }, described).rules).toHaveLength(1);
  });

  it("writes only the custom fields the hub holds, and hashes empty custom fields away on both sides", () => {
    const m = withCustomFieldRules(base, described);
    expect(mapOutbound(m, { email: "a@x.test" })).toEqual({ email: "a@x.test" });
    expect(mapOutbound(m, { email: "a@x.test", "customFields.PLAN": null })).toEqual({ email: "a@x.test", PLAN: null });
    const written = mapOutbound(m, { email: "a@x.test", "customFields.PLAN": "Pro" });
    expect(echoHash(m, { email: "a@x.test", PLAN: "Pro", SCORE: 3 })).toBe(writtenHash(m, written));
    expect(echoHash(m, { email: "a@x.test", PLAN: null })).toBe(writtenHash(m, { email: "a@x.test", PLAN: null }));
    expect(echoHash(m, { email: "a@x.test", PLAN: "Free" })).not.toBe(writtenHash(m, written));
  });

  it("an echo's pull-only fields: what the provider holds of its own, never an empty value that would blank the hub", () => {
    expect(pullOnlyFields(mapping, { email: "ada@x.test", subscribed: null })).toEqual({});
    expect(pullOnlyFields(mapping, { email: "ada@x.test", subscribed: false })).toEqual({ subscribed: false });
  });
});
