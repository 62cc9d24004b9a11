// ActiveCampaign (API v3): API token + account URL; contacts with tags (added and removed), custom field
// values (fields can be listed and created), list consent and bulk import. Webhooks carry no signature,
// so the registered URL holds a per-connection secret.
import { sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import { AC_IMPORT_BATCH, AC_PAGE_MAX, createActiveCampaignClient } from "@/lib/integrations/activecampaign/client";
import { classifyActiveCampaignError } from "@/lib/integrations/activecampaign/errors";
import { activecampaignContactsMapping } from "@/lib/integrations/activecampaign/map";
import {
  activecampaignConfigSchema,
  activecampaignCredentialsSchema,
  type ActiveCampaignConfig,
  type ActiveCampaignCredentials,
} from "@/lib/integrations/activecampaign/settings";
import { activecampaignWebhook, subscribedEvents } from "@/lib/integrations/activecampaign/webhook";

export const activecampaign: ProviderDefinition<ActiveCampaignConfig, ActiveCampaignCredentials> = {
  contract: 2,
  slug: "activecampaign",
  name: "ActiveCampaign",
  category: "marketing",
  description: "Sync contacts, tags, custom fields and list consent with ActiveCampaign.",
  logo: "/integrations/activecampaign.svg",
  authKinds: ["api_key"],
  configSchema: activecampaignConfigSchema,
  credentialsSchema: { api_key: activecampaignCredentialsSchema },
  apiBaseUrl: ({ environment, appUrl, config }) =>
    environment === "live" ? `${config.accountUrl.replace(/\/+$/, "")}/api/3` : `${sandboxBaseUrl(appUrl, "activecampaign")}/api/3`,
  authHeader: (token) => ({ "Api-Token": token }),
  objects: [
    {
      name: "contacts",
      hubObject: "contacts",
      label: "Contacts",
      capabilities: {
        get: true,
        listAll: { maxPageSize: AC_PAGE_MAX },
        listChanged: { maxPageSize: AC_PAGE_MAX, deletions: "none" },
        create: {},
        update: {},
        upsert: { matchKey: "email", atomic: true, batch: { batchSize: AC_IMPORT_BATCH } },
        delete: {},
        describeFields: true,
        createField: true,
      },
      defaultMapping: activecampaignContactsMapping,
      limitations: [
        "ActiveCampaign reports no deletions (no listing, no webhook): only a full resync finds deleted contacts.",
        "Contacts have no owner, lead status or source in ActiveCampaign; the account (company) name is read only.",
        "Consent is the status on one list, chosen in the connection settings; without it consent is not synced.",
        "Each listed contact costs one more request for its tags and custom fields (5 requests per second per account).",
        "Batch writes use the Bulk Contact Importer (250 per request, asynchronous); there is no batch create, update or delete.",
      ],
    },
  ],
  rateLimit: {
    requests: 5,
    perMs: 1_000,
    concurrency: 1,
    defaultRetryAfterMs: 1_000,
    notes: "5 requests per second per account, shared by every key; no rate-limit headers are documented. Bulk import: 100 requests per minute.",
  },
  webhook: { scheme: "url-secret", registration: "api", setup: "registered", events: subscribedEvents },
  setupInstructions: [
    "In ActiveCampaign open *Settings → Developer*. Copy the **API URL** (https://youraccount.api-us1.com)",
    "and the **API key** into the form. Keys belong to a user: use a user who can see every contact.",
    "",
    "Optionally give the id of the list whose subscription status should count as the contact's consent.",
    "",
    "Switchboard registers its webhook (contact updates, subscribes, unsubscribes and tag changes) through",
    "the API; the webhook URL carries a secret, because ActiveCampaign does not sign its webhooks.",
    "ActiveCampaign has no webhook for deleted contacts; a scheduled pull catches everything else.",
  ].join("\n"),
  classifyError: classifyActiveCampaignError,
  createClient: (ctx) => createActiveCampaignClient(ctx),
  webhookHandler: activecampaignWebhook,
};
