import { describe, expect, it } from "vitest";
import { safeRedirect } from "@/lib/auth/safe-redirect";

describe("safeRedirect", () => {
  it("follows same-origin paths with their query and fragment", () => {
    expect(safeRedirect("/w/acme/connections?x=1#top")).toBe("/w/acme/connections?x=1#top");
    expect(safeRedirect("/invite/abc")).toBe("/invite/abc");
  });

  it.each([
    ["%2F%09%2Fevil.example decoded (tab)", "/\t/evil.example"],
    ["newline", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["protocol-relative", "//evil.example"],
    ["backslash", "/\\evil.example"],
    ["backslash after slash", "/\\/evil.example"],
    ["absolute URL", "https://evil.example/"],
    ["javascript:", "javascript:alert(1)"],
    ["dot segment collapsing to //", "/.//evil.example"],
    ["encoded dot segment", "/%2e//evil.example"],
    ["null byte", "/w\u0000"],
    ["DEL", "/w\u007f"],
    ["empty", ""],
  ])("refuses %s", (_label, target) => {
    expect(safeRedirect(target, "/fallback")).toBe("/fallback");
  });

  it("refuses what a browser would resolve to another origin, whatever the spelling", () => {
    for (const t of ["/\t/evil.example", "/ /evil.example"]) {
      const resolved = new URL(safeRedirect(t, "/fallback"), "https://app.example");
      expect(resolved.origin).toBe("https://app.example");
    }
  });
});
