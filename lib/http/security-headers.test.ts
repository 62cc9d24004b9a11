import { describe, expect, it } from "vitest";
import { API_CSP, hstsHeader, newNonce, pageCsp } from "@/lib/http/security-headers";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("security headers", () => {
  it("pages run only scripts carrying this request's nonce: no 'unsafe-inline', no 'unsafe-eval' in production", () => {
    const nonce = newNonce();
    const csp = pageCsp(nonce, { dev: false });
    const scripts = directive(csp, "script-src");
    expect(scripts).toContain(`'nonce-${nonce}'`);
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("unsafe-inline");
    expect(scripts).not.toContain("unsafe-eval");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(pageCsp(nonce, { dev: true }), "script-src")).toContain("'unsafe-eval'");
  });

  it("a fresh, unguessable nonce per request", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64").length).toBe(16);
  });

  it("the API allows nothing to run; HSTS only for an https APP_URL", () => {
    expect(API_CSP).toContain("default-src 'none'");
    expect(hstsHeader("https://switchboard.example.com")).toBe("max-age=63072000; includeSubDomains");
    expect(hstsHeader("http://localhost:3000")).toBeNull();
  });
});
