// HubSpot (CRM v3): OAuth2 public app or private-app token; contacts.
import { z } from "zod";
import { oauthCredentialsSchema, sandboxBaseUrl, secretField, type ProviderDefinition } from "@/lib/integrations/types";
import { createHubspotClient } from "@/lib/integrations/hubspot/client";
import { hubspotWebhook } from "@/lib/integrations/hubspot/webhook";

export const HUBSPOT_SCOPES = ["crm.objects.contacts.read", "crm.objects.contacts.write", "oauth"] as const;

const live = (environment: "live" | "sandbox") => environment === "live";

export const hubspot: ProviderDefinition = {
  slug: "hubspot",
  name: "HubSpot",
  category: "crm",
  description: "Sync contacts with HubSpot CRM: batch upserts by e-mail, incremental search and signed webhooks.",
  logo: "/integrations/hubspot.svg",
  authKinds: ["oauth2", "api_key"],
  configSchema: z.object({}),
  credentialsSchema: {
    oauth2: oauthCredentialsSchema,
    api_key: z.object({
      accessToken: secretField(
        "Private app access token",
        "Settings -> Integrations -> Private apps -> your app -> Access token (needs crm.objects.contacts.read and .write).",
        "pat-na1-…",
      ),
    }),
  },
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
    refreshTokenRotates: false,
    defaultAccessTokenTtlSeconds: 1800,
  },
  apiBaseUrl: ({ environment, appUrl }) => (live(environment) ? "https://api.hubapi.com" : sandboxBaseUrl(appUrl, "hubspot")),
  objects: [
    { name: "contacts", hubObject: "contact", label: "Contacts", push: true, pull: true, incremental: "poll", maxPageSize: 200 },
  ],
  rateLimit: {
    requests: 110,
    perMs: 10_000,
    concurrency: 5,
    defaultRetryAfterMs: 10_000,
    notes: "OAuth apps: 110 requests / 10 s per account; private apps 100-190 / 10 s and a daily cap; search about 5 / s.",
  },
  webhook: {
    scheme: "hubspot-v3",
    registration: "app",
    events: ["contact.creation", "contact.propertyChange", "contact.deletion", "contact.merge", "contact.restore"],
    routingMetadataKey: "hub_id",
  },
  setupInstructions: [
    "**OAuth (recommended):** click *Connect* and approve Switchboard in HubSpot. Switchboard asks for",
    "`crm.objects.contacts.read` and `crm.objects.contacts.write`.",
    "",
    "**Private app:** in HubSpot go to *Settings → Integrations → Private apps*, create an app with the",
    "contact read and write scopes, and paste its access token here.",
    "",
    "Webhooks are configured once for Switchboard's HubSpot app; changes in HubSpot arrive within seconds",
    "and a scheduled pull catches anything missed.",
  ].join("\n"),
  createClient: (ctx) => createHubspotClient(ctx),
  webhookHandler: hubspotWebhook,
};
