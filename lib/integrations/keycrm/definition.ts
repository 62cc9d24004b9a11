// KeyCRM: Bearer API key; buyers (contacts), orders (status, payments, shipping tracking) and offers
// (price, stock). Webhooks come from trigger automations the user sets up, unsigned, so the URL carries
// a secret.
import { sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import { KEYCRM_PAGE_MAX, createKeycrmClient } from "@/lib/integrations/keycrm/client";
import { keycrmBuyersMapping, keycrmOffersMapping, keycrmOrdersMapping } from "@/lib/integrations/keycrm/map";
import { keycrmConfigSchema, keycrmCredentialsSchema, type KeycrmConfig, type KeycrmCredentials } from "@/lib/integrations/keycrm/settings";
import { keycrmEventNames, keycrmWebhook } from "@/lib/integrations/keycrm/webhook";

const page = { maxPageSize: KEYCRM_PAGE_MAX };
const changed = { maxPageSize: KEYCRM_PAGE_MAX, deletions: "none" } as const;

export const keycrm: ProviderDefinition<KeycrmConfig, KeycrmCredentials> = {
  contract: 2,
  slug: "keycrm",
  name: "KeyCRM",
  category: "ecommerce",
  description: "Sync buyers with KeyCRM, pull and update orders (status, payments, tracking), and read and set offers' stock and prices.",
  logo: "/integrations/keycrm.svg",
  authKinds: ["api_key"],
  configSchema: keycrmConfigSchema,
  credentialsSchema: { api_key: keycrmCredentialsSchema },
  apiBaseUrl: ({ environment, appUrl }) => (environment === "live" ? "https://openapi.keycrm.app/v1" : `${sandboxBaseUrl(appUrl, "keycrm")}/v1`),
  objects: [
    {
      name: "buyers",
      hubObject: "contacts",
      label: "Buyers",
      capabilities: { get: true, listAll: page, listChanged: changed, create: {}, update: {}, upsert: { matchKey: "email", atomic: false }, describeFields: true },
      defaultMapping: keycrmBuyersMapping,
      limitations: [
        "KeyCRM's API cannot delete buyers, and reports no deletions: a buyer deleted in KeyCRM stays linked until a full resync.",
        "KeyCRM keeps one full name: first and last name are split at the first space and joined on write.",
        "No upsert in KeyCRM: Switchboard looks the buyer up by e-mail, then creates or updates it.",
        "Custom fields can be read and written, not created, through the API.",
      ],
    },
    {
      name: "orders",
      hubObject: "orders",
      label: "Orders",
      capabilities: { get: true, listAll: page, listChanged: changed, create: {}, update: {}, describeFields: true },
      defaultMapping: keycrmOrdersMapping,
      limitations: [
        "Orders cannot be deleted through KeyCRM's API, and deletions are not reported.",
        "Status and payment status are read; a status is written as the account's own status id (status_id).",
        "Payments are read as KeyCRM lists them (the payment status is mapped; payment lines are not).",
      ],
    },
    {
      name: "offers",
      hubObject: "products",
      label: "Offers (price, stock)",
      capabilities: { get: true, listAll: page, update: { batch: { batchSize: KEYCRM_PAGE_MAX } }, describeFields: true },
      defaultMapping: keycrmOffersMapping,
      limitations: [
        "Offers carry no change time: every pull reads them all.",
        "Offers are created with their product in KeyCRM: Switchboard updates the price, purchase price and stock of offers it has linked (by SKU), and creates none.",
        "Stock is written to the warehouse set in the connection's settings (PUT /offers/stocks); without one, stock is read only. Stock read back is the offer's total over all warehouses.",
      ],
    },
  ],
  rateLimit: {
    requests: 60,
    perMs: 60_000,
    concurrency: 1,
    defaultRetryAfterMs: 60_000,
    notes: "Up to 60 requests per minute per IP per API key (official docs; one third party says 20). Back off on 429.",
  },
  webhook: { scheme: "url-secret", registration: "manual", setup: "url-secret", events: keycrmEventNames },
  setupInstructions: [
    "1. In KeyCRM open *Settings → General* and copy the **API key** (only the account owner can see it).",
    "2. To get order changes at once, open *Settings → Automation*, add a trigger on order status (and/or",
    "   payment status) change with the action **Send Webhook** (method POST), and paste the webhook URL",
    "   Switchboard shows for this connection. The URL carries a secret: KeyCRM does not sign webhooks.",
    "3. To send stock counts to KeyCRM, enter the id of the warehouse they belong to in the connection's",
    "   settings (*Storage → Warehouses*: the number in the warehouse's address).",
    "",
    "Buyers and orders are also pulled every few minutes (by their change time); offers are read in full.",
    "KeyCRM's API cannot delete buyers or orders.",
  ].join("\n"),
  createClient: (ctx) => createKeycrmClient(ctx),
  webhookHandler: keycrmWebhook,
};
