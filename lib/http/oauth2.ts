// OAuth2 client side, provider-agnostic: PKCE, the authorize URL, code exchange and refresh against a
// provider's token endpoint through lib/http, normalised into an OAuthTokenSet. The connections layer
// seals the result; createTokenHooks() is a simple in-memory TokenHooks (tests, scripts).
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpClient } from "@/lib/http/http-client";
import type { OAuth2Settings, OAuth2UrlInput, OAuthCredentials, OAuthTokenSet, TokenHooks } from "@/lib/integrations/types";

export function createPkcePair(): { verifier: string; challenge: string; method: "S256" } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url"), method: "S256" };
}

export function buildAuthorizeUrl(
  settings: OAuth2Settings,
  input: OAuth2UrlInput & { clientId: string; redirectUri: string; state: string; codeChallenge?: string },
): string {
  const url = new URL(settings.authorizeUrl(input));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  if (settings.scopes.length) url.searchParams.set("scope", settings.scopes.join(settings.scopeSeparator ?? " "));
  url.searchParams.set("state", input.state);
  if (settings.pkce && input.codeChallenge) {
    url.searchParams.set("code_challenge", input.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  for (const [k, v] of Object.entries(settings.extraAuthorizeParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1).optional(),
    expires_in: z.coerce.number().optional(),
    token_type: z.string().optional(),
    scope: z.string().optional(),
  })
  .passthrough();

export function tokenSetFromResponse(body: unknown, settings: OAuth2Settings, now: Date, previousRefreshToken?: string | null): OAuthTokenSet {
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new AppError("TOKEN_REFRESH_FAILED", "The token endpoint answered with an unexpected body.");
  const t = parsed.data;
  const ttl = t.expires_in ?? settings.defaultAccessTokenTtlSeconds ?? null;
  const metadata: Record<string, string> = {};
  const raw = body as Record<string, unknown>;
  for (const key of settings.metadataFromTokenResponse) {
    const v = raw[key];
    if (v !== undefined && v !== null && (typeof v === "string" || typeof v === "number" || typeof v === "boolean")) {
      metadata[key] = String(v);
    }
  }
  return {
    accessToken: t.access_token,
    // Providers that do not rotate may omit the refresh token on refresh: keep the one we had.
    refreshToken: t.refresh_token ?? previousRefreshToken ?? null,
    expiresAt: ttl === null ? null : new Date(now.getTime() + ttl * 1000).toISOString(),
    scope: t.scope ?? null,
    tokenType: t.token_type ?? null,
    metadata,
  };
}

type ClientCredentials = { clientId: string; clientSecret: string };

async function tokenRequest(
  http: HttpClient,
  settings: OAuth2Settings,
  url: OAuth2UrlInput,
  client: ClientCredentials,
  form: Record<string, string | undefined>,
  failureCode: "INVALID_CREDENTIALS" | "TOKEN_REFRESH_FAILED",
): Promise<unknown> {
  const headers: Record<string, string> = {};
  const body = { ...form };
  if (settings.clientAuth === "basic") {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`;
  } else {
    body.client_id = client.clientId;
    body.client_secret = client.clientSecret;
  }
  const scoped = http.with({
    secrets: () => [...(http.options.secrets?.() ?? []), client.clientSecret, form.code ?? "", form.refresh_token ?? "", form.code_verifier ?? ""],
  });
  try {
    const res = await scoped.request({ method: "POST", url: settings.tokenUrl(url), form: body, headers, operation: "oauth.token" });
    return res.json();
  } catch (err) {
    if (isAppError(err) && (err.code === "PROVIDER_VALIDATION" || err.code === "INVALID_CREDENTIALS")) {
      throw new AppError(failureCode, `The provider refused the ${form.grant_type} grant.`, err.details, { cause: err });
    }
    throw err;
  }
}

export async function exchangeCode(
  http: HttpClient,
  settings: OAuth2Settings,
  input: OAuth2UrlInput & ClientCredentials & { code: string; redirectUri: string; codeVerifier?: string; now?: Date },
): Promise<OAuthTokenSet> {
  const body = await tokenRequest(http, settings, input, input, {
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
    code_verifier: settings.pkce ? input.codeVerifier : undefined,
  }, "INVALID_CREDENTIALS");
  return tokenSetFromResponse(body, settings, input.now ?? new Date());
}

export async function refreshTokens(
  http: HttpClient,
  settings: OAuth2Settings,
  input: OAuth2UrlInput & ClientCredentials & { refreshToken: string; now?: Date },
): Promise<OAuthTokenSet> {
  const body = await tokenRequest(http, settings, input, input, {
    grant_type: "refresh_token",
    refresh_token: input.refreshToken,
  }, "TOKEN_REFRESH_FAILED");
  return tokenSetFromResponse(body, settings, input.now ?? new Date(), input.refreshToken);
}

/**
 * In-memory TokenHooks: refresh ahead of expiry (or when forced), one refresh at a time. The connections
 * layer wraps the same logic with a row lock and sealing; tests use this directly.
 */
export function createTokenHooks(input: OAuth2UrlInput & ClientCredentials & {
  http: HttpClient;
  settings: OAuth2Settings;
  credentials: OAuthCredentials;
  onTokens?: (tokens: OAuthTokenSet) => Promise<void>;
  now?: () => Date;
  /** refresh this long before expiry */
  skewMs?: number;
}): TokenHooks & { current(): OAuthCredentials } {
  let creds: OAuthCredentials = { ...input.credentials };
  let inflight: Promise<string> | null = null;
  const now = input.now ?? (() => new Date());
  const refresh = async (): Promise<string> => {
    if (!creds.refreshToken) throw new AppError("NEEDS_REAUTH", "The connection has no refresh token; connect again.");
    const set = await refreshTokens(input.http, input.settings, { ...input, refreshToken: creds.refreshToken, now: now() });
    creds = { accessToken: set.accessToken, refreshToken: set.refreshToken ?? null, expiresAt: set.expiresAt ?? null, scope: set.scope ?? creds.scope ?? null, tokenType: set.tokenType ?? null };
    await input.onTokens?.(set);
    return creds.accessToken;
  };
  return {
    current: () => creds,
    async getAccessToken(opts) {
      const expiresAt = creds.expiresAt ? Date.parse(creds.expiresAt) : null;
      const due = expiresAt !== null && expiresAt - (input.skewMs ?? 60_000) <= now().getTime();
      if (!opts?.forceRefresh && !due) return creds.accessToken;
      inflight ??= refresh().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    async onTokens(tokens) {
      creds = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? creds.refreshToken ?? null, expiresAt: tokens.expiresAt ?? null, scope: tokens.scope ?? null, tokenType: tokens.tokenType ?? null };
      await input.onTokens?.(tokens);
    },
  };
}
