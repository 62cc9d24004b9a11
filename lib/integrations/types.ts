// The provider contract. Every provider folder (lib/integrations/<slug>/) exports one ProviderDefinition
// from definition.ts: catalog data, auth, schemas, capabilities, and the factories for its API client,
// webhook verifier/parser and sandbox. Nothing outside the folder and registry.ts branches on a slug.
// How to add a provider: lib/integrations/CONTRACT.md.
import { z } from "zod";
import type { AppError } from "@/lib/errors/app-error";
import type { ProviderClassifier } from "@/lib/http/classify-error";
import type { HttpClient } from "@/lib/http/http-client";
import type { HubContact, HubWebhookEvent, RemoteContact } from "@/lib/records/hub-contact";

// ---------------------------------------------------------------------------------------------------
// Catalog basics

export type Environment = "live" | "sandbox";
export type AuthKind = "oauth2" | "api_key";
export type ProviderCategory = "crm" | "marketing" | "ecommerce" | "custom";
/** Hub object kinds (the hub's names; a provider's own object names live in ProviderObject.name). */
export type HubObjectKind = HubWebhookEvent["object"];

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
  /** refresh and retry once when an API call answers 401 (providers without expires_in) */
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

export type IncrementalStrategy = "poll" | "webhook";

export type ProviderObject = {
  /** the provider's own object name ("contacts", "Lead", "persons", "buyer") */
  name: string;
  hubObject: HubObjectKind;
  label: string;
  push: boolean;
  pull: boolean;
  /** how changes are found: polling a modified-since filter, or only webhooks (Loops) */
  incremental: IncrementalStrategy;
  /** largest page the provider serves for the incremental listing */
  maxPageSize?: number;
};

export type RateLimitPolicy = {
  /** sustained budget: `requests` per `perMs` (per account / connection) */
  requests: number;
  perMs: number;
  daily?: number;
  /** parallel requests the provider tolerates per connection */
  concurrency: number;
  /** wait used when a rate-limited answer carries no Retry-After */
  defaultRetryAfterMs: number;
  notes?: string;
};

export type WebhookScheme =
  | "hubspot-v3"
  | "ghl-ed25519"
  | "standard-webhooks"
  | "basic-auth"
  | "url-secret"
  | "hmac"
  | "none";

