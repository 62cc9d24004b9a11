// HubSpot (CRM v3): OAuth2 public app or private-app token; contacts with batch writes, keyset
// incremental search, archived-listing deletions, properties (field discovery and creation) and
// app-level signed webhooks. The worked example of contract v2 (/work/coord/CONTRACT-V2.md).
import { oauthCredentialsSchema, sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import {
  createHubspotClient,
  HUBSPOT_ARCHIVE_RETENTION_MS,
  HUBSPOT_BATCH_MAX,
  HUBSPOT_LIST_MAX_LIMIT,
  HUBSPOT_SEARCH_CAP,
  HUBSPOT_SEARCH_MAX_LIMIT,
} from "@/lib/integrations/hubspot/client";
import { hubspotContactsMapping } from "@/lib/integrations/hubspot/map";
import { parseHubspotRateLimit } from "@/lib/integrations/hubspot/rate-limit-headers";
import { hubspotConfigSchema, hubspotPrivateAppSchema, type HubspotConfig, type HubspotCredentials } from "@/lib/integrations/hubspot/settings";
import { hubspotWebhook } from "@/lib/integrations/hubspot/webhook";

export const HUBSPOT_SCOPES = ["crm.objects.contacts.read", "crm.objects.contacts.write", "crm.schemas.contacts.read", "crm.schemas.contacts.write", "oauth"] as const;

const live = (environment: "live" | "sandbox") => environment === "live";
const batch = { batchSize: HUBSPOT_BATCH_MAX };

export const hubspot: ProviderDefinition<HubspotConfig, HubspotCredentials> = {
  contract: 2,
  slug: "hubspot",
  name: "HubSpot",
  category: "crm",
  description: "Sync contacts with HubSpot CRM: batch upserts by e-mail, incremental search, custom properties and signed webhooks.",
  logo: "/integrations/hubspot.svg",
  authKinds: ["oauth2", "api_key"],
  configSchema: hubspotConfigSchema,
  credentialsSchema: { oauth2: oauthCredentialsSchema, api_key: hubspotPrivateAppSchema },
  oauth2: {
    authorizeUrl: ({ environment, appUrl }) =>
      live(environment) ? "https://app.hubspot.com/oauth/authorize" : `${sandboxBaseUrl(appUrl, "hubspot")}/oauth/authorize`,
    tokenUrl: ({ environment, appUrl }) =>
      live(environment) ? "https://api.hubapi.com/oauth/v1/token" : `${sandboxBaseUrl(appUrl, "hubspot")}/oauth/v1/token`,
    revokeRequest: "delete-path",
    revokeUrl: ({ environment, appUrl }) =>
      live(environment) ? "https://api.hubapi.com/oauth/v1/refresh-tokens" : `${sandboxBaseUrl(appUrl, "hubspot")}/oauth/v1/refresh-tokens`,
    scopes: HUBSPOT_SCOPES,
    scopeSeparator: " ",
    pkce: true,
    clientAuth: "body",
    metadataFromTokenResponse: ["hub_id"],
    // Access tokens last 30 minutes; the refresh token stays the same until the app is uninstalled.
    // HubSpot says to refresh on expires_in, not on a 401, so no refreshOn401.
    refreshTokenRotates: false,
    defaultAccessTokenTtlSeconds: 1800,
  },
  apiBaseUrl: ({ environment, appUrl }) => (live(environment) ? "https://api.hubapi.com" : sandboxBaseUrl(appUrl, "hubspot")),
  objects: [
    {
      name: "contacts",
      hubObject: "contacts",
      label: "Contacts",
      capabilities: {
        get: true,
        getMany: batch,
        listAll: { maxPageSize: HUBSPOT_LIST_MAX_LIMIT },
        listChanged: { maxPageSize: HUBSPOT_SEARCH_MAX_LIMIT, deletions: "listed", checkpointTtlMs: HUBSPOT_ARCHIVE_RETENTION_MS, maxResultsPerQuery: HUBSPOT_SEARCH_CAP },
        create: { batch },
        update: { batch },
        upsert: { matchKey: "email", atomic: true, batch },
        delete: { batch },
        describeFields: true,
        createField: true,
      },
      defaultMapping: hubspotContactsMapping,
      limitations: [
        "Marketing consent (hs_email_optout) and the original source are read-only: Switchboard reads them but cannot change them.",
        "HubSpot has no tags on contacts.",
        "Deleted contacts are reported for 90 days; after that only a full resync finds them.",
      ],
    },
  ],
  rateLimit: {
    requests: 110,
    perMs: 10_000,
    concurrency: 5,
    defaultRetryAfterMs: 10_000,
    parseHeaders: parseHubspotRateLimit,
    notes: "OAuth apps: 110 requests / 10 s per account; private apps 100-190 / 10 s and a daily cap; search about 5 / s.",
  },
  webhook: {
    scheme: "HubSpot signature v3 (HMAC-SHA256 with the app's client secret)",
    registration: "app",
    setup: "app",
    events: ["contact.creation", "contact.propertyChange", "contact.deletion", "contact.merge", "contact.restore"],
  },
  setupInstructions: [
    "**OAuth (recommended):** click *Connect* and approve Switchboard in HubSpot. Switchboard asks for",
    "`crm.objects.contacts.read`/`.write` and `crm.schemas.contacts.read`/`.write` (to list and create properties).",
    "",
    "**Private app:** in HubSpot go to *Settings → Integrations → Private apps*, create an app with the",
    "contact and contact-schema read and write scopes, and paste its access token here.",
    "",
    "Webhooks are configured once for Switchboard's HubSpot app; changes in HubSpot arrive within seconds",
    "and a scheduled pull catches anything missed.",
  ].join("\n"),
  createClient: (ctx) => createHubspotClient(ctx),
  webhookHandler: hubspotWebhook,
};
