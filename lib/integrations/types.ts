// The provider contract. Every provider folder (lib/integrations/<slug>/) exports one ProviderDefinition
// from definition.ts: catalog data, auth, typed schemas, objects with declared capabilities, rate-limit
// and auth-header hooks, and the factories for its API client and webhook handler. Nothing outside the
// folder and registry.ts branches on a slug. Contract v2 (`contract: 2`): per-object raw-record APIs
// (lib/integrations/object-contract.ts); how to convert a provider: /work/coord/CONTRACT-V2.md and
// lib/integrations/CONTRACT.md.
import { z } from "zod";
import type { AppError } from "@/lib/errors/app-error";
import type { ProviderClassifier } from "@/lib/http/classify-error";
import type { HttpClient, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { RateLimitHeaderParser } from "@/lib/http/rate-limit";
import type { FieldMap, ObjectApi, ObjectSpec, RawRecord } from "@/lib/integrations/object-contract";

// ---------------------------------------------------------------------------------------------------
// Catalog basics

export type Environment = "live" | "sandbox";
export type AuthKind = "oauth2" | "api_key";
export type ProviderCategory = "crm" | "marketing" | "ecommerce" | "custom";

// ---------------------------------------------------------------------------------------------------
// Form field metadata for config / credential schemas. Forms render from the zod schema: the label
// and help come from `.meta({ title, description })`, and a field marked `secret: true` is masked in
// the form, sealed at rest and never sent back to the browser.

export type FieldMeta = { title?: string; description?: string; secret?: boolean; placeholder?: string };

/** A required secret string field (API key, token, signing secret). */
export function secretField(title: string, description: string, placeholder?: string) {
  return z
    .string()
    .trim()
    .min(1, `${title} is required`)
    .meta({ title, description, secret: true, ...(placeholder ? { placeholder } : {}) });
}

/** Metadata of one field schema (title, description, secret). */
export function fieldMeta(schema: z.ZodType): FieldMeta {
  const meta = z.globalRegistry.get(schema) as FieldMeta | undefined;
  return meta ?? {};
}

/** Names of the secret fields of an object schema. */
export function secretFieldNames(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, s]) => fieldMeta(s as z.ZodType).secret === true)
    .map(([k]) => k);
}

// ---------------------------------------------------------------------------------------------------
// OAuth2

export type OAuth2UrlInput = { environment: Environment; appUrl: string; config: Record<string, unknown> };

export type OAuth2Settings = {
  /** where the browser is sent; the connections layer adds client_id, redirect_uri, scope, state, PKCE */
  authorizeUrl(input: OAuth2UrlInput): string;
  tokenUrl(input: OAuth2UrlInput): string;
  revokeUrl?(input: OAuth2UrlInput): string;
  /**
   * how the revoke URL is called: RFC 7009 (`POST token=…` with client auth; the default) or
   * `DELETE <revokeUrl>/<token>` (HubSpot)
   */
  revokeRequest?: "rfc7009" | "delete-path";
  scopes: readonly string[];
  /** how scopes are joined in the authorize URL (default " ") */
  scopeSeparator?: " " | ",";
  /** send code_challenge (S256) and code_verifier */
  pkce: boolean;
  /** how the client authenticates at the token endpoint */
  clientAuth: "body" | "basic";
  extraAuthorizeParams?: Readonly<Record<string, string>>;
  /** token-response fields copied into connection metadata (instance_url, api_domain, locationId, hub_id, ...) */
  metadataFromTokenResponse: readonly string[];
  /** the refresh grant returns a new refresh token that replaces the old one */
  refreshTokenRotates: boolean;
  /** lifetime to assume when the token response has no expires_in (Salesforce) */
  defaultAccessTokenTtlSeconds?: number;
  /** refresh and retry once when an API call answers 401 (providers without expires_in); ConnectionContext.request honours it */
  refreshOn401?: boolean;
};

/** What the connections layer stores (sealed) for an OAuth2 connection; `credentials` in the context. */
export const oauthCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable().optional(),
  /** ISO 8601; null when the provider gives no expiry */
  expiresAt: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
  tokenType: z.string().nullable().optional(),
});
export type OAuthCredentials = z.infer<typeof oauthCredentialsSchema>;

/** A token endpoint answer, normalised (see lib/http/oauth2.ts). */
export type OAuthTokenSet = OAuthCredentials & {
  /** the fields named by metadataFromTokenResponse, as strings */
  metadata: Record<string, string>;
};

