// GoHighLevel (LeadConnector API v2): OAuth2 sub-account (location) tokens or a Private Integration
// Token; contacts (custom fields, upsert, incremental search), opportunities (the lead status),
// appointments, calendars and block slots; free slots are a calendar query on the client.
import { oauthCredentialsSchema, sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import {
  createGhlClient,
  GHL_APPOINTMENT_PAGE_MAX,
  GHL_OPPORTUNITY_PAGE_MAX,
  GHL_SEARCH_PAGE_MAX,
} from "@/lib/integrations/gohighlevel/client";
import {
  gohighlevelAppointmentsMapping,
  gohighlevelBlockSlotsMapping,
  gohighlevelCalendarsMapping,
  gohighlevelContactsMapping,
  gohighlevelOpportunitiesMapping,
} from "@/lib/integrations/gohighlevel/map";
import { gohighlevelConfigSchema, gohighlevelPitSchema, type GohighlevelConfig, type GohighlevelCredentials } from "@/lib/integrations/gohighlevel/settings";
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
  "locations/customFields.readonly",
  "locations/customFields.write",
] as const;

const live = (environment: "live" | "sandbox") => environment === "live";

export const gohighlevel: ProviderDefinition<GohighlevelConfig, GohighlevelCredentials> = {
  contract: 2,
  slug: SLUG,
  name: "GoHighLevel",
  category: "crm",
  description: "Sync contacts, lead status (opportunities) and appointments with a GoHighLevel sub-account.",
  logo: "/integrations/gohighlevel.svg",
  authKinds: ["oauth2", "api_key"],
  configSchema: gohighlevelConfigSchema,
  credentialsSchema: { oauth2: oauthCredentialsSchema, api_key: gohighlevelPitSchema },
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
    {
      name: "contacts",
      hubObject: "contacts",
      label: "Contacts",
      capabilities: {
        get: true,
        listAll: { maxPageSize: GHL_SEARCH_PAGE_MAX },
        listChanged: { maxPageSize: GHL_SEARCH_PAGE_MAX, deletions: "webhook" },
        create: {},
        update: {},
        upsert: { matchKey: "email", atomic: true },
        delete: {},
        describeFields: true,
        createField: true,
      },
      defaultMapping: gohighlevelContactsMapping,
      limitations: [
        "GoHighLevel has no batch endpoints for contacts: every write is one request (100 requests per 10 s per location).",
        "Deleted contacts are reported only by ContactDelete webhooks (OAuth installs); with a Private Integration Token only a full resync finds them.",
        "The lead status is the status of the contact's most recently changed opportunity: it is read on single-contact reads and opportunity webhooks, not in bulk pulls; setting it moves that opportunity (a contact without an opportunity has none).",
        "Upsert matches per the location's \"Allow Duplicate Contact\" setting (e-mail, then phone).",
        "Search results can lag changes by a few seconds (GoHighLevel's own note on advanced search).",
      ],
    },
    {
      name: "opportunities",
      hubObject: "opportunities",
      label: "Opportunities",
      capabilities: { get: true, listAll: { maxPageSize: GHL_OPPORTUNITY_PAGE_MAX }, create: {}, update: {}, delete: {} },
      defaultMapping: gohighlevelOpportunitiesMapping,
      limitations: [
        "GoHighLevel cannot list opportunities changed since a time: changes and deletions arrive by webhook, and a full pull reads them all.",
        "Opportunity custom fields are not offered.",
      ],
    },
    {
      name: "appointments",
      hubObject: "appointments",
      label: "Appointments",
      capabilities: { get: true, listChanged: { maxPageSize: GHL_APPOINTMENT_PAGE_MAX, deletions: "webhook" }, create: {}, update: {}, delete: {} },
      defaultMapping: gohighlevelAppointmentsMapping,
      limitations: [
        "GoHighLevel lists appointments by start time: pulls read appointments starting from 30 days ago to 90 days ahead, on the configured calendar or every calendar.",
        "Deleted appointments are reported only by AppointmentDelete webhooks.",
      ],
    },
    {
      name: "calendars",
      hubObject: "calendars",
      label: "Calendars",
      capabilities: { get: true, listAll: { maxPageSize: 100 } },
      defaultMapping: gohighlevelCalendarsMapping,
      limitations: ["Calendars are read-only here. Free slots are a query on a calendar (the client's freeSlots), not records."],
    },
    {
      name: "block_slots",
      hubObject: "appointments",
      label: "Blocked time (block slots)",
      capabilities: { create: {}, update: {}, delete: {} },
      defaultMapping: gohighlevelBlockSlotsMapping,
      limitations: [
        "Block slots can be created, moved and removed but not read back one by one or listed as changed: GoHighLevel's API has no such endpoints.",
        "A block slot takes either a calendar or a user, not both.",
      ],
    },
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
    scheme: "GoHighLevel X-GHL-Signature (Ed25519 over the raw body; legacy X-WH-Signature RSA-SHA256)",
    registration: "app",
    setup: "app",
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
  },
  setupInstructions: [
    "**OAuth (recommended):** click *Connect*, choose the sub-account (location) and approve Switchboard.",
    "The location is read from the token response.",
    "",
    "**Private Integration Token:** in the sub-account go to *Settings → Private Integrations*, create one",
    "with the contacts, opportunities, calendars and custom-field scopes, and paste the token together with the",
    "*Location ID* (Settings → Business Profile).",
    "",
    "Webhooks come from Switchboard's Marketplace app (Ed25519-signed `X-GHL-Signature`) for OAuth",
    "installs; with a Private Integration Token changes are found by the scheduled pull.",
  ].join("\n"),
  classifyError: classifyGhlError,
  createClient: (ctx) => createGhlClient(ctx),
  webhookHandler: gohighlevelWebhook,
};
