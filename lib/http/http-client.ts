// The one outbound HTTP client every provider adapter uses: timeouts, manual redirects re-checked by the
// SSRF guard and pinned to the checked address, error classification into house codes, rate-limit
// budgets from response headers, and redaction of secrets in anything logged or kept in errors.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import {
  classifyFailure,
  codeForKind,
  isRetryable,
  type FailureKind,
  type ProviderClassifier,
} from "@/lib/http/classify-error";
import { parseStandardRateLimit, type RateLimitBudget, type RateLimitHeaderParser } from "@/lib/http/rate-limit";
import { redactBody, redactString, redactUrl } from "@/lib/http/redact";
import { guardUrl, type GuardedTarget, type Resolver } from "@/lib/http/ssrf-guard";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
type QueryValue = string | number | boolean | null | undefined | readonly string[];

export type HttpRequest = {
  method?: HttpMethod;
  /** absolute URL, or a path joined to the client's baseUrl */
  url: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** JSON body (sets content-type) */
  json?: unknown;
  /** application/x-www-form-urlencoded body */
  form?: Record<string, string | undefined>;
  /** raw body with your own content-type header */
  body?: string;
  timeoutMs?: number;
  /** non-2xx statuses this call treats as answers, not failures (e.g. 404 for a lookup, 300 for an ambiguous upsert) */
  accept?: readonly number[];
  signal?: AbortSignal;
  /** short name for logs ("contacts.search") */
  operation?: string;
};

export type HttpResponse = {
  status: number;
  headers: Headers;
  /** final URL after redirects */
  url: string;
  text: string;
  rateLimit: RateLimitBudget | null;
  /** the body as JSON (undefined for an empty body); throws PROVIDER_ERROR when it is not JSON */
  json(): unknown;
  /** the body validated by a zod schema; throws PROVIDER_ERROR naming the mismatch */
  parse<S extends z.ZodType>(schema: S): z.infer<S>;
};

export type HttpLogEntry = {
  provider: string;
  operation: string | undefined;
  method: HttpMethod;
  /** redacted */
  url: string;
  status: number | null;
  durationMs: number;
  errorCode?: string;
};

export type HttpClientOptions = {
  /** provider slug, named in errors and logs */
  provider: string;
  baseUrl?: string;
  defaultHeaders?: Record<string, string>;
  /** secret values (tokens, keys) to scrub from logs and error details; a function so refreshed tokens are included */
  secrets?: () => readonly string[];
  classify?: ProviderClassifier;
  /** default retry delay for a rate-limited answer that carries no Retry-After (provider-documented back-off) */
  defaultRetryAfterMs?: number;
  /** the provider's rate-limit header parser (RateLimitPolicy.parseHeaders); default: the standard families */
  parseRateLimit?: RateLimitHeaderParser;
  /** origins reachable whatever their address (sandboxes on the app's own origin); empty in production */
  allowedOrigins?: readonly string[];
  resolver?: Resolver;
  timeoutMs?: number;
  maxRedirects?: number;
  maxResponseBytes?: number;
  onLog?: (entry: HttpLogEntry) => void;
  onRateLimit?: (budget: RateLimitBudget) => void;
};

export interface HttpClient {
  readonly options: Readonly<HttpClientOptions>;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** a client sharing this one's settings with some replaced (e.g. a provider's classifier, base URL) */
  with(overrides: Partial<HttpClientOptions>): HttpClient;
  /** the budget from the most recent response that carried rate-limit headers */
  lastRateLimit(): RateLimitBudget | null;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return makeClient(options, { last: null });
}

/** Derived clients (`with`) share the budget state, so the connection's client sees every call's budget. */
function makeClient(options: HttpClientOptions, shared: { last: RateLimitBudget | null }): HttpClient {
  const remember = (budget: RateLimitBudget | null | undefined) => {
    if (!budget) return;
    shared.last = budget;
    options.onRateLimit?.(budget);
  };
  return {
    options,
    with: (overrides) => makeClient({ ...options, ...overrides }, shared),
    lastRateLimit: () => shared.last,
    async request(req) {
      try {
        const res = await perform(options, req);
        remember(res.rateLimit);
        return res;
      } catch (err) {
        if (err instanceof AppError) remember(err.details?.rateLimit as RateLimitBudget | null | undefined);
        throw err;
      }
    },
  };
}