// ---------------------------------------------------------------------------------------------------
// Objects, capabilities, limits, webhooks

export type RateLimitPolicy = {
  /** sustained budget: `requests` per `perMs` (per account / connection); lib/http paces calls to it */
  requests: number;
  perMs: number;
  daily?: number;
  /** parallel requests the provider tolerates per connection; lib/http never runs more at once */
  concurrency: number;
  /** wait used when a rate-limited answer carries no Retry-After */
  defaultRetryAfterMs: number;
  /**
   * the provider's own rate-limit headers -> the shared budget shape (compose with
   * parseStandardRateLimit from lib/http/rate-limit.ts); absent = the standard families only
   */
  parseHeaders?: RateLimitHeaderParser;
  notes?: string;
};

export const webhookSetupModes = ["registered", "app", "url-secret", "provider-secret", "none"] as const;
export type WebhookSetupMode = (typeof webhookSetupModes)[number];

export type WebhookSettings = {
  /** the scheme's name, for people (the verification itself is WebhookHandler.verify, in the provider's folder) */
  scheme: string;
  /**
   * api: the client registers the target URL (ProviderClient.webhooks.register);
   * app: configured once per OAuth app, deliveries for every installed account (routed by
   *      WebhookHandler.routingKey to connections.external_account_id);
   * manual: the user pastes the URL into the provider's settings (setup instructions say where);
   * none: no webhooks.
   */
  registration: "api" | "app" | "manual" | "none";
  /**
   * what a person has to do so deliveries arrive and verify (the connection page's setup card follows it):
   * registered: Switchboard registers its URL and a secret it generated through the provider's API (registration "api");
   * app: one URL per OAuth app, set once in the app by whoever runs Switchboard; deliveries are signed with the
   *      app's client secret or the provider's key (registration "app");
   * url-secret: the person pastes a URL that carries a secret Switchboard generated (`?secret=`, url-secret.ts);
   * provider-secret: the person pastes the plain URL into the provider and the provider's signing secret into the
   *      connection's credentials;
   * none: no webhooks.
   */
  setup: WebhookSetupMode;
  /** setup "provider-secret": the api_key credential that holds the provider's signing secret */
  providerSecretCredential?: string;
  /** provider event names Switchboard listens to */
  events: readonly string[];
};

// ---------------------------------------------------------------------------------------------------
// Connection context: what an adapter gets to do its work. Built by the connections layer (or by
// lib/integrations/sandbox/test-context.ts in tests).

export type TokenHooks = {
  /** a valid access token (refreshed ahead of expiry by the connections layer); api_key providers may omit */
  getAccessToken(opts?: { forceRefresh?: boolean }): Promise<string>;
  /** tell the connections layer about tokens the adapter obtained itself (rare) */
  onTokens?(tokens: OAuthTokenSet): Promise<void>;
};

export type ConnectionContext<TConfig = Record<string, unknown>, TCredentials = Record<string, unknown>> = {
  connectionId: string | null;
  environment: Environment;
  appUrl: string;
  /** the provider API base for this connection, from ProviderDefinition.apiBaseUrl (live or sandbox) */
  baseUrl: string;
  authKind: AuthKind;
  /** validated with the definition's configSchema */
  config: TConfig;
  /** decrypted; api_key: the credentialsSchema's shape; oauth2: OAuthCredentials */
  credentials: TCredentials;
  /** non-secret facts learned at connect time (instance_url, api_domain, locationId, hub_id, org id) */
  metadata: Record<string, string>;
  /** the shared client with this connection's SSRF policy, secrets to redact and rate-limit pacing */
  http: HttpClient;
  auth: TokenHooks;
  /**
   * an API call on ctx.baseUrl with the connection's credential in the definition's auth header
   * (ProviderDefinition.authHeader), the token redacted, and one refresh + retry on 401 when
   * oauth2.refreshOn401 says so
   */
  request(req: HttpRequest): Promise<HttpResponse>;
  now(): Date;
};

// ---------------------------------------------------------------------------------------------------
// The API client (v2)


export type VerifiedAccount = {
  /**
   * the provider's id of the account (portal id, org id, location id); stored in
   * connections.external_account_id, where app-level webhooks look it up
   */
  accountId: string;
  accountName?: string;
  /** extra non-secret facts to keep in connection metadata */
  metadata?: Record<string, string>;
};

