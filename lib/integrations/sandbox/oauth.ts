// OAuth2 for sandboxes: an authorize page a person clicks (Allow / Deny), the token endpoint
// (authorization_code with PKCE, refresh_token, expiring access tokens, rotating refresh tokens where the
// provider rotates) and bearer-token authentication for API calls. Codes and tokens are stored hashed.
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { findSandboxAccountByApiKey, listSandboxAccounts } from "@/lib/integrations/sandbox/accounts";
import { findSandboxOAuthApp, openOAuthApp } from "@/lib/integrations/sandbox/oauth-apps";
import type { SandboxAccount, SandboxContext, SandboxOAuthApp } from "@/lib/integrations/sandbox/sandbox-types";
import { ensureWorkspaceSandboxes } from "@/lib/integrations/sandbox/seed";
import { constantTimeEqual } from "@/lib/crypto/constant-time-equal";

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const CODE_TTL_MS = 10 * 60_000;

export type AuthorizePageOptions = {
  providerName: string;
  /** brand colour of the consent page */
  accent: string;
  /** describe what the scopes allow, shown to the person */
  scopeLabel?: (scope: string) => string;
};

/** The redirect URIs an app accepts: Switchboard's own OAuth callback plus those its workspace added. */
export function allowedRedirectUris(app: Pick<SandboxOAuthApp, "redirectUris">, ctx: SandboxContext): string[] {
  return [`${new URL(ctx.baseUrl).origin}/api/oauth/callback`, ...app.redirectUris];
}

/**
 * GET renders the consent screen; POST (the form) issues a code and redirects to redirect_uri with
 * code + state, or error=access_denied. Unknown client ids or unregistered redirect URIs get an error
 * page, never a redirect (as real providers do). The person must be signed in to Switchboard and a
 * member of the workspace that owns the app; they choose one of that workspace's accounts.
 */