function buildUrl(base: string | undefined, url: string, query: HttpRequest["query"]): URL {
  const u = /^https?:\/\//i.test(url) ? new URL(url) : new URL(joinPath(base ?? "", url));
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) u.searchParams.append(k, item);
    else u.searchParams.set(k, String(v));
  }
  return u;
}

function joinPath(base: string, path: string): string {
  if (!base) throw new AppError("INTERNAL", `Relative URL ${path} without a base URL.`);
  return base.replace(/\/+$/, "") + "/" + path.replace(/^\/+/, "");
}

type RawResponse = { status: number; headers: Headers; body: Buffer };

async function perform(options: HttpClientOptions, req: HttpRequest): Promise<HttpResponse> {
  const method: HttpMethod = req.method ?? "GET";
  const secrets = options.secrets?.() ?? [];
  const started = Date.now();
  let url = buildUrl(options.baseUrl, req.url, req.query);
  const headers: Record<string, string> = { accept: "application/json", ...lower(options.defaultHeaders), ...lower(req.headers) };
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers["content-type"] ??= "application/json";
  } else if (req.form) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.form)) if (v !== undefined) params.set(k, v);
    body = params.toString();
    headers["content-type"] ??= "application/x-www-form-urlencoded";
  } else if (req.body !== undefined) {
    body = req.body;
  }

  const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const log = (status: number | null, errorCode?: string) =>
    options.onLog?.({
      provider: options.provider,
      operation: req.operation,
      method,
      url: redactUrl(url.toString(), secrets),
      status,
      durationMs: Date.now() - started,
      ...(errorCode ? { errorCode } : {}),
    });

  let currentMethod: HttpMethod = method;
  let raw: RawResponse | undefined;
  const maxRedirects = options.maxRedirects ?? 5;
  try {
    for (let hop = 0; ; hop++) {
      const target = await guardUrl(url, {
        ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
        ...(options.resolver ? { resolver: options.resolver } : {}),
      });
      raw = await send(url, target, currentMethod, headers, body, signal, options.maxResponseBytes ?? DEFAULT_MAX_BYTES);
      const location = raw.headers.get("location");
      if (![301, 302, 303, 307, 308].includes(raw.status) || !location || req.accept?.includes(raw.status)) break;
      if (hop >= maxRedirects) {
        throw new AppError("PROVIDER_ERROR", `${options.provider}: too many redirects.`, {
          provider: options.provider,
          kind: "fatal",
        });
      }
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        // Credentials never follow a redirect to another origin.
        delete headers["authorization"];
        delete headers["cookie"];
      }
      if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && currentMethod !== "GET" && currentMethod !== "HEAD")) {
        currentMethod = currentMethod === "HEAD" ? "HEAD" : "GET";
        body = undefined;
        delete headers["content-type"];
      }
      url = next;
    }
  } catch (err) {
    const appErr = toTransportError(err, options.provider, timeout.aborted, timeoutMs, req.signal?.aborted ?? false);
    log(null, appErr.code);
    throw appErr;
  }

  const text = raw.body.toString("utf8");
  const rateLimit = (options.parseRateLimit ?? parseStandardRateLimit)(raw.headers, new Date());
  const response = makeResponse(options.provider, raw.status, raw.headers, url.toString(), text, rateLimit, secrets);
  const ok = (raw.status >= 200 && raw.status < 300) || (req.accept?.includes(raw.status) ?? false);
  if (ok) {
    log(raw.status);
    return response;
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const kind = classifyFailure({ status: raw.status, headers: raw.headers, text, json }, options.classify);
  const error = failureError(options, kind, raw.status, text, json, rateLimit, currentMethod, url, secrets);
  log(raw.status, error.code);
  throw error;
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function makeResponse(
  provider: string,
  status: number,
  headers: Headers,
  url: string,
  text: string,
  rateLimit: RateLimitBudget | null,
  secrets: readonly string[],
): HttpResponse {
  const json = (): unknown => {
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new AppError("PROVIDER_ERROR", `${provider} answered with a body that is not JSON.`, {
        provider,
        status,
        body: redactBody(text, secrets, 500),
      }, { cause: err });
    }
  };
  return {
    status,
    headers,
    url,
    text,
    rateLimit,
    json,
    parse(schema) {
      const parsed = schema.safeParse(json());
      if (!parsed.success) {
        throw new AppError("PROVIDER_ERROR", `${provider} answered with an unexpected body shape.`, {
          provider,
          status,
          issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join("."), message: i.message })),
        });
      }
      return parsed.data;
    },
  };
}