export interface ProviderClient {
  /** one cheap authenticated call; throws INVALID_CREDENTIALS when the credentials are wrong */
  verifyCredentials(): Promise<VerifiedAccount>;
  /** one API per declared object, keyed by ObjectSpec.name */
  objects: Readonly<Record<string, ObjectApi>>;
  /** for registration "api": register / remove the hub's webhook target */
  webhooks?: {
    register(input: { targetUrl: string; secret: string }): Promise<{ externalId: string }>;
    unregister(externalId: string): Promise<void>;
  };
}

// ---------------------------------------------------------------------------------------------------
// Webhooks

export type WebhookVerifyInput<TConfig = Record<string, unknown>, TCredentials = Record<string, unknown>> = {
  method: string;
  /** the full public URL the provider called, including the query string */
  url: string;
  headers: Headers;
  /** exactly the bytes received, as UTF-8 text */
  rawBody: string;
  now: Date;
  /** the connection's environment: sandbox deliveries are signed with sandbox keys, never accepted for live */
  environment: Environment;
  /** per-connection secret Switchboard generated (URL secret, basic-auth password) */
  connectionSecret: string | null;
  /** the OAuth app's client secret for the environment (HubSpot signs with it) */
  appSecret: string | null;
  /**
   * sandbox connections only: the public keys (PEM, by scheme name, e.g. "ed25519", "rsa") the workspace's
   * sandbox signs webhooks with; the receiver gets them from sandboxWebhookPublicKeys() in
   * lib/integrations/sandbox/sandbox-access.ts. Absent for live connections.
   */
  sandboxPublicKeys?: Readonly<Record<string, string>> | null;
  config: TConfig;
  /** decrypted credentials (Loops signing secret, Custom REST HMAC key) */
  credentials: TCredentials;
  metadata: Record<string, string>;
};

export type WebhookVerifyResult = { ok: true } | { ok: false; error: AppError };

export const webhookActions = ["created", "updated", "deleted", "merged", "restored"] as const;
export type WebhookAction = (typeof webhookActions)[number];

/** One change a verified delivery reports, for any declared object. */
export type WebhookChange = {
  /** the provider's own event id (stable across redeliveries): the inbox de-duplicates on it */
  providerEventId: string;
  /** ObjectSpec.name of the object that changed */
  object: string;
  action: WebhookAction;
  externalId: string;
  occurredAt: string | null;
  /** the provider fields the payload carried (possibly only the changed ones) */
  fields?: FieldMap;
  /** the full record, when the payload had it or the handler fetched it (parse got a client) */
  record?: RawRecord;
  /** merged: the record that survived (HubSpot primaryObjectId) */
  mergedIntoExternalId?: string;
};

/**
 * A provider event that is not a change of a synced record (GoHighLevel InboundMessage /
 * OutboundMessage): stored in the inbox like any delivery, then sent on to the workspace's outbound
 * webhook endpoints as `type` (lib/webhooks/process-deliveries.ts).
 */
export type WebhookEvent = {
  /** the provider's own event id, stable across redeliveries */
  providerEventId: string;
  type: "message.inbound" | "message.outbound";
  occurredAt: string | null;
  /** the provider account's id of the contact the event concerns, when it names one */
  contactExternalId: string | null;
  /** the outbound event's data, in Switchboard's snake_case shape (provider ids as strings) */
  data: Record<string, string | number | boolean | null | string[]>;
};

export type WebhookParseInput<TConfig = Record<string, unknown>> = {
  rawBody: string;
  headers: Headers;
  config: TConfig;
  metadata: Record<string, string>;
  /** when given, a handler whose payloads are partial fetches the full records through it */
  client?: ProviderClient;
};

export interface WebhookHandler<TConfig = Record<string, unknown>, TCredentials = Record<string, unknown>> {
  /** constant-time; returns AppError WEBHOOK_SIGNATURE_INVALID or WEBHOOK_TIMESTAMP_EXPIRED when not ok */
  verify(input: WebhookVerifyInput<TConfig, TCredentials>): WebhookVerifyResult | Promise<WebhookVerifyResult>;
  /** a verified body -> changes in the provider's order; throws AppError VALIDATION_FAILED on a malformed body */
  parse(input: WebhookParseInput<TConfig>): Promise<WebhookChange[]>;
  /** a verified body -> the events in it that are not record changes (messages); absent = none */
  events?(input: { rawBody: string }): WebhookEvent[];
  /** the response body the provider expects (Salesforce Outbound Messages want a SOAP Ack); default 200 empty */
  acknowledge?(): { status: number; headers: Record<string, string>; body: string };
  /**
   * app-level webhooks (registration "app"): the provider account the delivery is for; the receiver finds
   * the connection by connections.external_account_id (see lib/connections/find-webhook-connections.ts)
   */
  routingKey?(input: { rawBody: string; headers: Headers }): string | null;
}

