import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { proxy } from "@/proxy";

afterEach(() => {
  delete process.env.APP_URL;
  resetEnvCache();
});

const run = (path: string) => proxy(new NextRequest(`http://localhost:3000${path}`));

describe("proxy", () => {
  it("pages: a fresh nonce CSP, passed on to Next.js in the request headers", () => {
    const a = run("/sign-in");
    const b = run("/sign-in");
    const csp = a.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp.split("; ").find((d) => d.startsWith("script-src"))).not.toContain("unsafe-inline");
    expect(b.headers.get("content-security-policy")).not.toContain(nonce!);
    // NextResponse.next({ request: { headers } }) forwards overridden request headers like this:
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });

  it("the API gets a policy that allows nothing; sandbox routes keep their own", () => {
    expect(run("/api/health").headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(run("/sandbox/hubspot/oauth/authorize").headers.get("content-security-policy")).toBeNull();
  });

  it("HSTS only when APP_URL is https", () => {
    expect(run("/").headers.get("strict-transport-security")).toBeNull();
    process.env.APP_URL = "https://switchboard.example.com";
    resetEnvCache();
    expect(run("/").headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(run("/api/health").headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});