export async function handleAuthorize(req: Request, ctx: SandboxContext, opts: AuthorizePageOptions): Promise<Response> {
  const url = new URL(req.url);
  const params = req.method === "POST" ? new URLSearchParams(await req.text()) : url.searchParams;
  const clientId = params.get("client_id") ?? "";
  const redirectUri = params.get("redirect_uri") ?? "";
  const state = params.get("state");
  const scope = params.get("scope") ?? "";
  const codeChallenge = params.get("code_challenge");
  const codeChallengeMethod = params.get("code_challenge_method") ?? (codeChallenge ? "plain" : null);
  const app = clientId ? await findSandboxOAuthApp(ctx.slug, clientId) : null;
  if (!app) return errorPage(opts, "Unknown client_id", 400);
  let redirect: URL;
  try {
    redirect = new URL(redirectUri);
    if (redirect.protocol !== "http:" && redirect.protocol !== "https:") throw new Error("scheme");
  } catch {
    return errorPage(opts, "Invalid redirect_uri", 400);
  }
  // Exact match against the registered URIs (RFC 6749 §3.1.2.3; no prefix or origin matching).
  if (!allowedRedirectUris(app, ctx).includes(redirectUri)) {
    return errorPage(opts, "This redirect_uri is not registered for the app. Add it in the workspace's sandbox panel.", 400);
  }
  const userId = ctx.viewer ? await ctx.viewer() : null;
  if (!userId) {
    if (req.method !== "GET") return errorPage(opts, "Sign in to Switchboard to continue.", 401);
    const back = `${url.pathname}${url.search}`;
    return new Response(null, { status: 303, headers: { location: `${new URL(ctx.baseUrl).origin}/sign-in?callbackUrl=${encodeURIComponent(back)}` } });
  }
  const member = await db.membership.findFirst({ where: { workspaceId: app.workspaceId, userId }, select: { id: true } });
  if (!member) return errorPage(opts, "This sandbox app belongs to a workspace you are not a member of.", 403);
  if (codeChallengeMethod && codeChallengeMethod !== "S256" && codeChallengeMethod !== "plain") {
    return errorPage(opts, "Unsupported code_challenge_method", 400);
  }
  await ensureWorkspaceSandboxes(app.workspaceId, [ctx.slug]);
  const accounts = await listSandboxAccounts(app.workspaceId, ctx.slug);

  if (req.method === "POST") {
    const back = new URL(redirect);
    if (state !== null) back.searchParams.set("state", state);
    if (params.get("decision") !== "allow") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The user denied access");
      return Response.redirect(back.toString(), 302);
    }
    const account = accounts.find((a) => a.id === params.get("account_id"));
    if (!account) return errorPage(opts, "Choose an account", 400);
    const code = `${ctx.slug}-code-${randomBytes(18).toString("base64url")}`;
    await db.sandboxAuthCode.create({
      data: {
        codeHash: sha256(code),
        appId: app.id,
        accountId: account.id,
        redirectUri,
        scope,
        codeChallenge,
        codeChallengeMethod,
        expiresAt: new Date(ctx.now().getTime() + CODE_TTL_MS),
      },
    });
    back.searchParams.set("code", code);
    return Response.redirect(back.toString(), 302);
  }

  const hidden = [...params.entries()]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const scopes = scope.split(/[ ,+]+/).filter(Boolean);
  const body = `
  <h1>Connect to ${escapeHtml(opts.providerName)}</h1>
  <p><strong>${escapeHtml(app.name)}</strong> wants to access your ${escapeHtml(opts.providerName)} sandbox account.</p>
  ${scopes.length ? `<ul>${scopes.map((s) => `<li>${escapeHtml(opts.scopeLabel?.(s) ?? s)}</li>`).join("")}</ul>` : ""}
  <form method="post">
    ${hidden}
    <label for="account_id">Account</label>
    <select id="account_id" name="account_id">${accounts
      .map((a) => `<option value="${escapeHtml(a.id)}">${escapeHtml(a.name)} (${escapeHtml(a.externalId)})</option>`)
      .join("")}</select>
    <div class="actions">
      <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
      <button type="submit" name="decision" value="allow">Allow</button>
    </div>
  </form>
  <p class="note">This is a Switchboard sandbox, not the real ${escapeHtml(opts.providerName)}.</p>`;
  // The form posts here and is answered with a redirect to redirect_uri: form-action must allow both
  // (browsers apply form-action to the redirect), unlike the app-wide 'self'.
  return htmlPage(opts, `Connect to ${opts.providerName}`, body, 200, [redirect.origin]);
}


function errorPage(opts: AuthorizePageOptions, message: string, status: number): Response {
  return htmlPage(opts, "Authorization error", `<h1>Authorization error</h1><p>${escapeHtml(message)}</p>`, status);
}

