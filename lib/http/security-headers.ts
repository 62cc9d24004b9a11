// The Content-Security-Policy and transport headers, computed per request by proxy.ts. Pages get a fresh
// nonce for their scripts ('strict-dynamic': only scripts Next.js tags with the nonce, and what they load,
// run; no 'unsafe-inline'); API routes answer JSON and get a policy that allows nothing. The sandbox routes
// (/sandbox/…) set their own policy (the OAuth consent screen must post to the client's redirect URI).
import { randomBytes } from "node:crypto";

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function pageCsp(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (Radix positioning, React style props) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Strict-Transport-Security only when the app is served over https (a browser ignores it over http anyway). */
export function hstsHeader(appUrl: string): string | null {
  return appUrl.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}
