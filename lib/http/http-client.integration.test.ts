// The HTTP client against real servers on 127.0.0.1: redirects re-checked by the SSRF guard, timeouts,
// error classification with redacted details, and rate-limit budgets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetFrom, headerWindow, standardWindows } from "@/lib/http/rate-limit";
import { AppError } from "@/lib/errors/app-error";
import { createHttpClient, type HttpLogEntry } from "@/lib/http/http-client";
import { serveFetchHandler, type RunningServer } from "@/lib/integrations/sandbox/test-server";

let target: RunningServer & { hits: Request[] };
let main: RunningServer & { hits: Request[] };

async function recordingServer(handler: (req: Request) => Response | Promise<Response>) {
  const hits: Request[] = [];
  const s = await serveFetchHandler(async (req) => {
    hits.push(req);
    return handler(req);
  });
  return Object.assign(s, { hits });
}

beforeAll(async () => {
  target = await recordingServer((req) => Response.json({ ok: true, auth: req.headers.get("authorization") }));
  main = await recordingServer(async (req) => {
    const url = new URL(req.url);
    switch (url.pathname) {
      case "/redirect-internal":
        return new Response(null, { status: 302, headers: { location: `${target.origin}/secret` } });
      case "/redirect-loop":
        return new Response(null, { status: 302, headers: { location: "/redirect-loop" } });
      case "/redirect-same":
        return new Response(null, { status: 307, headers: { location: "/echo" } });
      case "/echo":
        return Response.json({ method: req.method, body: await req.text(), auth: req.headers.get("authorization") });
      case "/slow":
        await new Promise((r) => setTimeout(r, 800));
        return Response.json({});
      case "/limited":
        return Response.json({ message: "slow down, token tok-1234567890 seen" }, { status: 429, headers: { "retry-after": "3", "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0" } });
      case "/invalid":
        return Response.json({ message: "email is invalid", access_token: "should-not-leak" }, { status: 400 });
      case "/ok":
        return Response.json({ hello: "world" }, { headers: { "x-ratelimit-limit": "110", "x-ratelimit-remaining": "100", "x-acme-calls-left": "7", "x-acme-calls-max": "9" } });
      default:
        return new Response("nope", { status: 404 });
    }
  });
});

afterAll(async () => {
  await main.close();
  await target.close();
});

const client = (extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
  createHttpClient({ provider: "test", baseUrl: main.origin, allowedOrigins: [main.origin], secrets: () => ["tok-1234567890"], ...extra });

describe("http client", () => {
  it("refuses a redirect from an allowed origin to 127.0.0.1 elsewhere, before connecting", async () => {
    const before = target.hits.length;
    const err = await client().request({ url: "/redirect-internal" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("SSRF_BLOCKED");
    expect(target.hits.length).toBe(before);
  });

  it("refuses a loopback server that is not allow-listed", async () => {
    const before = target.hits.length;
    await expect(createHttpClient({ provider: "test" }).request({ url: `${target.origin}/x` })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
    expect(target.hits.length).toBe(before);
  });

  it("refuses a hostname resolving to a private address via the injected resolver", async () => {
    const c = createHttpClient({ provider: "test", resolver: async () => [{ address: "169.254.169.254", family: 4 }] });
    await expect(c.request({ url: "http://metadata.example.com/latest" })).rejects.toMatchObject({ code: "SSRF_BLOCKED", details: { reason: "metadata" } });
  });

  it("follows same-origin redirects keeping method and body for 307, and stops redirect loops", async () => {
    const res = await client().request({ method: "POST", url: "/redirect-same", json: { a: 1 }, headers: { authorization: "Bearer tok-1234567890" } });
    expect(res.json()).toEqual({ method: "POST", body: '{"a":1}', auth: "Bearer tok-1234567890" });
    await expect(client().request({ url: "/redirect-loop" })).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
  });

  it("drops credentials on a cross-origin redirect", async () => {
    const res = await client({ allowedOrigins: [main.origin, target.origin] }).request({ url: "/redirect-internal", headers: { authorization: "Bearer tok-1234567890" } });
    expect(res.json()).toEqual({ ok: true, auth: null });
  });

  it("times out as PROVIDER_UNAVAILABLE (retryable)", async () => {
    const err = (await client().request({ url: "/slow", timeoutMs: 200 }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("PROVIDER_UNAVAILABLE");
    expect(err.details).toMatchObject({ timeout: true, retryable: true });
  });

  it("classifies 429 with the budget and redacts secrets in details and logs", async () => {
    const logs: HttpLogEntry[] = [];
    const err = (await client({ onLog: (e) => logs.push(e) }).request({ url: "/limited", query: { hapikey: "k-secret-999" } }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.details).toMatchObject({ status: 429, retryable: true, retryAfterMs: 3000, rateLimit: { remaining: 0, limit: 10, retryAfterMs: 3000 } });
    expect(JSON.stringify(err.details)).not.toContain("tok-1234567890");
    expect(JSON.stringify(err.details)).not.toContain("k-secret-999");
    expect(err.message).not.toContain("tok-1234567890");
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ provider: "test", status: 429, errorCode: "RATE_LIMITED" });
    expect(logs[0]!.url).not.toContain("k-secret-999");
  });

  it("classifies 400 as PROVIDER_VALIDATION keeping the provider body, secret keys redacted", async () => {
    const err = (await client().request({ url: "/invalid" }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("PROVIDER_VALIDATION");
    expect(err.details?.providerError).toEqual({ message: "email is invalid", access_token: "[REDACTED]" });
  });

  it("accepts listed non-2xx statuses and reports the rate-limit budget of a success", async () => {
    const c = client();
    const missing = await c.request({ url: "/missing", accept: [404] });
    expect(missing.status).toBe(404);
    const ok = await c.request({ url: "/ok" });
    expect(ok.json()).toEqual({ hello: "world" });
    expect(ok.rateLimit).toMatchObject({ remaining: 100, limit: 110 });
    expect(c.lastRateLimit()).toMatchObject({ remaining: 100 });
    // A provider's own headers come through its parser hook (RateLimitPolicy.parseHeaders); the tighter window binds.
    const hooked = c.with({ parseRateLimit: (h, now) => budgetFrom([headerWindow(h, { remaining: "x-acme-calls-left", limit: "x-acme-calls-max" }, now), ...standardWindows(h, now)], h, now) });
    expect((await hooked.request({ url: "/ok" })).rateLimit).toMatchObject({ remaining: 7, limit: 9 });
  });
});
