// Runs before every request except static files: security headers that depend on the request (a fresh
// CSP nonce per page) or on the runtime configuration (HSTS when APP_URL is https). See
// lib/http/security-headers.ts; the static headers stay in next.config.mjs.
import { NextResponse, type NextRequest } from "next/server";
import { appUrl, env } from "@/lib/env";
import { API_CSP, hstsHeader, newNonce, pageCsp } from "@/lib/http/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const path = request.nextUrl.pathname;
  const hsts = hstsHeader(appUrl());
  let response: NextResponse;
  if (path.startsWith("/sandbox/")) {
    response = NextResponse.next();
  } else if (path.startsWith("/api/")) {
    response = NextResponse.next();
    response.headers.set("Content-Security-Policy", API_CSP);
  } else {
    const nonce = newNonce();
    const csp = pageCsp(nonce, { dev: env().NODE_ENV === "development" });
    // Next.js reads the nonce from the request's CSP header and puts it on every script it renders.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set("Content-Security-Policy", csp);
  }
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