export type WebhookSettings = {
  scheme: WebhookScheme;
  /**
   * api: the client registers the target URL (ProviderClient.webhooks.register);
   * app: configured once per OAuth app, deliveries for every installed account (route by routingKey);
   * manual: the user pastes the URL into the provider's settings (setup instructions say where);
   * none: no webhooks.
   */
  registration: "api" | "app" | "manual" | "none";
  /** provider event names Switchboard listens to */
  events: readonly string[];
  /** connection metadata key that matches WebhookHandler.routingKey for app-level webhooks (HubSpot hub_id) */
  routingMetadataKey?: string;
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

export type ConnectionContext = {
  connectionId: string | null;
  environment: Environment;
  appUrl: string;
  /** the provider API base for this connection, from ProviderDefinition.apiBaseUrl (live or sandbox) */
  baseUrl: string;
  authKind: AuthKind;
  /** validated with the definition's configSchema */
  config: Record<string, unknown>;
  /** decrypted; api_key: the credentialsSchema's shape; oauth2: OAuthCredentials */
  credentials: Record<string, unknown>;
  /** non-secret facts learned at connect time (instance_url, api_domain, locationId, hub_id, org id) */
  metadata: Record<string, string>;
  /** the shared client with this connection's SSRF policy and secrets to redact */
  http: HttpClient;
  auth: TokenHooks;
  now(): Date;
};

// ---------------------------------------------------------------------------------------------------
// The API client

export type Page<T> = { items: T[]; nextCursor: string | null };

export type ListChangedSinceInput = {
  /** ISO 8601 lower bound (inclusive); null = from the beginning */
  since: string | null;
  /** the nextCursor of the previous page; null for the first page */
  cursor: string | null;
  /** page size wish; the adapter caps it at the provider's maximum */
  limit?: number;
};

export type UpsertResult = { contact: RemoteContact; created: boolean };

/**
 * Contacts (and contact-like objects such as Salesforce Leads). Items of listChangedSince come in
 * ascending remoteUpdatedAt order; nextCursor is opaque and null on the last page.
 */
export interface ContactsApi {
  get(externalId: string): Promise<RemoteContact | null>;
  searchByEmail(email: string): Promise<RemoteContact | null>;
  listChangedSince(input: ListChangedSinceInput): Promise<Page<RemoteContact>>;
  create(fields: HubContact): Promise<RemoteContact>;
  update(externalId: string, fields: HubContact): Promise<RemoteContact>;
  /** create or update, matched by e-mail (or the provider's own match rules) */
  upsert(fields: HubContact): Promise<UpsertResult>;
  delete(externalId: string): Promise<void>;
}

/** Other objects (orders, appointments, products, ...), typed by the provider's own client type. */
export interface RecordsApi<TRecord, TInput = TRecord> {
  get?(externalId: string): Promise<TRecord | null>;
  listChangedSince?(input: ListChangedSinceInput): Promise<Page<TRecord>>;
  create?(input: TInput): Promise<TRecord>;
  update?(externalId: string, input: TInput): Promise<TRecord>;
  delete?(externalId: string): Promise<void>;
}

export type VerifiedAccount = {
  /** the provider's id of the account (portal id, org id, location id) */
  accountId: string;
  accountName?: string;
  /** extra non-secret facts to keep in connection metadata */
  metadata?: Record<string, string>;
};

export interface ProviderClient {
  /** one cheap authenticated call; throws INVALID_CREDENTIALS when the credentials are wrong */
  verifyCredentials(): Promise<VerifiedAccount>;
  contacts: ContactsApi;
  /** further objects keyed by ProviderObject.name */
  objects?: Record<string, ContactsApi | RecordsApi<unknown, unknown>>;
  /** for registration "api": register / remove the hub's webhook target */
  webhooks?: {
    register(input: { targetUrl: string; secret: string }): Promise<{ externalId: string }>;
    unregister(externalId: string): Promise<void>;
  };
}

// ---------------------------------------------------------------------------------------------------
// Webhooks

export type WebhookVerifyInput = {
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
  config: Record<string, unknown>;
  /** decrypted credentials (Loops signing secret, Custom REST HMAC key) */
  credentials: Record<string, unknown>;
  metadata: Record<string, string>;
};

export type WebhookVerifyResult = { ok: true } | { ok: false; error: AppError };

export type WebhookParseContext = { headers?: Headers; metadata?: Record<string, string>; config?: Record<string, unknown> };

export interface WebhookHandler {
  /** constant-time; returns AppError WEBHOOK_SIGNATURE_INVALID or WEBHOOK_TIMESTAMP_EXPIRED when not ok */
  verify(input: WebhookVerifyInput): WebhookVerifyResult | Promise<WebhookVerifyResult>;
  /** parse a verified body into hub events; throws AppError VALIDATION_FAILED on a malformed body */
  parse(rawBody: string, context?: WebhookParseContext): HubWebhookEvent[];
  /** the response body the provider expects (Salesforce Outbound Messages want a SOAP Ack); default 200 empty */
  acknowledge?(): { status: number; headers: Record<string, string>; body: string };
  /** for app-level webhooks: the account the delivery is for (compared with metadata[routingMetadataKey]) */
  routingKey?(rawBody: string): string | null;
}

// ---------------------------------------------------------------------------------------------------
// The definition

export type ApiBaseUrlInput = {
  environment: Environment;
  appUrl: string;
  config: Record<string, unknown>;
  metadata: Record<string, string>;
};

export type ProviderDefinition = {
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
  configSchema: z.ZodObject;
  /** per auth kind: what the user enters (api_key) or what is stored (oauth2: oauthCredentialsSchema) */
  credentialsSchema: Partial<Record<AuthKind, z.ZodObject>>;
  oauth2?: OAuth2Settings;
  /** the API base for a connection: the live host or `${appUrl}/sandbox/<slug>` */
  apiBaseUrl(input: ApiBaseUrlInput): string;
  objects: readonly ProviderObject[];
  rateLimit: RateLimitPolicy;
  webhook: WebhookSettings;
  /** markdown shown on the connect page */
  setupInstructions: string;
  /** provider-specific error classification for lib/http (runs before the status-based default) */
  classifyError?: ProviderClassifier;
  createClient(ctx: ConnectionContext): ProviderClient;
  webhookHandler: WebhookHandler;
  /** values that prefill the connect form, keyed by field path ("config.template"); e.g. a working example */
  exampleConfig?(input: { environment: Environment; appUrl: string }): Promise<Record<string, string>> | Record<string, string>;
};

/** `${appUrl}/sandbox/<slug>`: where a provider's sandbox is mounted. */
export function sandboxBaseUrl(appUrl: string, slug: string): string {
  return `${appUrl.replace(/\/$/, "")}/sandbox/${slug}`;
}