/** A human message from the common error body shapes, redacted. */
function providerMessage(json: unknown): string | undefined {
  const pick = (o: unknown): string | undefined => {
    if (!o || typeof o !== "object") return undefined;
    const r = o as Record<string, unknown>;
    for (const key of ["message", "error_description", "error_info", "error", "title", "detail"]) {
      const v = r[key];
      if (typeof v === "string" && v) return v;
      if (Array.isArray(v) && typeof v[0] === "string") return v.join("; ");
      if (v && typeof v === "object") {
        const inner = pick(v);
        if (inner) return inner;
      }
    }
    if (Array.isArray(r.errors)) return pick(r.errors[0]);
    return undefined;
  };
  return Array.isArray(json) ? pick(json[0]) : pick(json);
}

function failureError(
  options: HttpClientOptions,
  kind: FailureKind,
  status: number,
  text: string,
  json: unknown,
  rateLimit: RateLimitBudget | null,
  method: HttpMethod,
  url: URL,
  secrets: readonly string[],
): AppError {
  const retryAfterMs =
    rateLimit?.retryAfterMs ?? (kind === "rate_limited" ? (options.defaultRetryAfterMs ?? 10_000) : null);
  const msg = providerMessage(json);
  const message = `${options.provider} answered ${status}${msg ? `: ${redactString(msg, secrets).slice(0, 300)}` : ""}`;
  return new AppError(codeForKind[kind], message, {
    provider: options.provider,
    kind,
    status,
    retryable: isRetryable(kind),
    retryAfterMs,
    rateLimit,
    method,
    url: redactUrl(url.toString(), secrets),
    providerError: redactBody(text, secrets),
  });
}

function toTransportError(
  err: unknown,
  provider: string,
  timedOut: boolean,
  timeoutMs: number,
  callerAborted: boolean,
): AppError {
  if (err instanceof AppError) return err;
  if (timedOut && !callerAborted) {
    return new AppError("PROVIDER_UNAVAILABLE", `${provider} did not answer within ${timeoutMs} ms.`, {
      provider,
      kind: "transient",
      retryable: true,
      timeout: true,
    }, { cause: err });
  }
  const code = (err as { code?: unknown })?.code;
  return new AppError("PROVIDER_UNAVAILABLE", `Could not reach ${provider}${typeof code === "string" ? ` (${code})` : ""}.`, {
    provider,
    kind: "transient",
    retryable: !callerAborted,
    ...(typeof code === "string" ? { networkError: code } : {}),
  }, { cause: err });
}

function send(
  url: URL,
  target: GuardedTarget,
  method: HttpMethod,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
  maxBytes: number,
  attempt = 0,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let responded = false;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const pinned: LookupFunction | undefined =
      target.kind === "pinned"
        ? (_hostname, opts, cb) => {
            // Connect only to the address the guard checked; never resolve the name again.
            if (opts.all) cb(null, [{ address: target.address, family: target.family }]);
            else cb(null, target.address, target.family);
          }
        : undefined;
    const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
    const outHeaders = { ...headers, ...(payload ? { "content-length": String(payload.length) } : {}) };
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(
      url,
      { method, headers: outHeaders, signal, ...(pinned ? { lookup: pinned } : {}) },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy(new Error(`response larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v === undefined) continue;
            if (Array.isArray(v)) for (const item of v) h.append(k, item);
            else h.set(k, v);
          }
          resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
        });
        res.on("error", reject);
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      // A keep-alive socket the server closed just as this request reused it (a race Node documents, with
      // one retry on a fresh socket as the remedy): not a provider failure, so not reported as one.
      if (attempt === 0 && !responded && req.reusedSocket && err.code === "ECONNRESET" && !signal.aborted) {
        send(url, target, method, headers, body, signal, maxBytes, 1).then(resolve, reject);
        return;
      }
      reject(err);
    });
    if (payload) req.write(payload);
    req.end();
  });
}
