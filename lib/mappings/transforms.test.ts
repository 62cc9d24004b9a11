// Each transform of the fixed list through the one interpreter, both directions.
import { describe, expect, it } from "vitest";
import { applyTransforms, type Transform } from "@/lib/integrations/field-mapping";

const push = (t: Transform[], v: Parameters<typeof applyTransforms>[1], record?: Record<string, unknown>) => applyTransforms(t, v, "push", record ? { record } : {});
const pull = (t: Transform[], v: Parameters<typeof applyTransforms>[1]) => applyTransforms(t, v, "pull");

describe("transform chain", () => {
  it("trims and changes case", () => {
    expect(push([{ kind: "trim" }, { kind: "lowercase" }], "  Ada@Example.TEST ")).toBe("ada@example.test");
    expect(push([{ kind: "uppercase" }], "gb")).toBe("GB");
    expect(push([{ kind: "titleCase" }], "ada LOVELACE-byron o'neil")).toBe("Ada Lovelace-Byron O'Neil");
    expect(pull([{ kind: "titleCase" }], "jean")).toBe("Jean");
  });

  it("formats phones as E.164", () => {
    expect(push([{ kind: "phoneE164" }], "+44 20 7946 0958")).toBe("+442079460958");
  });

  it("formats dates and parses them back", () => {
    const iso = "2026-03-04T10:00:00.000Z";
    expect(push([{ kind: "dateFormat", format: "yyyy-mm-dd" }], iso)).toBe("2026-03-04");
    expect(push([{ kind: "dateFormat", format: "mm/dd/yyyy" }], iso)).toBe("03/04/2026");
    expect(push([{ kind: "dateFormat", format: "dd/mm/yyyy" }], iso)).toBe("04/03/2026");
    expect(push([{ kind: "dateFormat", format: "epoch-s" }], iso)).toBe(Date.parse(iso) / 1000);
    expect(pull([{ kind: "dateFormat", format: "dd/mm/yyyy" }], "04/03/2026")).toBe("2026-03-04T00:00:00.000Z");
    expect(pull([{ kind: "dateFormat", format: "mm/dd/yyyy" }], "03/04/2026")).toBe("2026-03-04T00:00:00.000Z");
    expect(pull([{ kind: "dateFormat", format: "epoch-ms" }], Date.parse(iso))).toBe(iso);
    expect(pull([{ kind: "dateFormat", format: "yyyy-mm-dd" }], "")).toBeNull();
  });

  it("maps enum values both ways", () => {
    const t: Transform[] = [{ kind: "valueMap", push: { new: "Open", qualified: "Qualified" } }];
    expect(push(t, "new")).toBe("Open");
    expect(pull(t, "Qualified")).toBe("qualified");
    expect(pull(t, "Unknown")).toBeNull();
  });

  it("splits and joins a full name", () => {
    const first: Transform[] = [{ kind: "fullName", part: "first", otherField: "lastName" }];
    const last: Transform[] = [{ kind: "fullName", part: "last", otherField: "firstName" }];
    const rec = { firstName: "Ada", lastName: "King Lovelace" };
    expect(push(first, "Ada", rec)).toBe("Ada King Lovelace");
    expect(push(last, "King Lovelace", rec)).toBe("Ada King Lovelace");
    expect(pull(first, "Ada King Lovelace")).toBe("Ada");
    expect(pull(last, "Ada King Lovelace")).toBe("King Lovelace");
    expect(pull(last, "Cher")).toBeNull();
  });

  it("fills defaults, writes constants, adds push tags and strips them on pull", () => {
    expect(push([{ kind: "defaultValue", value: "web" }], null)).toBe("web");
    expect(push([{ kind: "defaultValue", value: "web" }], "fair")).toBe("fair");
    expect(pull([{ kind: "defaultValue", value: "web" }], "")).toBe("web");
    expect(push([{ kind: "constant", value: "switchboard" }], "anything")).toBe("switchboard");
    expect(pull([{ kind: "constant", value: "switchboard" }], "theirs")).toBe("theirs");
    const tags: Transform[] = [{ kind: "addTags", tags: ["event:webinar"] }, { kind: "splitJoin", separator: "," }];
    expect(push(tags, ["vip"])).toBe("vip,event:webinar");
    expect(push(tags, null)).toBe("event:webinar");
    expect(pull(tags, "vip, event:webinar")).toEqual(["vip"]);
  });
});
