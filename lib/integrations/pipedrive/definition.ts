// Pipedrive: OAuth2 (the instance host comes back as `api_domain`) or a personal API token; persons with
// batch reads by id, incremental pulls on update_time with deletions from recents, person fields
// (listing and creating custom fields) and Basic-auth webhooks registered over the API.
import { oauthCredentialsSchema, sandboxBaseUrl, type AuthKind, type ProviderDefinition } from "@/lib/integrations/types";
import {
  createPipedriveClient,
  PIPEDRIVE_DELETED_RETENTION_MS,
  PIPEDRIVE_IDS_MAX,
  PIPEDRIVE_PAGE_MAX,
} from "@/lib/integrations/pipedrive/client";
import { pipedrivePersonsMapping } from "@/lib/integrations/pipedrive/map";
import { pipedriveApiTokenSchema, pipedriveConfigSchema, type PipedriveConfig, type PipedriveCredentials } from "@/lib/integrations/pipedrive/settings";
import { classifyPipedriveError } from "@/lib/integrations/pipedrive/errors";
import { pipedriveWebhook } from "@/lib/integrations/pipedrive/webhook";
import { parsePipedriveRateLimit } from "@/lib/integrations/pipedrive/rate-limit-headers";

const SLUG = "pipedrive";
const OAUTH_HOST = "https://oauth.pipedrive.com";

const live = (environment: "live" | "sandbox") => environment === "live";

/** `https://<company>.pipedrive.com`: from OAuth's api_domain, or the company domain entered with an API token. */
function liveBaseUrl(config: PipedriveConfig, metadata: Record<string, string>): string {
  const apiDomain = metadata["api_domain"];
  if (apiDomain) return apiDomain.replace(/\/+$/, "");
  return config.companyDomain ? `https://${config.companyDomain}.pipedrive.com` : "https://api.pipedrive.com";
}

/** API tokens go in `x-api-token` (never the deprecated ?api_token=); OAuth access tokens are Bearer. */
function authHeader(token: string, authKind: AuthKind): Record<string, string> {
  return authKind === "api_key" ? { "x-api-token": token } : { authorization: `Bearer ${token}` };
}

export const pipedrive: ProviderDefinition<PipedriveConfig, PipedriveCredentials> = {
  contract: 2,
  slug: SLUG,
  name: "Pipedrive",
  category: "crm",
  description: "Sync people with Pipedrive: e-mail matching, incremental pulls on update_time and person webhooks.",
  logo: "/integrations/pipedrive.svg",
  authKinds: ["oauth2", "api_key"],
  configSchema: pipedriveConfigSchema,
  credentialsSchema: { oauth2: oauthCredentialsSchema, api_key: pipedriveApiTokenSchema },
  oauth2: {
    authorizeUrl: ({ environment, appUrl }) =>
      live(environment) ? `${OAUTH_HOST}/oauth/authorize` : `${sandboxBaseUrl(appUrl, SLUG)}/oauth/authorize`,
    tokenUrl: ({ environment, appUrl }) => (live(environment) ? `${OAUTH_HOST}/oauth/token` : `${sandboxBaseUrl(appUrl, SLUG)}/oauth/token`),
    revokeUrl: ({ environment, appUrl }) => (live(environment) ? `${OAUTH_HOST}/oauth/revoke` : `${sandboxBaseUrl(appUrl, SLUG)}/oauth/revoke`),
    // scopes (base, contacts:full) are set on the Marketplace app, not sent in the authorize URL
    scopes: [],
    // Pipedrive documents no PKCE for its authorization-code flow
    pkce: false,
    clientAuth: "basic",
    metadataFromTokenResponse: ["api_domain"],
    // the access token lasts about an hour; the refresh token stays the same (unused for 60 days, it expires)
    refreshTokenRotates: false,
    refreshOn401: true,
  },
  apiBaseUrl: ({ environment, appUrl, config, metadata }) =>
    live(environment) ? liveBaseUrl(config, metadata) : sandboxBaseUrl(appUrl, SLUG),
  authHeader,
  objects: [
    {
      name: "persons",
      hubObject: "contacts",
      label: "People",
      capabilities: {
        get: true,
        getMany: { batchSize: PIPEDRIVE_IDS_MAX },
        listAll: { maxPageSize: PIPEDRIVE_PAGE_MAX },
        listChanged: { maxPageSize: PIPEDRIVE_PAGE_MAX, deletions: "listed", checkpointTtlMs: PIPEDRIVE_DELETED_RETENTION_MS },
        create: {},
        update: {},
        upsert: { matchKey: "email", atomic: false },
        delete: {},
        describeFields: true,
        createField: true,
      },
      defaultMapping: pipedrivePersonsMapping,
      limitations: [
        "Pipedrive has no upsert: Switchboard searches the e-mail, then creates or updates (two people written at the same moment can both be created).",
        "No batch writes for people: every create, update and delete is one request; reads by id go 100 at a time.",
        "People have no lead status and no source field in Pipedrive.",
        "Labels are synced as label ids, not names.",
        "Deleted people are reported for 30 days (Pipedrive purges them then); after that only a full resync finds them.",
        "Pipedrive times have whole seconds: records changed in the second a pull ends are read again by the next pull.",
      ],
    },
  ],
  rateLimit: {
    parseHeaders: parsePipedriveRateLimit,
    requests: 20,
    perMs: 2_000,
    concurrency: 4,
    defaultRetryAfterMs: 2_000,
    notes: "Token-based daily budget per company plus a burst limit per 2 s window (search: 10 per 2 s); x-ratelimit-* headers.",
  },
  webhook: {
    scheme: "HTTP Basic credentials set on the webhook (Pipedrive signs nothing)",
    registration: "api",
    setup: "registered",
    events: ["create.person", "change.person", "delete.person"],
  },
  setupInstructions: [
    "**OAuth (recommended):** click *Connect* and allow Switchboard in Pipedrive; your company's API",
    "host is taken from the token response.",
    "",
    "**API token:** in Pipedrive open *Personal preferences → API*, copy *Your personal API token* and",
    "enter it with your company domain (`yourcompany` from yourcompany.pipedrive.com).",
    "",
    "Switchboard registers a person webhook protected by HTTP Basic credentials it generates; a",
    "scheduled pull on `update_time` (and Pipedrive's recent-changes list for deletions) catches anything a webhook missed.",
  ].join("\n"),
  classifyError: classifyPipedriveError,
  createClient: (ctx) => createPipedriveClient(ctx),
  webhookHandler: pipedriveWebhook,
};