// ---------------------------------------------------------------------------------------------------
// The definition

export type ApiBaseUrlInput<TConfig = Record<string, unknown>> = {
  environment: Environment;
  appUrl: string;
  config: TConfig;
  metadata: Record<string, string>;
};

/** What every definition has, v1 or v2. */
type ProviderDefinitionBase<TConfig, TCredentials> = {
  slug: string;
  name: string;
  category: ProviderCategory;
  /** one line for the catalog */
  description: string;
  /** `/integrations/<slug>.svg` */
  logo: string;
  /** supported auth kinds, preferred first */
  authKinds: readonly AuthKind[];
  /** non-secret settings (account URL, which object to sync); an empty z.object() when none */
  configSchema: z.ZodObject & z.ZodType<TConfig>;
  /** per auth kind: what the user enters (api_key) or what is stored (oauth2: oauthCredentialsSchema) */
  credentialsSchema: Partial<Record<AuthKind, z.ZodObject & z.ZodType<TCredentials>>>;
  oauth2?: OAuth2Settings;
  /** the API base for a connection: the live host or `${appUrl}/sandbox/<slug>` */
  apiBaseUrl(input: ApiBaseUrlInput<TConfig>): string;
  /**
   * the header(s) carrying the connection's credential (token: the OAuth access token, or the API-key
   * credential); default `Authorization: Bearer <token>`. Used by ConnectionContext.request.
   */
  authHeader?(token: string, authKind: AuthKind): Record<string, string>;
  rateLimit: RateLimitPolicy;
  webhook: WebhookSettings;
  /** markdown shown on the connect page */
  setupInstructions: string;
  /** provider-specific error classification for lib/http (runs before the status-based default) */
  classifyError?: ProviderClassifier;
  /**
   * how the connect page asks for the config: "fields" (default: a form generated from configSchema) or
   * "rest-template" (the REST API description builder with a live endpoint test; the config's `template`)
   */
  connectForm?: "fields" | "rest-template";
  /** values that prefill the connect form, keyed by field path ("config.template"); e.g. a working example */
  exampleConfig?(input: { environment: Environment; appUrl: string }): Promise<Record<string, string>> | Record<string, string>;
};

/**
 * A provider, contract v2. TConfig / TCredentials are the outputs of configSchema / credentialsSchema
 * (for OAuth providers, include OAuthCredentials), so clients read settings without casts.
 */
export type ProviderDefinition<TConfig = Record<string, unknown>, TCredentials = Record<string, unknown>> = ProviderDefinitionBase<TConfig, TCredentials> & {
  contract: 2;
  /** every object Switchboard can sync, with its declared capabilities and default mapping */
  objects: readonly ObjectSpec[];
  /**
   * the objects of one connection, when they depend on its config (Custom REST: the template decides
   * delete, listChanged and the default mapping); absent = `objects`. Read through connectionObjects().
   */
  objectsFor?(config: TConfig): readonly ObjectSpec[];
  createClient(ctx: ConnectionContext<TConfig, TCredentials>): ProviderClient;
  webhookHandler: WebhookHandler<TConfig, TCredentials>;
};

/**
 * What the registry holds. Every provider is on contract v2 now (the v1 contact-centric shape is gone);
 * the name and isContractV2 stay so callers written during the conversion keep compiling.
 */
export type AnyProviderDefinition = ProviderDefinition;

/** True for every registered provider (a definition without `contract: 2` no longer type-checks). */
export function isContractV2(def: AnyProviderDefinition): boolean {
  return def.contract === 2;
}

/** The objects (capabilities, default mappings) of a connection with this parsed config. */
export function connectionObjects(def: ProviderDefinition, config: Record<string, unknown>): readonly ObjectSpec[] {
  return def.objectsFor ? def.objectsFor(config) : def.objects;
}

/** `${appUrl}/sandbox/<slug>`: where a provider's sandbox is mounted. */
export function sandboxBaseUrl(appUrl: string, slug: string): string {
  return `${appUrl.replace(/\/$/, "")}/sandbox/${slug}`;
}
