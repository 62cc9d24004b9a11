import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { blockedReason, guardUrl, type Resolver } from "@/lib/http/ssrf-guard";
import { connectionAllowList } from "@/lib/http/sandbox-allow-list";
import { resetEnvCache } from "@/lib/env";

const resolveTo = (...addresses: string[]): Resolver => async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("blockedReason", () => {
  it.each([
    ["127.0.0.1", "loopback"], ["10.1.2.3", "private"], ["172.16.0.1", "private"], ["192.168.1.1", "private"],
    ["169.254.169.254", "metadata"], ["169.254.1.1", "linkLocal"], ["100.64.0.1", "carrierGradeNat"],
    ["100.100.100.200", "metadata"], ["224.0.0.1", "multicast"], ["0.0.0.0", "unspecified"], ["::1", "loopback"],
    ["fe80::1", "linkLocal"], ["fc00::1", "uniqueLocal"], ["fd00:ec2::254", "metadata"], ["::ffff:127.0.0.1", "loopback"],
    ["::", "unspecified"], ["ff02::1", "multicast"],
  ])("%s is refused (%s)", (ip, reason) => {
    expect(blockedReason(ip)).toBe(reason);
  });

  it.each([
    ["::7f00:1", "ipv4Compatible"], ["::127.0.0.1", "ipv4Compatible"], ["::a00:1", "ipv4Compatible"], ["::8.8.8.8", "ipv4Compatible"],
    ["3ffe::1", "deprecated6bone"], ["fec0::1", "deprecatedSiteLocal"], ["2001:10::1", "deprecatedOrchid"], ["4000::1", "reserved"],
    ["64:ff9b::7f00:1", "rfc6052"], ["2002:7f00:1::", "6to4"], ["240.0.0.1", "reserved"], ["192.0.0.8", "reserved"],
  ])("deprecated or special %s is refused (%s)", (ip, reason) => {
    expect(blockedReason(ip)).toBe(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])("%s is public", (ip) => {
    expect(blockedReason(ip)).toBeNull();
  });
});

describe("guardUrl", () => {
  it("refuses a hostname that resolves to the metadata address", async () => {
    const err = await guardUrl(new URL("https://evil.example.com/x"), { resolver: resolveTo("169.254.169.254") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("SSRF_BLOCKED");
    expect((err as AppError).details).toMatchObject({ reason: "metadata", address: "169.254.169.254" });
  });

  it("refuses when any resolved address is private (DNS rebinding with mixed answers)", async () => {
    await expect(guardUrl(new URL("https://mixed.example.com"), { resolver: resolveTo("93.184.216.34", "10.0.0.5") })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
  });

  it("pins a public address", async () => {
    await expect(guardUrl(new URL("https://ok.example.com"), { resolver: resolveTo("93.184.216.34") })).resolves.toEqual({ kind: "pinned", address: "93.184.216.34", family: 4 });
  });

  it("refuses literal private IPs, localhost and non-http schemes without resolving", async () => {
    const never: Resolver = async () => {
      throw new Error("must not resolve");
    };
    await expect(guardUrl(new URL("http://127.0.0.1:8080/"), { resolver: never })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
    await expect(guardUrl(new URL("http://[::1]/"), { resolver: never })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
    await expect(guardUrl(new URL("http://0x7f.1/"), { resolver: never })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
    await expect(guardUrl(new URL("http://localhost:3000/"), { resolver: never })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
    await expect(guardUrl(new URL("file:///etc/passwd"), { resolver: never })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
  });

  it("lets allow-listed origins through, and only those", async () => {
    await expect(guardUrl(new URL("http://127.0.0.1:3000/sandbox/x"), { allowedOrigins: ["http://127.0.0.1:3000"] })).resolves.toEqual({ kind: "allow-listed" });
    await expect(guardUrl(new URL("http://127.0.0.1:3001/"), { allowedOrigins: ["http://127.0.0.1:3000"] })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
  });

  it("refuses [::127.0.0.1] in a URL (the parser rewrites it to [::7f00:1])", async () => {
    const url = new URL("http://[::127.0.0.1]:3000/api/w");
    expect(url.hostname).toBe("[::7f00:1]");
    await expect(guardUrl(url)).rejects.toMatchObject({ code: "SSRF_BLOCKED", details: { reason: "ipv4Compatible" } });
  });

  it("an allow-list entry with a path allows only paths under it, after normalisation", async () => {
    const allowedOrigins = ["http://127.0.0.1:3000/sandbox/"];
    await expect(guardUrl(new URL("http://127.0.0.1:3000/sandbox/hubspot/crm/v3/objects"), { allowedOrigins })).resolves.toEqual({ kind: "allow-listed" });
    for (const path of ["/api/w/acme", "/sandbox", "/sandboxes/x", "/sandbox/../api/health", "/sandbox/%2e%2e/api/health", "/"]) {
      await expect(guardUrl(new URL(`http://127.0.0.1:3000${path}`), { allowedOrigins }), path).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
    }
  });
});

describe("connectionAllowList", () => {
  it("lets only sandbox connections reach the app's own origin, only under /sandbox/", async () => {
    process.env.APP_URL = "http://127.0.0.1:3999";
    process.env.SANDBOX_ENABLED = "true";
    resetEnvCache();
    try {
      expect(connectionAllowList("live")).toEqual([]);
      expect(connectionAllowList("sandbox")).toEqual(["http://127.0.0.1:3999/sandbox/"]);
      // a live Custom REST connection pointed at Switchboard's own API
      await expect(guardUrl(new URL("http://127.0.0.1:3999/api/w/acme/members"), { allowedOrigins: connectionAllowList("live") })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
      await expect(guardUrl(new URL("http://127.0.0.1:3999/api/w/acme/members"), { allowedOrigins: connectionAllowList("sandbox") })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
      process.env.SANDBOX_ENABLED = "false";
      resetEnvCache();
      expect(connectionAllowList("sandbox")).toEqual([]);
    } finally {
      delete process.env.APP_URL;
      delete process.env.SANDBOX_ENABLED;
      resetEnvCache();
    }
  });
});
