// Pipedrive: OAuth2 (the instance host comes back as `api_domain`) or a personal API token; persons.
import { z } from "zod";
import { oauthCredentialsSchema, sandboxBaseUrl, secretField, type ProviderDefinitionV1 } from "@/lib/integrations/types";
import { createPipedriveClient, PIPEDRIVE_PAGE_MAX } from "@/lib/integrations/pipedrive/client";
import { classifyPipedriveError } from "@/lib/integrations/pipedrive/errors";
import { pipedriveWebhook } from "@/lib/integrations/pipedrive/webhook";
import { parsePipedriveRateLimit } from "@/lib/integrations/pipedrive/rate-limit-headers";

const SLUG = "pipedrive";
const OAUTH_HOST = "https://oauth.pipedrive.com";

const live = (environment: "live" | "sandbox") => environment === "live";

/** `https://<company>.pipedrive.com`: from OAuth's api_domain, or the company domain entered with an API token. */
function liveBaseUrl(config: Record<string, unknown>, metadata: Record<string, string>): string {
  const apiDomain = metadata["api_domain"];
  if (apiDomain) return apiDomain.replace(/\/+$/, "");
  const company = typeof config["companyDomain"] === "string" ? config["companyDomain"] : "";
  return company ? `https://${company}.pipedrive.com` : "https://api.pipedrive.com";
}

export const pipedrive: ProviderDefinitionV1 = {
  slug: SLUG,
  name: "Pipedrive",
  category: "crm",
  description: "Sync people with Pipedrive: e-mail matching, incremental pulls on update_time and person webhooks.",
  logo: "/integrations/pipedrive.svg",
  authKinds: ["oauth2", "api_key"],
  configSchema: z.object({
    companyDomain: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]+$/i, "Only the part before .pipedrive.com")
      .optional()
      .meta({
        title: "Company domain",
        description: "With an API token: `yourcompany` from yourcompany.pipedrive.com. OAuth connections learn it automatically.",
        placeholder: "yourcompany",
      }),
  }),
  credentialsSchema: {
    oauth2: oauthCredentialsSchema,
    api_key: z.object({
      apiToken: secretField("API token", "Pipedrive -> your name (top right) -> Personal preferences -> API -> Your personal API token."),
    }),
  },
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
  objects: [
    { name: "persons", hubObject: "contact", label: "People", push: true, pull: true, incremental: "poll", maxPageSize: PIPEDRIVE_PAGE_MAX },
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
    scheme: "basic-auth",
    registration: "api",
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
    "scheduled pull on `update_time` catches anything a webhook missed.",
  ].join("\n"),
  classifyError: classifyPipedriveError,
  createClient: (ctx) => createPipedriveClient(ctx),
  webhookHandler: pipedriveWebhook,
};
