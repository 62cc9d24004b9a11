// Salesforce (REST API): OAuth2 web-server flow; Lead and Contact sObjects with describe, sObject
// Collections batches, SOQL incremental pulls, getDeleted deletions and outbound-message notifications.
import { oauthCredentialsSchema, sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import type { ObjectCapabilities, ObjectSpec } from "@/lib/integrations/object-contract";
import {
  createSalesforceClient,
  SALESFORCE_API_VERSION,
  SALESFORCE_COLLECTION_MAX,
  SALESFORCE_DELETED_RETENTION_MS,
  SALESFORCE_QUERY_MAX,
  SALESFORCE_RETRIEVE_MAX,
  salesforceClassifyError,
} from "@/lib/integrations/salesforce/client";
import { salesforceContactMapping, salesforceLeadMapping } from "@/lib/integrations/salesforce/map";
import { parseSalesforceRateLimit } from "@/lib/integrations/salesforce/rate-limit-headers";
import { salesforceConfigSchema, type SalesforceConfig, type SalesforceCredentials } from "@/lib/integrations/salesforce/settings";
import { salesforceWebhook } from "@/lib/integrations/salesforce/webhook";

const loginHost = (input: { environment: "live" | "sandbox"; appUrl: string; config: { loginDomain?: string } }) => {
  if (input.environment === "sandbox") return sandboxBaseUrl(input.appUrl, "salesforce");
  // A Salesforce *sandbox org* logs in at test.salesforce.com; My Domain hosts work too.
  return `https://${input.config.loginDomain || "login.salesforce.com"}`;
};

const batch = { batchSize: SALESFORCE_COLLECTION_MAX };
const capabilities: ObjectCapabilities = {
  get: true,
  getMany: { batchSize: SALESFORCE_RETRIEVE_MAX },
  listAll: { maxPageSize: SALESFORCE_QUERY_MAX },
  listChanged: { maxPageSize: SALESFORCE_QUERY_MAX, deletions: "listed", checkpointTtlMs: SALESFORCE_DELETED_RETENTION_MS },
  create: { batch },
  update: { batch },
  upsert: { matchKey: "Email", atomic: false, batch },
  delete: { batch },
  describeFields: true,
};
const limitations = [
  "Custom fields cannot be created from Switchboard (Salesforce needs the Metadata API and an admin); create them in Setup.",
  "There is no upsert by e-mail: Switchboard looks the e-mail up, then creates or updates.",
  "Deletions are reported for 30 days (getDeleted); after that only a full resync finds them.",
];

const leadSpec: ObjectSpec = { name: "Lead", hubObject: "contacts", label: "Leads", capabilities, defaultMapping: salesforceLeadMapping, limitations };
const contactSpec: ObjectSpec = {
  name: "Contact",
  hubObject: "contacts",
  label: "Contacts",
  capabilities,
  defaultMapping: salesforceContactMapping,
  limitations: [...limitations, "A Contact's company is its Account (a lookup): Switchboard does not create Accounts."],
};

export const salesforce: ProviderDefinition<SalesforceConfig, SalesforceCredentials> = {
  contract: 2,
  slug: "salesforce",
  name: "Salesforce",
  category: "crm",
  description: "Sync Salesforce Leads and Contacts: SOQL incremental pulls, batch writes, field discovery and outbound-message notifications.",
  logo: "/integrations/salesforce.svg",
  authKinds: ["oauth2"],
  configSchema: salesforceConfigSchema,
  credentialsSchema: { oauth2: oauthCredentialsSchema },
  oauth2: {
    authorizeUrl: (i) => `${loginHost(i)}/services/oauth2/authorize`,
    tokenUrl: (i) => `${loginHost(i)}/services/oauth2/token`,
    revokeUrl: (i) => `${loginHost(i)}/services/oauth2/revoke`,
    scopes: ["api", "refresh_token"],
    scopeSeparator: " ",
    pkce: true,
    clientAuth: "body",
    metadataFromTokenResponse: ["instance_url", "id"],
    // Rotation is a per-connected-app option, off by default; when on, the new token is kept anyway.
    refreshTokenRotates: false,
    // The token response has no expires_in: the session timeout (2 h by default) applies, and an admin can
    // shorten it, so a 401 INVALID_SESSION_ID triggers one refresh and retry (ConnectionContext.request).
    defaultAccessTokenTtlSeconds: 7200,
    refreshOn401: true,
  },
  apiBaseUrl: ({ environment, appUrl, metadata }) => {
    const instance = metadata.instance_url ?? (environment === "sandbox" ? sandboxBaseUrl(appUrl, "salesforce") : null);
    if (!instance) return "https://login.salesforce.com/services/data/" + SALESFORCE_API_VERSION;
    return `${instance.replace(/\/$/, "")}/services/data/${SALESFORCE_API_VERSION}`;
  },
  objects: [leadSpec, contactSpec],
  // Both hold hub contacts; a connection syncs the one its "Sync object" setting names, so that one comes first.
  objectsFor: (config) => (config.sobject === "Contact" ? [contactSpec, leadSpec] : [leadSpec, contactSpec]),
  rateLimit: {
    requests: 25,
    perMs: 1000,
    daily: 100_000,
    concurrency: 10,
    // Over the daily org quota Salesforce answers 403 REQUEST_LIMIT_EXCEEDED with no Retry-After.
    defaultRetryAfterMs: 15 * 60_000,
    parseHeaders: parseSalesforceRateLimit,
    notes: "Daily org quota (edition-based, e.g. 100,000 + 1,000 per licence); Sforce-Limit-Info reports usage.",
  },
  webhook: {
    scheme: "Outbound Messages (per-connection secret in the URL, org id checked)",
    registration: "manual",
    setup: "url-secret",
    events: ["Lead", "Contact"],
  },
  setupInstructions: [
    "Click *Connect* and log in to Salesforce; Switchboard asks for the `api` and `refresh_token` scopes.",
    "",
    "**Real-time changes (optional):** in Setup, create a Flow (record-triggered, on create or update of",
    "Lead/Contact) with an **Outbound Message** action whose *Endpoint URL* is the webhook URL shown below",
    "(it contains this connection's secret). Include Id, CreatedDate, LastModifiedDate and SystemModstamp;",
    "Switchboard reads the rest of the record itself. Without it, Switchboard polls SystemModstamp on a schedule.",
  ].join("\n"),
  classifyError: salesforceClassifyError,
  createClient: (ctx) => createSalesforceClient(ctx),
  webhookHandler: salesforceWebhook,
};