/** The consent page's own Content-Security-Policy: no scripts, inline styles, forms to itself and the client's redirect origin. */
export function consentPageCsp(formTargets: readonly string[]): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `form-action 'self' ${formTargets.join(" ")}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

function htmlPage(opts: AuthorizePageOptions, title: string, body: string, status: number, formTargets: readonly string[] = []): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,sans-serif;background:#f1f5f9;color:#0f172a;display:flex;justify-content:center;padding:48px 16px;margin:0}
main{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.1);padding:32px;max-width:440px;width:100%}
h1{font-size:20px;margin:0 0 12px;border-left:4px solid ${opts.accent};padding-left:10px}
label{display:block;font-size:14px;margin:16px 0 4px;color:#334155}select{width:100%;padding:8px;border:1px solid #cbd5e1;border-radius:6px}
.actions{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}
button{padding:8px 18px;border-radius:6px;border:0;background:${opts.accent};color:#fff;font-weight:600;cursor:pointer}
button.secondary{background:#e2e8f0;color:#0f172a}.note{font-size:12px;color:#64748b;margin-top:24px}
</style></head><body><main>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": consentPageCsp(formTargets),
      "cache-control": "no-store",
      "x-frame-options": "DENY",
    },
  });
}

export type TokenGrantResult = {
  grant: "authorization_code" | "refresh_token";
  accessToken: string;
  /** the refresh token to return: new on a code grant or a rotating refresh, the presented one otherwise, null when the provider omits it */
  refreshToken: string | null;
  expiresIn: number;
  scope: string;
  account: SandboxAccount;
  app: SandboxOAuthApp;
  issuedAt: Date;
};

export type TokenEndpointOptions = {
  accessTokenTtlSeconds: number;
  /** a refresh grant issues a new refresh token and revokes the old one */
  refreshTokenRotates: boolean;
  /** the refresh grant answer includes the (unchanged) refresh token (HubSpot yes, Salesforce no) */
  echoRefreshToken: boolean;
  clientAuth: "body" | "basic" | "either";
  tokenPrefix: string;
  success(result: TokenGrantResult): Response;
  error(error: "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type", description: string): Response;
};

async function issue(
  kind: "access" | "refresh",
  app: SandboxOAuthApp,
  accountId: string,
  scope: string,
  prefix: string,
  expiresAt: Date | null,
): Promise<string> {
  const token = `${prefix}${kind === "access" ? "at" : "rt"}-${randomBytes(24).toString("base64url")}`;
  await db.sandboxToken.create({ data: { tokenHash: sha256(token), kind, appId: app.id, accountId, scope, expiresAt } });
  return token;
}

/** POST token endpoint, form-encoded, as RFC 6749 with PKCE (RFC 7636). */
export async function handleToken(req: Request, ctx: SandboxContext, opts: TokenEndpointOptions): Promise<Response> {
  if (req.method !== "POST") return opts.error("invalid_request", "POST required");
  const form = new URLSearchParams(await req.text());
  let clientId = form.get("client_id");
  let clientSecret = form.get("client_secret");
  const basic = req.headers.get("authorization");
  if (basic?.startsWith("Basic ") && opts.clientAuth !== "body") {
    const decoded = Buffer.from(basic.slice(6), "base64").toString("utf8");
    const i = decoded.indexOf(":");
    clientId = decodeURIComponent(decoded.slice(0, i));
    clientSecret = decodeURIComponent(decoded.slice(i + 1));
  } else if (opts.clientAuth === "basic") {
    return opts.error("invalid_client", "client authentication failed");
  }
  const app = clientId ? await findSandboxOAuthApp(ctx.slug, clientId) : null;
  if (!app || !clientSecret || !constantTimeEqual(app.clientSecret, clientSecret)) {
    return opts.error("invalid_client", "client authentication failed");
  }
  const now = ctx.now();
  const grantType = form.get("grant_type");
  const accessExpiry = new Date(now.getTime() + opts.accessTokenTtlSeconds * 1000);

  if (grantType === "authorization_code") {
    const code = form.get("code") ?? "";
    const row = code ? await db.sandboxAuthCode.findUnique({ where: { codeHash: sha256(code) } }) : null;
    if (!row || row.appId !== app.id) return opts.error("invalid_grant", "invalid authorization code");
    if (row.usedAt) {
      // A replayed code revokes what it issued (RFC 6749 §4.1.2).
      await db.sandboxToken.updateMany({ where: { appId: app.id, accountId: row.accountId, createdAt: { gte: row.usedAt } }, data: { revokedAt: now } });
      return opts.error("invalid_grant", "authorization code already used");
    }
    if (row.expiresAt < now) return opts.error("invalid_grant", "authorization code expired");
    if (form.get("redirect_uri") !== row.redirectUri) return opts.error("invalid_grant", "redirect_uri mismatch");
    if (row.codeChallenge) {
      const verifier = form.get("code_verifier");
      if (!verifier) return opts.error("invalid_grant", "code_verifier required");
      const expected =
        row.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (!constantTimeEqual(expected, row.codeChallenge)) return opts.error("invalid_grant", "invalid code_verifier");
    }
    await db.sandboxAuthCode.update({ where: { id: row.id }, data: { usedAt: now } });
    const account = await db.sandboxAccount.findUniqueOrThrow({ where: { id: row.accountId } });
    const accessToken = await issue("access", app, account.id, row.scope, opts.tokenPrefix, accessExpiry);
    const refreshToken = await issue("refresh", app, account.id, row.scope, opts.tokenPrefix, null);
    return opts.success({ grant: "authorization_code", accessToken, refreshToken, expiresIn: opts.accessTokenTtlSeconds, scope: row.scope, account, app, issuedAt: now });
  }

  if (grantType === "refresh_token") {
    const presented = form.get("refresh_token") ?? "";
    const row = presented ? await db.sandboxToken.findUnique({ where: { tokenHash: sha256(presented) } }) : null;
    if (!row || row.kind !== "refresh" || row.appId !== app.id || row.revokedAt || (row.expiresAt && row.expiresAt < now)) {
      return opts.error("invalid_grant", "invalid refresh token");
    }
    const account = await db.sandboxAccount.findUniqueOrThrow({ where: { id: row.accountId } });
    const accessToken = await issue("access", app, account.id, row.scope, opts.tokenPrefix, accessExpiry);
    let refreshToken: string | null = opts.echoRefreshToken ? presented : null;
    if (opts.refreshTokenRotates) {
      await db.sandboxToken.update({ where: { id: row.id }, data: { revokedAt: now } });
      refreshToken = await issue("refresh", app, account.id, row.scope, opts.tokenPrefix, null);
    }
    return opts.success({ grant: "refresh_token", accessToken, refreshToken, expiresIn: opts.accessTokenTtlSeconds, scope: row.scope, account, app, issuedAt: now });
  }

  return opts.error("unsupported_grant_type", `grant_type ${grantType ?? "(missing)"} is not supported`);
}

/** Revoke a token (access or refresh) and, for a refresh token, the access tokens of the same grant. */
export async function revokeToken(slug: string, token: string, now: Date): Promise<boolean> {
  const row = await db.sandboxToken.findUnique({ where: { tokenHash: sha256(token) }, include: { app: true } });
  if (!row || row.app.provider !== slug) return false;
  await db.sandboxToken.update({ where: { id: row.id }, data: { revokedAt: now } });
  if (row.kind === "refresh") {
    await db.sandboxToken.updateMany({ where: { appId: row.appId, accountId: row.accountId, kind: "access", revokedAt: null }, data: { revokedAt: now } });
  }
  return true;
}

export type BearerAuth =
  | { ok: true; account: SandboxAccount; app: SandboxOAuthApp | null; via: "oauth" | "api_key" }
  | { ok: false; reason: "missing" | "invalid" | "expired" };

/** An Authorization: Bearer header: an OAuth access token of this provider, or an account API key (private-app token). */
export async function authenticateBearer(req: Request, ctx: SandboxContext): Promise<BearerAuth> {
  const header = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) return { ok: false, reason: "missing" };
  return authenticateToken(m[1]!, ctx);
}

export async function authenticateToken(token: string, ctx: SandboxContext): Promise<BearerAuth> {
  const row = await db.sandboxToken.findUnique({ where: { tokenHash: sha256(token) }, include: { app: true, account: true } });
  if (row && row.kind === "access" && row.app.provider === ctx.slug) {
    if (row.revokedAt) return { ok: false, reason: "invalid" };
    if (row.expiresAt && row.expiresAt < ctx.now()) return { ok: false, reason: "expired" };
    return { ok: true, account: row.account, app: await openOAuthApp(row.app), via: "oauth" };
  }
  const account = await findSandboxAccountByApiKey(ctx.slug, token);
  if (account) return { ok: true, account, app: null, via: "api_key" };
  return { ok: false, reason: "invalid" };
}
