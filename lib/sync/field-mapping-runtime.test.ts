import { describe, expect, it } from "vitest";
import { echoHash, hashFields, mapInbound, mapOutbound, policiesOf, type StoredMapping } from "@/lib/sync/field-mapping-runtime";

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
