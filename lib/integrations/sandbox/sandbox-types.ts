// The interface a provider's sandbox (lib/integrations/<slug>/sandbox.ts) implements. The framework in
// this folder supplies the rest: accounts, the record store, OAuth pages and token endpoint, fault
// injection, paging, deterministic seeds and the signed webhook emitter.
import type { KeyObject } from "node:crypto";
import type {
  SandboxAccount,
  SandboxOAuthApp as SandboxOAuthAppRow,
  SandboxWebhookSubscription as SandboxWebhookSubscriptionRow,
} from "@/lib/generated/prisma/client";
import type { Rng } from "@/lib/integrations/sandbox/rng";

export type { SandboxAccount, SandboxOAuthAppRow, SandboxWebhookSubscriptionRow };

/** A webhook subscription with its secret opened (lib/integrations/sandbox/subscriptions.ts). */
export type SandboxWebhookSubscription = Omit<SandboxWebhookSubscriptionRow, "secretSealed"> & { secret: string | null };

/** A workspace's sandbox OAuth app with its sealed secrets opened (lib/integrations/sandbox/oauth-apps.ts). */
export type SandboxOAuthApp = Omit<SandboxOAuthAppRow, "clientSecretSealed" | "developerApiKeySealed" | "signingKeysSealed"> & {
  clientSecret: string;
  developerApiKey: string | null;
  /** private webhook signing keys by scheme ("ed25519", "rsa") when the sandbox declares webhookKeyPairs */
  signingKeys: Readonly<Record<string, KeyObject>>;
};

/** Random values from node:crypto, for credentials (never the seeded Rng). */
export type SecureRandom = {
  hex(bytes: number): string;
  base64url(bytes: number): string;
  /** an integer in [min, max) */
  int(min: number, max: number): number;
  uuid(): string;
};

export type SandboxContext = {
  slug: string;
  /** the request path after /sandbox/<slug>, starting with "/" (e.g. "/crm/v3/objects/contacts") */
  path: string;
  /** the public URL of this sandbox's mount: `${origin}/sandbox/<slug>` */
  baseUrl: string;
  now(): Date;
  /** the signed-in Switchboard user's id (the OAuth consent screen needs a member of the app's workspace); absent = nobody */
  viewer?: () => Promise<string | null>;
};

/** Sandbox handlers are plain fetch-style functions. */
export type SandboxHandler = (req: Request, ctx: SandboxContext) => Promise<Response>;

/** A record as the provider's own JSON (HubSpot: {properties:{...}}, Salesforce: flat fields). */
export type SandboxData = Record<string, unknown>;

export type StoredRecord = {
  id: string;
  accountId: string;
  objectType: string;
  externalId: string;
  data: SandboxData;
  deleted: boolean;
  deletedAt: Date | null;
  seq: bigint;
  createdAt: Date;
  updatedAt: Date;
};

export type SandboxFormField = { name: string; label: string; type?: "text" | "email" | "tel" | "select" | "checkbox"; options?: readonly string[] };

/** One object type a sandbox stores and the control panel can browse and edit. */
export type SandboxObjectSpec = {
  /** stored objectType (the provider's name: "contacts", "Lead") */
  type: string;
  label: string;
  fields: readonly SandboxFormField[];
  /** how many records a fresh account gets */
  seedCount: number;
  /** a provider id for a new record; n is a per-account counter (1, 2, ...) */
  newExternalId(account: SandboxAccount, n: number): string;
  /** one realistic seeded record */
  seed(input: { rng: Rng; account: SandboxAccount; externalId: string; index: number; now: Date }): { data: SandboxData; createdAt: Date; updatedAt: Date };
  /** title and subtitle for lists */
  summary(data: SandboxData): { title: string; subtitle: string };
  toForm(data: SandboxData): Record<string, string>;
  /** form values onto a record (existing null = new), setting the provider's own timestamp fields to `now` */
  fromForm(values: Record<string, string>, input: { existing: SandboxData | null; externalId: string; now: Date; account: SandboxAccount }): SandboxData;
};

/** A change of sandbox data; the emitter turns changes into the provider's webhook deliveries. */
export type SandboxChange = {
  kind: "created" | "updated" | "deleted";
  objectType: string;
  externalId: string;
  /** the record after the change (before it, for a deletion) */
  data: SandboxData;
  previous: SandboxData | null;
  /** provider field names whose values changed (all fields for a creation) */
  changedFields: string[];
  occurredAt: Date;
  /** who made it: the API (an integration, with its OAuth app when known) or a person in the panel */
  source: { kind: "api"; appId: string | null } | { kind: "panel" };
};

/** One HTTP delivery the provider would send, already signed. */
export type RenderedDelivery = { headers: Record<string, string>; body: string };

/** How a provider's sandbox shapes the OAuth app each workspace gets (values random, provider-shaped). */
export type SandboxOAuthAppSpec = {
  name: string;
  newCredentials(random: SecureRandom): { appExternalId: string; clientId: string; clientSecret: string; developerApiKey?: string };
};

export interface ProviderSandbox {
  slug: string;
  handle: SandboxHandler;
  objects: readonly SandboxObjectSpec[];
  /** name and provider id of a new account (portal id, org id, location id) */
  newAccount(input: { key: string; rng: Rng }): { name: string; externalId: string };
  /** the OAuth app every workspace gets for this provider (OAuth providers only), created on first use */
  oauthApp?: SandboxOAuthAppSpec;
  /**
   * for providers that generate an endpoint's signing secret themselves (Loops): the panel adds webhook
   * targets through this and shows the secret once, instead of asking for one
   */
  panelWebhookEndpoint?(input: { accountId: string; url: string; events?: readonly string[] }): Promise<{ subscriptionId: string; signingSecret: string }>;
  /** webhook key pairs generated per workspace (kept with its OAuth app), e.g. GoHighLevel's Ed25519 + RSA */
  webhookKeyPairs?: readonly ("ed25519" | "rsa")[];
  /** provider-faithful fault responses */
  faults: {
    rateLimited(retryAfterSeconds: number): Response;
    serverError(): Response;
  };
  /**
   * Render the deliveries for one subscription from a burst of changes, batched and signed exactly as
   * the provider does (the app is the subscription's OAuth app, else the account's installing app, else
   * the workspace's app for this provider).
   */
  renderWebhooks?(input: {
    account: SandboxAccount;
    subscription: SandboxWebhookSubscription;
    app: SandboxOAuthApp | null;
    changes: readonly SandboxChange[];
    now: Date;
  }): RenderedDelivery[];
}
