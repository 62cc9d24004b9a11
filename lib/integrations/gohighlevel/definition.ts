// GoHighLevel (LeadConnector API v2): OAuth2 sub-account (location) tokens or a Private Integration
// Token; contacts, opportunities (lead status), appointments, calendar slots.
import { z } from "zod";
import { oauthCredentialsSchema, sandboxBaseUrl, secretField, type ProviderDefinitionV1 } from "@/lib/integrations/types";
import { createGhlClient } from "@/lib/integrations/gohighlevel/client";
import { classifyGhlError } from "@/lib/integrations/gohighlevel/errors";
import { gohighlevelWebhook } from "@/lib/integrations/gohighlevel/webhook";
import { parseGhlRateLimit } from "@/lib/integrations/gohighlevel/rate-limit-headers";

const SLUG = "gohighlevel";

export const GHL_SCOPES = [
  "contacts.readonly",
  "contacts.write",
  "opportunities.readonly",
  "opportunities.write",
  "calendars.readonly",
  "calendars/events.readonly",
  "calendars/events.write",
] as const;

const live = (environment: "live" | "sandbox") => environment === "live";

export const gohighlevel: ProviderDefinitionV1 = {
  slug: SLUG,
  name: "GoHighLevel",
  category: "crm",
  description: "Sync contacts, lead status (opportunities) and appointments with a GoHighLevel sub-account.",
  logo: "/integrations/gohighlevel.svg",
  authKinds: ["oauth2", "api_key"],
  configSchema: z.object({
    locationId: z
      .string()
      .trim()
      .min(1)
      .optional()
      .meta({
        title: "Location (sub-account) id",
        description: "Required with a Private Integration Token: Settings -> Business Profile -> Location ID. OAuth installs fill it in.",
      }),
    calendarId: z
      .string()
      .trim()
      .min(1)
      .optional()
      .meta({ title: "Calendar id", description: "The calendar whose appointments Switchboard reads (optional)." }),
  }),
  credentialsSchema: {
    oauth2: oauthCredentialsSchema,
    api_key: z.object({
      privateIntegrationToken: secretField(
        "Private Integration Token",
        "Sub-account Settings -> Private Integrations -> Create; grant contacts, opportunities and calendars scopes.",
        "pit-…",
      ),
    }),
  },
  oauth2: {
    authorizeUrl: ({ environment, appUrl }) =>
      live(environment)
        ? "https://marketplace.gohighlevel.com/v2/oauth/chooselocation"
        : `${sandboxBaseUrl(appUrl, SLUG)}/v2/oauth/chooselocation`,
    tokenUrl: ({ environment, appUrl }) =>
      live(environment) ? "https://services.leadconnectorhq.com/oauth/token" : `${sandboxBaseUrl(appUrl, SLUG)}/oauth/token`,
    scopes: GHL_SCOPES,
    scopeSeparator: " ",
    // GHL documents no PKCE and its token DTO lists no code_verifier; sending unknown fields risks a 422
    pkce: false,
    clientAuth: "body",
    metadataFromTokenResponse: ["locationId", "companyId", "userType", "userId"],
    // access tokens last a day; each refresh returns a new refresh token and retires the old one
    refreshTokenRotates: true,
    refreshOn401: true,
  },
  apiBaseUrl: ({ environment, appUrl }) => (live(environment) ? "https://services.leadconnectorhq.com" : sandboxBaseUrl(appUrl, SLUG)),
  objects: [
    { name: "contacts", hubObject: "contact", label: "Contacts", push: true, pull: true, incremental: "poll", maxPageSize: 100 },
    { name: "opportunities", hubObject: "opportunity", label: "Opportunities (lead status)", push: true, pull: false, incremental: "webhook" },
    { name: "appointments", hubObject: "appointment", label: "Appointments", push: false, pull: true, incremental: "poll" },
  ],
  rateLimit: {
    parseHeaders: parseGhlRateLimit,
    requests: 100,
    perMs: 10_000,
    daily: 200_000,
    concurrency: 5,
    defaultRetryAfterMs: 10_000,
    notes: "100 requests per 10 s burst and 200,000 per day, per app per location (X-RateLimit-* headers).",
  },
  webhook: {
    scheme: "ghl-ed25519",
    registration: "app",
    events: [
      "ContactCreate",
      "ContactUpdate",
      "ContactDelete",
      "ContactTagUpdate",
      "ContactDndUpdate",
      "OpportunityCreate",
      "OpportunityUpdate",
      "OpportunityDelete",
      "OpportunityStatusUpdate",
      "AppointmentCreate",
      "AppointmentUpdate",
      "AppointmentDelete",
    ],
    routingMetadataKey: "locationId",
  },
  setupInstructions: [
    "**OAuth (recommended):** click *Connect*, choose the sub-account (location) and approve Switchboard.",
    "The location is read from the token response.",
    "",
    "**Private Integration Token:** in the sub-account go to *Settings → Private Integrations*, create one",
    "with the contacts, opportunities and calendars scopes, and paste the token together with the",
    "*Location ID* (Settings → Business Profile).",
    "",
    "Webhooks come from Switchboard's Marketplace app (Ed25519-signed `X-GHL-Signature`) for OAuth",
    "installs; with a Private Integration Token changes are found by the scheduled pull.",
  ].join("\n"),
  classifyError: classifyGhlError,
  createClient: (ctx) => createGhlClient(ctx),
  webhookHandler: gohighlevelWebhook,
};
