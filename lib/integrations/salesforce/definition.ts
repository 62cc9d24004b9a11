// Salesforce (REST API): OAuth2 web-server flow; Lead and Contact sObjects.
import { z } from "zod";
import { oauthCredentialsSchema, sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import { createSalesforceClient, SALESFORCE_API_VERSION, salesforceClassifyError } from "@/lib/integrations/salesforce/client";
import { salesforceWebhook } from "@/lib/integrations/salesforce/webhook";

const loginHost = (input: { environment: "live" | "sandbox"; appUrl: string; config: Record<string, unknown> }) => {
  if (input.environment === "sandbox") return sandboxBaseUrl(input.appUrl, "salesforce");
  // A Salesforce *sandbox org* logs in at test.salesforce.com; My Domain hosts work too.
  const domain = typeof input.config.loginDomain === "string" && input.config.loginDomain ? input.config.loginDomain : "login.salesforce.com";
  return `https://${domain}`;
};

export const salesforce: ProviderDefinition = {
  slug: "salesforce",
  name: "Salesforce",
  category: "crm",
  description: "Sync Salesforce Leads or Contacts: SOQL incremental pulls, REST writes and outbound-message notifications.",
  logo: "/integrations/salesforce.svg",
  authKinds: ["oauth2"],
  configSchema: z.object({
    sobject: z.enum(["Lead", "Contact"]).default("Lead").meta({ title: "Sync object", description: "Which Salesforce object holds your contacts." }),
    loginDomain: z
      .string()
      .regex(/^[a-z0-9.-]+\.salesforce\.com$/i, "Use login.salesforce.com, test.salesforce.com or <MyDomain>.my.salesforce.com")
      .default("login.salesforce.com")
      .meta({ title: "Login domain", description: "login.salesforce.com for production orgs, test.salesforce.com for Salesforce sandbox orgs." }),
  }),
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
    // The token response has no expires_in: the session timeout (2 h by default) applies.
    defaultAccessTokenTtlSeconds: 7200,
    refreshOn401: true,
  },
  apiBaseUrl: ({ environment, appUrl, metadata }) => {
    const instance = metadata.instance_url ?? (environment === "sandbox" ? sandboxBaseUrl(appUrl, "salesforce") : null);
    if (!instance) return "https://login.salesforce.com/services/data/" + SALESFORCE_API_VERSION;
    return `${instance.replace(/\/$/, "")}/services/data/${SALESFORCE_API_VERSION}`;
  },
  objects: [
    { name: "Lead", hubObject: "lead", label: "Leads", push: true, pull: true, incremental: "poll", maxPageSize: 2000 },
    { name: "Contact", hubObject: "contact", label: "Contacts", push: true, pull: true, incremental: "poll", maxPageSize: 2000 },
  ],
  rateLimit: {
    requests: 25,
    perMs: 1000,
    daily: 100_000,
    concurrency: 10,
    // Over the daily org quota Salesforce answers 403 REQUEST_LIMIT_EXCEEDED with no Retry-After.
    defaultRetryAfterMs: 15 * 60_000,
    notes: "Daily org quota (edition-based, e.g. 100,000 + 1,000 per licence); Sforce-Limit-Info reports usage.",
  },
  webhook: {
    scheme: "url-secret",
    registration: "manual",
    events: ["Lead", "Contact"],
  },
  setupInstructions: [
    "Click *Connect* and log in to Salesforce; Switchboard asks for the `api` and `refresh_token` scopes.",
    "",
    "**Real-time changes (optional):** in Setup, create a Flow (record-triggered, on create or update of",
    "Lead/Contact) with an **Outbound Message** action whose *Endpoint URL* is the webhook URL shown below",
    "(it contains this connection's secret). Include Id, FirstName, LastName, Email, Phone, Company/AccountId,",
    "Status, OwnerId and SystemModstamp. Without it, Switchboard polls SystemModstamp on a schedule.",
  ].join("\n"),
  classifyError: salesforceClassifyError,
  createClient: (ctx) => createSalesforceClient(ctx),
  webhookHandler: salesforceWebhook,
};
