import { describe, expect, it } from "vitest";
import { evaluate, parseSoql, SoqlError } from "@/lib/integrations/salesforce/soql";

describe("SOQL subset", () => {
  it("parses the incremental query", () => {
    const q = parseSoql("SELECT Id, Email, SystemModstamp FROM Lead WHERE SystemModstamp >= 2024-06-01T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC LIMIT 10");
    expect(q).toMatchObject({ fields: ["Id", "Email", "SystemModstamp"], object: "Lead", limit: 10, orderBy: [{ field: "SystemModstamp", direction: "ASC" }, { field: "Id", direction: "ASC" }] });
    const c = q.where!.conditions[0]!;
    expect(evaluate({ SystemModstamp: "2024-06-01T00:00:00.000+0000" }, c)).toBe(true);
    expect(evaluate({ SystemModstamp: "2024-05-31T23:59:59.000+0000" }, c)).toBe(false);
  });

  it("handles quoted strings with escapes, LIKE, IN and null", () => {
    const q = parseSoql("SELECT Id FROM Contact WHERE Email = 'o\\'brien@x.example' OR LastName LIKE 'Sm%' OR Id IN ('a','b') OR Phone = null");
    const [eq, like, inn, isNull] = q.where!.conditions;
    expect(evaluate({ Email: "O'Brien@x.example" }, eq!)).toBe(true);
    expect(evaluate({ LastName: "Smith" }, like!)).toBe(true);
    expect(evaluate({ Id: "b" }, inn!)).toBe(true);
    expect(evaluate({ Phone: null }, isNull!)).toBe(true);
  });

  it("rejects malformed queries", () => {
    expect(() => parseSoql("SELECT FROM Lead")).toThrow(SoqlError);
    expect(() => parseSoql("SELECT Id FROM Lead WHERE Email = 'x")).toThrow(SoqlError);
    expect(() => parseSoql("SELECT Id FROM Lead WHERE A = 1 AND B = 2 OR C = 3")).toThrow(SoqlError);
  });
});
