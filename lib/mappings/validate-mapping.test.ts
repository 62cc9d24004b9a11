// Unworkable mappings are refused with the field named (the provider's fields as describeFields gives them).
import { describe, expect, it } from "vitest";
import type { FieldDescription } from "@/lib/integrations/object-contract";
import { assertMappingWorks, mappingProblems } from "@/lib/mappings/validate-mapping";

const fields: FieldDescription[] = [
  { key: "LastName", label: "Last Name", type: "string", required: true, readOnly: false, custom: false },
  { key: "Email", label: "Email", type: "email", required: false, readOnly: false, custom: false },
  { key: "Status", label: "Lead Status", type: "enum", required: false, readOnly: false, custom: false, options: [{ value: "Open", label: "Open" }] },
  { key: "Score__c", label: "Score", type: "number", required: false, readOnly: false, custom: true },
  { key: "Name", label: "Full Name", type: "string", required: false, readOnly: false, custom: false },
];
const base = { object: "contact" as const, fields, pushing: true, providerName: "Salesforce" };

describe("validate mapping", () => {
  it("names a required provider field no rule pushes to, only when the object is pushed", () => {
    expect(() => assertMappingWorks({ ...base, rules: [{ hubField: "email", providerField: "Email", direction: "both", conflictPolicy: "hub_wins" }] })).toThrow(
      "This mapping cannot work: Salesforce field “Last Name” (LastName) is required, but no rule pushes a value to it",
    );
    expect(mappingProblems({ ...base, pushing: false, rules: [{ hubField: "email", providerField: "Email", direction: "pull", conflictPolicy: "hub_wins" }] })).toEqual([]);
  });

  it("names type mismatches, unknown options, unknown hub fields and pulled constants", () => {
    const problems = mappingProblems({
      ...base,
      rules: [
        { hubField: "lastName", providerField: "LastName", direction: "both", conflictPolicy: "hub_wins" },
        { hubField: "company", providerField: "Score__c", direction: "both", conflictPolicy: "hub_wins" },
        { hubField: "leadStatus", providerField: "Status", direction: "both", transforms: [{ kind: "valueMap", push: { new: "Nouveau" } }], conflictPolicy: "hub_wins" },
        { hubField: "nickname" as "email", providerField: "Email", direction: "both", conflictPolicy: "hub_wins" },
        { hubField: "source", providerField: "Email", direction: "both", transforms: [{ kind: "constant", value: "x" }], conflictPolicy: "hub_wins" },
      ],
    }).map((p) => p.message);
    expect(problems).toContain("Type mismatch: “Company” gives text, but Salesforce field “Score” (Score__c) holds number values");
    expect(problems).toContain("“Nouveau” is not an option of Salesforce field “Lead Status” (Status) (options: Open)");
    expect(problems).toContain("“nickname” is not a contact field in Switchboard");
    expect(problems).toContain("A constant is only written on push: set the rule for Salesforce field “Email” to push only");
  });

  it("allows two rules onto one field only when both join a full name", () => {
    const first = { hubField: "firstName", providerField: "Name", direction: "both", conflictPolicy: "hub_wins" } as const;
    const last = { hubField: "lastName", providerField: "Name", direction: "both", conflictPolicy: "hub_wins" } as const;
    const lastName = { hubField: "lastName", providerField: "LastName", direction: "push", conflictPolicy: "hub_wins" } as const;
    expect(mappingProblems({ ...base, rules: [first, last, lastName] }).map((p) => p.message)).toEqual([
      "Two rules write Salesforce field “Full Name” (Name); keep one (or join a full name with the full-name step on both)",
    ]);
    expect(
      mappingProblems({
        ...base,
        rules: [
          { ...first, transforms: [{ kind: "fullName", part: "first", otherField: "lastName" }] },
          { ...last, transforms: [{ kind: "fullName", part: "last", otherField: "firstName" }] },
          lastName,
        ],
      }),
    ).toEqual([]);
  });
});
