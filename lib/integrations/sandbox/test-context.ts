// For tests: a workspace with its own sandbox account, and a ConnectionContext pointing a provider's
// adapter at that sandbox served by startSandboxServer(), through the product's own lib/http client (SSRF
// guard on, the sandbox origin allow-listed as the product's sandbox allow-list would).
//
//   createTestSandbox(slug: string, opts?: {
//     workspaceId?: string;      // reuse a workspace (default: a fresh one with a fresh owner)
//     userId?: string;           // that workspace's member, when workspaceId is given (for the consent screen)
//     key?: string;              // account handle within the workspace (default "default")
//     name?: string;             // account display name
//     count?: number;            // records per object (default: each object's seedCount)
//     now?: Date;                // seeded timestamps relative to this
//     redirectUris?: string[];   // extra redirect URIs registered on the workspace's OAuth app
//   }): Promise<TestSandbox>
//
//   TestSandbox = {
//     workspaceId, workspaceSlug, userId,   // the workspace and its owner (send TEST_USER_HEADER: userId to authorize)
//     account: SandboxAccount & { apiKey },  // the seeded account row (externalId = portal/org/location id) + its key
//     apiKey: string,                        // its API key / private-app token, in clear
//     app: { id, clientId, clientSecret, appExternalId, developerApiKey, redirectUris } | null,  // the workspace's OAuth app
//     webhookPublicKeys: Record<string, string> | null,   // PEM by scheme (GoHighLevel), for WebhookVerifyInput.sandboxPublicKeys
//   }
//
//   sandboxConnectionContext({ provider, origin, authKind, credentials, client?, ... }): ConnectionContext
//
// Example: const sbx = await createTestSandbox("hubspot", { count: 40 });
//          sandboxConnectionContext({ provider: hubspot, origin: server.origin, authKind: "api_key", credentials: { accessToken: sbx.apiKey } })
// Two workspaces: const a = await createTestSandbox("hubspot"); const b = await createTestSandbox("hubspot");
// More accounts in one workspace: createTestSandbox("gohighlevel", { workspaceId: a.workspaceId, userId: a.userId, key: "second" }).
import { db } from "@/lib/db/client";
import { openSandboxApiKey } from "@/lib/integrations/sandbox/accounts";
import { ensureWorkspaceOAuthApp, setSandboxRedirectUris, workspaceWebhookPublicKeys } from "@/lib/integrations/sandbox/oauth-apps";
import { getSandbox } from "@/lib/integrations/sandbox/registry";
import type { SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";
import { seedSandboxAccount } from "@/lib/integrations/sandbox/seed";
import { createTestWorkspace } from "@/lib/testing/factories";
import { createHttpClient, type HttpLogEntry } from "@/lib/http/http-client";
import { createTokenHooks } from "@/lib/http/oauth2";
import type { RateLimitBudget } from "@/lib/http/rate-limit";
import { contextRequest } from "@/lib/integrations/authorized-request";
import type { AnyProviderDefinition, AuthKind, ConnectionContext, OAuthCredentials, ProviderDefinition, TokenHooks } from "@/lib/integrations/types";

export type SandboxContextInput = {
  provider: AnyProviderDefinition;
  /** origin of the test server (startSandboxServer().origin), standing in for appUrl() */
  origin: string;
  authKind: AuthKind;
  credentials: Record<string, unknown>;
  config?: Record<string, unknown>;
  metadata?: Record<string, string>;
  /** OAuth: the app client for refresh (TestSandbox.app) */
  client?: { clientId: string; clientSecret: string };
  onLog?: (entry: HttpLogEntry) => void;
  onRateLimit?: (budget: RateLimitBudget) => void;
  now?: () => Date;
  timeoutMs?: number;
  /** pace calls to the provider's rate-limit policy as the product does (default off: tests stay fast) */
  pace?: boolean;
};

/**
 * Typed like the provider's definition (ConnectionContext<TConfig, TCredentials>), so a test can hand it
 * straight to that provider's createClient; config and credentials are taken as given.
 */
export function sandboxConnectionContext<TConfig = Record<string, unknown>, TCredentials = Record<string, unknown>>(
  input: SandboxContextInput & { provider: ProviderDefinition<TConfig, TCredentials> | AnyProviderDefinition },
): ConnectionContext<TConfig, TCredentials> & { tokens: TokenHooks } {
  const config = input.config ?? {};
  const metadata = input.metadata ?? {};
  const secretValues = () =>
    Object.values(input.credentials).filter((v): v is string => typeof v === "string").concat(
      input.client ? [input.client.clientSecret] : [],
    );
  const http = createHttpClient({
    provider: input.provider.slug,
    allowedOrigins: [input.origin],
    secrets: secretValues,
    ...(input.provider.classifyError ? { classify: input.provider.classifyError } : {}),
    defaultRetryAfterMs: input.provider.rateLimit.defaultRetryAfterMs,
    ...(input.provider.rateLimit.parseHeaders ? { parseRateLimit: input.provider.rateLimit.parseHeaders } : {}),
    ...(input.onLog ? { onLog: input.onLog } : {}),
    ...(input.onRateLimit ? { onRateLimit: input.onRateLimit } : {}),
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
  });
  const urlInput = { environment: "sandbox" as const, appUrl: input.origin, config };
  let tokens: TokenHooks;
  if (input.authKind === "oauth2") {
    if (!input.provider.oauth2 || !input.client) throw new Error("OAuth context needs the provider's oauth2 settings and a client");
    tokens = createTokenHooks({
      ...urlInput,
      ...input.client,
      http,
      settings: input.provider.oauth2,
      credentials: input.credentials as OAuthCredentials,
      ...(input.now ? { now: input.now } : {}),
    });
  } else {
    tokens = { getAccessToken: async () => String(Object.values(input.credentials)[0] ?? "") };
  }
  const baseUrl = input.provider.apiBaseUrl({ ...urlInput, metadata });
  return {
    connectionId: null,
    environment: "sandbox",
    appUrl: input.origin,
    baseUrl,
    authKind: input.authKind,
    config: config as TConfig,
    credentials: input.credentials as TCredentials,
    metadata,
    http,
    auth: tokens,
    tokens,
    request: contextRequest(input.provider, { http, baseUrl, authKind: input.authKind, auth: tokens, connectionId: null, pace: input.pace ?? false }),
    now: input.now ?? (() => new Date()),
  };
}

export type TestSandboxApp = { id: string; clientId: string; clientSecret: string; appExternalId: string; developerApiKey: string | null; redirectUris: string[] };

export type TestSandbox = {
  workspaceId: string;
  workspaceSlug: string;
  /** an owner of the workspace (or opts.userId) */
  userId: string;
  /** the seeded account row, with its API key in clear */
  account: SandboxAccount & { apiKey: string };
  apiKey: string;
  app: TestSandboxApp | null;
  webhookPublicKeys: Record<string, string> | null;
};

export type TestSandboxOptions = {
  workspaceId?: string;
  userId?: string;
  key?: string;
  name?: string;
  count?: number;
  now?: Date;
  redirectUris?: string[];
};

/** A workspace (fresh unless given) with a seeded sandbox account of `slug`, its API key and OAuth app in clear. */
export async function createTestSandbox(slug: string, opts: TestSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = getSandbox(slug);
  if (!sandbox) throw new Error(`No sandbox for ${slug}`);
  let workspaceId = opts.workspaceId;
  let userId = opts.userId;
  if (!workspaceId) {
    const access = await createTestWorkspace();
    workspaceId = access.workspace.id;
    userId = access.user.id;
  }
  if (!userId) {
    const owner = await db.membership.findFirst({ where: { workspaceId, role: "owner" }, select: { userId: true } });
    if (!owner) throw new Error("Pass userId: the workspace has no owner");
    userId = owner.userId;
  }
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true } });
  const account = await seedSandboxAccount(sandbox, {
    workspaceId,
    ...(opts.key ? { key: opts.key } : {}),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.count !== undefined ? { count: opts.count } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const apiKey = await openSandboxApiKey(account);
  let app = await ensureWorkspaceOAuthApp(sandbox, workspaceId);
  if (app && opts.redirectUris?.length) {
    const redirectUris = await setSandboxRedirectUris(workspaceId, app.id, [...new Set([...app.redirectUris, ...opts.redirectUris])]);
    app = { ...app, redirectUris };
  }
  return {
    workspaceId,
    workspaceSlug: ws.slug,
    userId,
    account: { ...account, apiKey },
    apiKey,
    app: app
      ? { id: app.id, clientId: app.clientId, clientSecret: app.clientSecret, appExternalId: app.appExternalId, developerApiKey: app.developerApiKey, redirectUris: app.redirectUris }
      : null,
    webhookPublicKeys: await workspaceWebhookPublicKeys(sandbox, workspaceId),
  };
}
