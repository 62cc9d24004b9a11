import { describe, expect, it } from "vitest";
import { pickLastWorkspace } from "@/components/workspace/last-workspace";

describe("pickLastWorkspace", () => {
  const list = [{ slug: "alpha" }, { slug: "beta" }];
  it("opens the remembered workspace when the person is a member", () => {
    expect(pickLastWorkspace(list, "beta")?.slug).toBe("beta");
  });
  it("falls back to the first workspace for an unknown or foreign slug", () => {
    expect(pickLastWorkspace(list, "someone-elses")?.slug).toBe("alpha");
    expect(pickLastWorkspace(list, undefined)?.slug).toBe("alpha");
  });
  it("has nothing to open without workspaces", () => {
    expect(pickLastWorkspace([], "beta")).toBeUndefined();
  });
});
